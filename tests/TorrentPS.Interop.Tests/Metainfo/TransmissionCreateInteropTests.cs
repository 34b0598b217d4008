using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Metainfo;

/// <summary>Torrents made by transmission-create parse to what libtorrent reads from them.</summary>
public sealed class TransmissionCreateInteropTests : IDisposable
{
    // transmission-create puts each tracker in a tier of its own.
    private static readonly string[][] OneTrackerPerTier = { new[] { "http://127.0.0.1:6969/announce" }, new[] { "udp://127.0.0.1:6969" } };

    private readonly TempDirectory _temp = new("transmission-create");

    [Fact]
    public async Task SingleFileTorrentAgreesWithLibtorrent()
    {
        string content = SampleContent.SingleFile(_temp);
        var options = new TorrentOptions { PieceLength = SampleContent.PieceLength, Comment = "made by transmission" };

        string torrent = await TorrentMakers.TransmissionCreateAsync(content, _temp.Combine("single.torrent"), options);

        TorrentInfo ours = await MetainfoAgreement.AssertAgreesWithLibtorrentAsync(torrent);
        Assert.False(ours.IsMultiFile);
        Assert.Equal("made by transmission", ours.Comment);
        Assert.StartsWith("Transmission", ours.CreatedBy, StringComparison.Ordinal);
        MetainfoAgreement.AssertFilesMatchDisk(ours, Path.GetDirectoryName(content)!);
    }

    [Fact]
    public async Task PrivateMultiFileTreeAgreesWithLibtorrent()
    {
        string content = SampleContent.MultiFileTree(_temp);
        var options = new TorrentOptions
        {
            Trackers = OneTrackerPerTier,
            IsPrivate = true,
            PieceLength = SampleContent.PieceLength,
        };

        string torrent = await TorrentMakers.TransmissionCreateAsync(content, _temp.Combine("tree.torrent"), options);

        TorrentInfo ours = await MetainfoAgreement.AssertAgreesWithLibtorrentAsync(torrent);
        Assert.True(ours.IsMultiFile);
        Assert.True(ours.IsPrivate);
        Assert.Contains(ours.Files, file => file.Path == "tree/nested/deep/ünïcode-文件.dat" && file.Length == 70_001);
        Assert.Equal(OneTrackerPerTier, ours.Trackers);
        MetainfoAgreement.AssertFilesMatchDisk(ours, Path.GetDirectoryName(content)!);
    }

    public void Dispose() => _temp.Dispose();
}
