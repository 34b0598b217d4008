using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Metainfo;

/// <summary>Torrents made by mktorrent parse to what libtorrent reads from them.</summary>
public sealed class MktorrentInteropTests : IDisposable
{
    private readonly TempDirectory _temp = new("mktorrent");

    [Fact]
    public async Task SingleFileTorrentAgreesWithLibtorrent()
    {
        string content = SampleContent.SingleFile(_temp);
        var options = new TorrentOptions
        {
            Trackers = new[] { new[] { "http://127.0.0.1:6969/announce" } },
            WebSeeds = new[] { "http://127.0.0.1:8080/files/single.bin" },
            Comment = "made by mktorrent",
            PieceLength = SampleContent.PieceLength,
        };

        string torrent = await TorrentMakers.MktorrentAsync(content, _temp.Combine("single.torrent"), options);

        TorrentInfo ours = await MetainfoAgreement.AssertAgreesWithLibtorrentAsync(torrent);
        Assert.False(ours.IsMultiFile);
        Assert.Equal("single.bin", Assert.Single(ours.Files).Path);
        Assert.Equal("made by mktorrent", ours.Comment);
        Assert.StartsWith("mktorrent", ours.CreatedBy, StringComparison.Ordinal);
        MetainfoAgreement.AssertFilesMatchDisk(ours, Path.GetDirectoryName(content)!);
    }

    [Fact]
    public async Task PrivateMultiFileTreeWithTiersAgreesWithLibtorrent()
    {
        string content = SampleContent.MultiFileTree(_temp);
        var options = new TorrentOptions
        {
            Trackers = new[]
            {
                new[] { "http://127.0.0.1:6969/announce", "http://[::1]:6969/announce" },
                new[] { "udp://127.0.0.1:6969" },
            },
            WebSeeds = new[] { "http://127.0.0.1:8080/a/", "http://127.0.0.1:8081/b/" },
            IsPrivate = true,
            PieceLength = SampleContent.PieceLength,
        };

        string torrent = await TorrentMakers.MktorrentAsync(content, _temp.Combine("tree.torrent"), options);

        TorrentInfo ours = await MetainfoAgreement.AssertAgreesWithLibtorrentAsync(torrent);
        Assert.True(ours.IsMultiFile);
        Assert.True(ours.IsPrivate);
        // mktorrent keeps empty files; the tree has 7 files.
        Assert.Equal(7, ours.Files.Count);
        Assert.Contains(ours.Files, file => file.Path == "tree/nested/deep/ünïcode-文件.dat" && file.Length == 70_001);
        Assert.Contains(ours.Files, file => file.Path == "tree/nested/empty" && file.Length == 0);
        Assert.Equal(2, ours.Trackers.Count);
        MetainfoAgreement.AssertFilesMatchDisk(ours, Path.GetDirectoryName(content)!);
    }

    public void Dispose() => _temp.Dispose();
}
