using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using TorrentPS.Storage;

namespace TorrentPS.Benchmarks;

/// <summary>
/// SHA-1 of one piece (256 KiB and 1 MiB) through the engine's paths against the runtime's one-shot
/// SHA1.HashData: the engine's Sha1.Hash (bound by reflection because the engine is netstandard2.0),
/// PieceVerifier.Verify (what every downloaded piece passes), and the per-thread SHA1 instance that
/// .NET Framework (Windows PowerShell 5.1) falls back to.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class HashingBenchmarks
{
    private readonly byte[] _hash = new byte[Sha1.HashSize];
    private byte[] _piece = Array.Empty<byte>();
    private PieceVerifier _verifier = null!;

    [Params(256 * 1024, 1024 * 1024)]
    public int PieceLength { get; set; }

    [GlobalSetup]
    public void CreatePiece()
    {
        _piece = new byte[PieceLength];
        new Random(17).NextBytes(_piece);
        _verifier = new PieceVerifier(RepeatedPieceTorrent.Create(_piece));
        if (!_verifier.Verify(0, _piece) || !Sha1.UsesOneShot)
        {
            throw new InvalidOperationException("The engine's SHA-1 path is not the one this benchmark means to measure.");
        }
    }

    [Benchmark(Baseline = true, Description = "SHA1.HashData (runtime, reference)")]
    public int RuntimeOneShot() => SHA1.HashData(_piece, _hash);

    [Benchmark(Description = "Sha1.Hash (engine)")]
    public byte[] EngineHash()
    {
        Sha1.Hash(_piece, _hash);
        return _hash;
    }

    [Benchmark(Description = "PieceVerifier.Verify (engine)")]
    public bool Verify() => _verifier.Verify(0, _piece);

    [Benchmark(Description = "Sha1 per-thread instance (.NET Framework path)")]
    public byte[] ThreadInstance()
    {
        Sha1.HashWithThreadInstance(_piece, _hash);
        return _hash;
    }
}
