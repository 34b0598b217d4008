using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using TorrentPS.Bencode;

namespace TorrentPS.Benchmarks;

/// <summary>
/// Parsing a large torrent (10,000 files, 100,000 pieces) with TorrentInfo.Load, against two references
/// on the same bytes: the plain bencode tree decode (the baseline: what validation and layout add on
/// top of it) and SHA-1 (the info-hash cost every parse pays at least once).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TorrentParseBenchmarks
{
    public const int FileCount = 10_000;
    public const int PieceCount = 100_000;
    public const int PieceLength = 16 * 1024;

    private byte[] _torrent = Array.Empty<byte>();

    [GlobalSetup]
    public void CreateTorrent()
    {
        _torrent = LargeTorrent.Create(FileCount, PieceCount, PieceLength);

        // Measure the right thing: a torrent the parser rejects, or reads differently, would be a fast lie.
        TorrentInfo torrent = TorrentInfo.Load(_torrent);
        if (torrent.Files.Count != FileCount || torrent.PieceCount != PieceCount || torrent.Trackers.Count != 3)
        {
            throw new InvalidOperationException(
                $"The generated torrent reads as {torrent.Files.Count} files, {torrent.PieceCount} pieces, {torrent.Trackers.Count} tiers.");
        }

        Console.WriteLine($"// Large torrent: {_torrent.Length:N0} bytes, {FileCount:N0} files, {PieceCount:N0} pieces");
    }

    [Benchmark(Baseline = true, Description = "BencodeDecoder.Decode (tree only)")]
    public BValue DecodeTree() => BencodeDecoder.Decode(_torrent);

    [Benchmark(Description = "TorrentInfo.Load")]
    public TorrentInfo LoadTorrent() => TorrentInfo.Load(_torrent);

    [Benchmark(Description = "SHA-1 of the same bytes")]
    public byte[] HashBytes() => SHA1.HashData(_torrent);
}
