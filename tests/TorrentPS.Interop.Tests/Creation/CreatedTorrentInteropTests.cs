using TorrentPS.Interop.Tests.Metainfo;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Creation;

/// <summary>
/// Torrents made by the engine's TorrentBuilder (what New-Torrent and `torrentps create` run) load in libtorrent,
/// transmission and aria2 and their data verifies there, fully; a corrupted copy does not.
/// </summary>
public sealed class CreatedTorrentInteropTests : IDisposable
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> Tiers =
    [
        ["http://127.0.0.1:6969/announce", "http://[::1]:6969/announce"],
        ["udp://127.0.0.1:6969"],
    ];

    private readonly TempDirectory _temp = new("created");

    public void Dispose() => _temp.Dispose();

    /// <summary>The sample tree (odd sizes, an empty file, UTF-8 names) as a torrent made by the engine; returns its path.</summary>
    private async Task<(string Torrent, string Content, BuiltTorrent Built)> MakeTreeAsync(TorrentCreationOptions? options = null)
    {
        string content = SampleContent.MultiFileTree(_temp);
        BuiltTorrent built = await TorrentBuilder.CreateAsync(content, options ?? new TorrentCreationOptions
        {
            Trackers = Tiers,
            WebSeeds = ["http://127.0.0.1:8080/seed/"],
            Comment = "made by TorrentPS",
            PieceLength = SampleContent.PieceLength,
        });
        string torrent = _temp.Combine("tree.torrent");
        built.Save(torrent);
        return (torrent, content, built);
    }

    /// <summary>A copy of the download folder with one byte of a.bin flipped (a piece of a.bin goes bad).</summary>
    private string CorruptedCopy(string content)
    {
        string copy = _temp.Combine("corrupted");
        foreach (string file in Directory.GetFiles(content, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, "tree", Path.GetRelativePath(content, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        using var stream = new FileStream(Path.Combine(copy, "tree", "a.bin"), FileMode.Open);
        stream.Position = 50_000;
        int value = stream.ReadByte();
        stream.Position = 50_000;
        stream.WriteByte((byte)(value ^ 0xFF));
        return copy;
    }

    [Fact]
    public async Task Libtorrent_reads_what_we_wrote_with_the_same_info_hash_files_pieces_trackers_and_web_seeds()
    {
        (string torrent, _, BuiltTorrent built) = await MakeTreeAsync();

        LibtorrentView reference = await LibtorrentView.LoadAsync(torrent);

        Assert.Equal(built.InfoHash.ToString(), reference.InfoHashV1);
        Assert.False(reference.HasV2);
        Assert.Equal("tree", reference.Name);
        Assert.Equal(built.Content.Files.Select(f => (f.Path, f.Length)), reference.Files.Select(f => (f.Path, f.Size)));
        Assert.Equal(built.Torrent.PieceHashes.Select(h => Convert.ToHexStringLower(h.ToArray())), reference.PieceHashes);
        Assert.Equal(Tiers.Select(t => t.Order(StringComparer.Ordinal).ToArray()), reference.TrackerTiers().Select(t => t.ToArray()));
        Assert.Equal(["http://127.0.0.1:8080/seed/"], reference.WebSeeds);
        Assert.Equal(Convert.ToHexStringLower(built.Torrent.GetMetadata()), reference.InfoSection);
    }

    [Fact]
    public async Task Libtorrent_checks_the_data_and_seeds_and_finds_the_corrupted_piece_in_a_copy()
    {
        (string torrent, string content, BuiltTorrent built) = await MakeTreeAsync();

        LibtorrentCheck good = await ThirdPartyChecks.LibtorrentAsync(torrent, Path.GetDirectoryName(content)!);
        LibtorrentCheck bad = await ThirdPartyChecks.LibtorrentAsync(torrent, CorruptedCopy(content));

        Assert.Equal(built.InfoHash.ToString(), good.InfoHash);
        Assert.True(good.IsSeeding, good.ToString());
        Assert.Equal(built.Torrent.PieceCount, good.NumPieces);
        Assert.False(bad.IsSeeding, bad.ToString());
        Assert.Equal(built.Torrent.PieceCount - 1, bad.NumPieces);
    }

    [Fact]
    public async Task Aria2_verifies_the_data_and_completes_without_downloading_and_refuses_a_corrupted_copy()
    {
        (string torrent, string content, _) = await MakeTreeAsync();

        ProcessResult good = await ThirdPartyChecks.Aria2Async(torrent, Path.GetDirectoryName(content)!);
        ProcessResult bad = await ThirdPartyChecks.Aria2Async(torrent, CorruptedCopy(content));

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("Verification finished successfully", good.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Download complete", good.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Checksum error", good.StandardOutput, StringComparison.Ordinal);
        Assert.True(bad.ExitCode != 0, bad.ToString());
        Assert.Contains("Checksum error detected", bad.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transmission_show_parses_it()
    {
        (string torrent, _, BuiltTorrent built) = await MakeTreeAsync(new TorrentCreationOptions
        {
            Trackers = Tiers, IsPrivate = true, Comment = "made by TorrentPS", PieceLength = SampleContent.PieceLength,
        });
        string show = ExternalTool.Require("transmission-show", "transmission-cli");

        ProcessResult result = (await ProcessRunner.RunAsync(show, new[] { torrent })).EnsureSuccess();

        Assert.Contains("Hash: " + built.InfoHash, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Name: tree", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Piece Count: " + built.Torrent.PieceCount, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Private torrent", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Created by: " + TorrentCreationOptions.DefaultCreatedBy, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Comment: made by TorrentPS", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("udp://127.0.0.1:6969", result.StandardOutput, StringComparison.Ordinal);
        Assert.All(built.Content.Files, file => Assert.Contains(file.Path, result.StandardOutput, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transmission_verifies_the_data_and_seeds_and_not_a_corrupted_copy()
    {
        (string torrent, string content, _) = await MakeTreeAsync();

        string good = await ThirdPartyChecks.TransmissionAsync(_temp, torrent, Path.GetDirectoryName(content)!);
        string bad = await ThirdPartyChecks.TransmissionAsync(_temp, torrent, CorruptedCopy(content));

        Assert.StartsWith("Seeding", good, StringComparison.Ordinal);
        Assert.StartsWith("Progress:", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_info_hash_is_mktorrents_for_the_same_content_and_piece_size()
    {
        string content = SampleContent.MultiFileTree(_temp);
        var options = new TorrentOptions { Trackers = Tiers, PieceLength = SampleContent.PieceLength, IsPrivate = true };
        TorrentInfo theirs = TorrentInfo.LoadFile(await TorrentMakers.MktorrentAsync(content, _temp.Combine("mk.torrent"), options));

        BuiltTorrent ours = await TorrentBuilder.CreateAsync(content, new TorrentCreationOptions { PieceLength = SampleContent.PieceLength, IsPrivate = true });

        Assert.Equal(theirs.InfoHash, ours.InfoHash);
        Assert.Equal(theirs.Files.Select(f => f.Path), ours.Torrent.Files.Select(f => f.Path));
    }
}
