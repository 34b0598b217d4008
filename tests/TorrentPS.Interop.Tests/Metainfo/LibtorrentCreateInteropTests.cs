using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Metainfo;

/// <summary>Torrents made by libtorrent itself (v1-only, v1 with BEP 47 padding, hybrid v1+v2) parse to what it reads.</summary>
public sealed class LibtorrentCreateInteropTests : IDisposable
{
    private readonly TempDirectory _temp = new("libtorrent-create");

    [Theory]
    [InlineData(LibtorrentFormat.V1Only)]
    [InlineData(LibtorrentFormat.V1WithPadding)]
    [InlineData(LibtorrentFormat.Hybrid)]
    public async Task MultiFileTreeAgreesWithLibtorrent(LibtorrentFormat format)
    {
        string content = SampleContent.MultiFileTree(_temp);
        var options = new TorrentOptions
        {
            Trackers = new[] { new[] { "http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969" }, new[] { "http://[::1]:6969/announce" } },
            WebSeeds = new[] { "http://127.0.0.1:8080/seed/" },
            Comment = "made by libtorrent " + format,
            PieceLength = SampleContent.PieceLength,
        };

        string torrent = await TorrentMakers.LibtorrentAsync(content, _temp.Combine("tree.torrent"), options, format);

        TorrentInfo ours = await MetainfoAgreement.AssertAgreesWithLibtorrentAsync(torrent);
        Assert.Equal(format == LibtorrentFormat.Hybrid, ours.IsHybrid);
        Assert.Equal(7, ours.Files.Count);
        bool padded = format != LibtorrentFormat.V1Only;
        Assert.Equal(padded, ours.Layout.Any(file => file.IsPadding));
        Assert.DoesNotContain(ours.Files, file => file.IsPadding);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(ours.Files.Single(file => file.Path == "tree/bin/run.sh").IsExecutable);
        }

        MetainfoAgreement.AssertFilesMatchDisk(ours, Path.GetDirectoryName(content)!);
    }

    [Theory]
    [InlineData(LibtorrentFormat.V1Only)]
    [InlineData(LibtorrentFormat.Hybrid)]
    public async Task PrivateSingleFileAgreesWithLibtorrent(LibtorrentFormat format)
    {
        string content = SampleContent.SingleFile(_temp);
        var options = new TorrentOptions { IsPrivate = true, PieceLength = SampleContent.PieceLength };

        string torrent = await TorrentMakers.LibtorrentAsync(content, _temp.Combine("single.torrent"), options, format);

        TorrentInfo ours = await MetainfoAgreement.AssertAgreesWithLibtorrentAsync(torrent);
        Assert.False(ours.IsMultiFile);
        Assert.True(ours.IsPrivate);
        Assert.Equal((3 * SampleContent.PieceLength) + 1234, Assert.Single(ours.Files).Length);
    }

    public void Dispose() => _temp.Dispose();
}
