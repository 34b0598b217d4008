using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Download;

/// <summary>
/// A multi-file folder of seeded pseudo-random bytes with odd sizes (so the last piece is short and pieces
/// straddle files), and the torrent mktorrent makes of it. Each torrent gets its own folder name, hence its
/// own info-hash, so one tracker can hold a separate swarm per test while the bytes stay the same.
/// </summary>
public sealed class SeedContent
{
    public const int PieceLength = 64 * 1024;

    private static readonly (string Path, int Length)[] Files =
    {
        ("first.bin", 1_500_001),
        ("nested/second.bin", 2_345_678),
        ("nested/deeper/third.txt", 4_321),
        ("empty.dat", 0),
    };

    private SeedContent(string name, string sourceFolder, string torrentPath, TorrentInfo torrent)
    {
        Name = name;
        SourceFolder = sourceFolder;
        TorrentPath = torrentPath;
        Torrent = torrent;
    }

    /// <summary>The torrent's name: the top folder of its content.</summary>
    public string Name { get; }

    /// <summary>The folder named <see cref="Name"/> that holds the original files.</summary>
    public string SourceFolder { get; }

    public string TorrentPath { get; }

    public TorrentInfo Torrent { get; }

    /// <summary>
    /// Writes the files and makes the torrent. The info-hash does not depend on the announce URL, so a torrent
    /// can be made first for the tracker's whitelist and made again with <see cref="AnnounceToAsync"/> once the
    /// tracker's port is known.
    /// </summary>
    public static async Task<SeedContent> CreateAsync(TempDirectory folder, string name, string announceUrl = "http://127.0.0.1:1/announce")
    {
        string source = folder.Combine("source", name);
        Directory.CreateDirectory(source);
        int seed = 1;
        foreach ((string path, int length) in Files)
        {
            folder.WriteFile($"source/{name}/{path}", length, seed++);
        }

        string torrentPath = folder.Combine("torrents", name + ".torrent");
        return new SeedContent(name, source, torrentPath, await MakeTorrentAsync(source, torrentPath, announceUrl));
    }

    /// <summary>Makes the torrent again with <paramref name="announceUrl"/>; the info-hash stays the same.</summary>
    public async Task<SeedContent> AnnounceToAsync(string announceUrl)
    {
        File.Delete(TorrentPath);
        TorrentInfo torrent = await MakeTorrentAsync(SourceFolder, TorrentPath, announceUrl);
        Assert.Equal(Torrent.InfoHash, torrent.InfoHash);
        return new SeedContent(Name, SourceFolder, TorrentPath, torrent);
    }

    /// <summary>Copies the content into <paramref name="dataFolder"/> (as <c>dataFolder/Name</c>) for a seeder of its own.</summary>
    public void CopyTo(string dataFolder)
    {
        foreach (string file in Directory.EnumerateFiles(SourceFolder, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(dataFolder, Name, Path.GetRelativePath(SourceFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Every file of the torrent exists under <paramref name="destination"/> with exactly the source's bytes, and nothing else does.</summary>
    public void AssertDownloadedTo(string destination)
    {
        string downloaded = Path.Combine(destination, Name);
        string[] expected = RelativeFiles(SourceFolder);
        Assert.Equal(expected, RelativeFiles(downloaded));
        foreach (string file in expected)
        {
            byte[] original = File.ReadAllBytes(Path.Combine(SourceFolder, file));
            byte[] copy = File.ReadAllBytes(Path.Combine(downloaded, file));
            Assert.True(original.AsSpan().SequenceEqual(copy), $"{file} differs from the source ({copy.Length} bytes, expected {original.Length}).");
        }
    }

    private static async Task<TorrentInfo> MakeTorrentAsync(string source, string torrentPath, string announceUrl)
    {
        await TorrentMakers.MktorrentAsync(source, torrentPath, new TorrentOptions
        {
            Trackers = new[] { new[] { announceUrl } },
            PieceLength = PieceLength,
        });
        return TorrentInfo.LoadFile(torrentPath);
    }

    private static string[] RelativeFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
}
