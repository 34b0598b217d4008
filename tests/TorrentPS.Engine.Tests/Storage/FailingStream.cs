namespace TorrentPS.Engine.Tests.Storage;

/// <summary>
/// A real file stream that accepts <c>allowedBytes</c> of writes and then fails the way a full disk does
/// (an IOException carrying ENOSPC, as .NET reports it on Unix), after writing what still fitted.
/// <c>flushed</c> hears every flush, so tests can see which files were flushed.
/// </summary>
internal sealed class FailingStream(FileStream inner, long allowedBytes, Action? flushed = null) : Stream
{
    public const int NoSpaceErrno = 28;

    private long _written;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override void Flush()
    {
        inner.Flush(flushToDisk: true);
        flushed?.Invoke();
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count)
    {
        long room = Math.Max(0, allowedBytes - _written);
        int fits = (int)Math.Min(room, count);
        inner.Write(buffer, offset, fits);
        _written += fits;
        if (fits < count)
        {
            throw new IOException($"No space left on device : '{inner.Name}'", NoSpaceErrno);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
