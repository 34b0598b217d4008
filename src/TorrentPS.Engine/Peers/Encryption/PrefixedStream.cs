using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers.Encryption
{
    /// <summary>
    /// A connection's stream with bytes already taken from it put back in front: what the incoming handshake read
    /// to tell a plaintext peer from an encrypted one, or the BitTorrent handshake an encrypted one sent inside its
    /// own. Reads drain the prefix first; writes and everything else go to the inner stream, which it owns.
    /// </summary>
    internal sealed class PrefixedStream : Stream
    {
        private readonly Stream _inner;
        private readonly byte[] _prefix;
        private int _prefixRead;

        public PrefixedStream(Stream inner, byte[] prefix)
        {
            _inner = inner;
            _prefix = prefix;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => _inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            TakePrefix(buffer.AsSpan(offset, count)) is int n and > 0 ? n : _inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            TakePrefix(buffer.AsSpan(offset, count)) is int n and > 0 ? Task.FromResult(n) : _inner.ReadAsync(buffer, offset, count, cancellationToken);

#if NET8_0_OR_GREATER
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            TakePrefix(buffer.Span) is int n and > 0 ? new ValueTask<int>(n) : _inner.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.WriteAsync(buffer, cancellationToken);
#endif

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int TakePrefix(Span<byte> destination)
        {
            int n = Math.Min(destination.Length, _prefix.Length - _prefixRead);
            if (n <= 0)
            {
                return 0;
            }

            _prefix.AsSpan(_prefixRead, n).CopyTo(destination);
            _prefixRead += n;
            return n;
        }
    }
}
