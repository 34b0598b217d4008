using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using TorrentPS.Storage;

namespace TorrentPS.Benchmarks;

/// <summary>
/// Writing downloaded data into a 64 MiB file under /tmp (the page cache: this measures the engine's cost
/// per write, not the disk). The session assembles a piece in memory and TorrentStorage writes it whole,
/// so the engine rows are per piece: TryWriteVerifiedPieceAsync (hash, then write: what every downloaded
/// piece goes through) and WritePieceAsync (the write alone). The reference rows write the same piece with
/// RandomAccess, once whole and once as the 16 KiB blocks it arrived in.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StorageWriteBenchmarks
{
    private const long FileSize = 64 * 1024 * 1024;
    private const int BlockSize = 16 * 1024;

    private string _folder = string.Empty;
    private byte[] _piece = Array.Empty<byte>();
    private TorrentStorage _storage = null!;
    private SafeFileHandle _reference = null!;
    private int _pieceCount;
    private int _next;

    [Params(256 * 1024, 1024 * 1024)]
    public int PieceLength { get; set; }

    [GlobalSetup]
    public void CreateStorage()
    {
        _folder = Path.Combine(Path.GetTempPath(), "torrentps-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        _piece = new byte[PieceLength];
        new Random(19).NextBytes(_piece);
        _pieceCount = (int)(FileSize / PieceLength);
        _storage = new TorrentStorage(RepeatedPieceTorrent.Create(_piece, PieceLength, _pieceCount), _folder);
        _reference = File.OpenHandle(Path.Combine(_folder, "reference.bin"), FileMode.CreateNew, FileAccess.ReadWrite);
        if (!_storage.TryWriteVerifiedPieceAsync(0, _piece).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The piece does not verify against its own torrent.");
        }
    }

    [GlobalCleanup]
    public void DeleteStorage()
    {
        _storage.Dispose();
        _reference.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "TorrentStorage.TryWriteVerifiedPieceAsync (hash + write)")]
    public bool WriteVerified() => _storage.TryWriteVerifiedPieceAsync(NextPiece(), _piece).GetAwaiter().GetResult();

    [Benchmark(Description = "TorrentStorage.WritePieceAsync (write only)")]
    public void WritePiece() => _storage.WritePieceAsync(NextPiece(), _piece).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "RandomAccess.Write, whole piece (reference)")]
    public void WriteWholePiece() => RandomAccess.Write(_reference, _piece, (long)NextPiece() * PieceLength);

    [Benchmark(Description = "RandomAccess.Write, 16 KiB blocks (reference)")]
    public void WriteBlocks()
    {
        long offset = (long)NextPiece() * PieceLength;
        for (int begin = 0; begin < PieceLength; begin += BlockSize)
        {
            RandomAccess.Write(_reference, _piece.AsSpan(begin, BlockSize), offset + begin);
        }
    }

    // Cycling through the file keeps the writes spread over 64 MiB rather than rewriting one page range.
    private int NextPiece() => _next = (_next + 1) % _pieceCount;
}
