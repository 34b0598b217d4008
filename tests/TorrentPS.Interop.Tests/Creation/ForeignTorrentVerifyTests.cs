using TorrentPS.Storage;
using TorrentPS.Interop.Tests.Metainfo;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Creation;

/// <summary>
/// Torrents made by mktorrent, transmission-create and libtorrent verify with the engine's DataChecker, reached
/// the way Test-TorrentData and `torrentps verify` reach it (TorrentDataLocation from the folder given), and
/// damage is reported against the right file.
/// </summary>
public sealed class ForeignTorrentVerifyTests : IDisposable
{
    private readonly TempDirectory _temp = new("foreign-verify");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Makers() => new() { "mktorrent", "transmission-create", "libtorrent-padded" };

    private async Task<string> MakeAsync(string maker, string content)
    {
        string output = _temp.Combine(maker + ".torrent");
        var options = new TorrentOptions { PieceLength = SampleContent.PieceLength };
        return maker switch
        {
            "mktorrent" => await TorrentMakers.MktorrentAsync(content, output, options),
            "transmission-create" => await TorrentMakers.TransmissionCreateAsync(content, output, options),
            _ => await TorrentMakers.LibtorrentAsync(content, output, options, LibtorrentFormat.V1WithPadding),
        };
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Their_multi_file_torrents_verify_complete_from_the_download_folder_or_the_torrents_own_folder(string maker)
    {
        string content = SampleContent.MultiFileTree(_temp);
        TorrentInfo torrent = TorrentInfo.LoadFile(await MakeAsync(maker, content));

        DataCheckResult fromDownloadFolder = await DataChecker.CheckAsync(torrent, TorrentDataLocation.Resolve(torrent, Path.GetDirectoryName(content)!));
        DataCheckResult fromOwnFolder = await DataChecker.CheckAsync(torrent, TorrentDataLocation.Resolve(torrent, content));

        Assert.True(fromDownloadFolder.IsComplete, fromDownloadFolder.ToString());
        Assert.True(fromOwnFolder.IsComplete, fromOwnFolder.ToString());
        Assert.Equal(torrent.Files.Select(f => f.Path), fromOwnFolder.Files.Select(f => f.Path));
        Assert.Equal(torrent.PieceCount, fromOwnFolder.PiecesGood);
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task A_flipped_byte_and_a_deleted_file_are_reported_against_their_files(string maker)
    {
        string content = SampleContent.MultiFileTree(_temp);
        TorrentInfo torrent = TorrentInfo.LoadFile(await MakeAsync(maker, content));
        string damaged = Path.Combine(content, "nested", "deep", "ünïcode-文件.dat");
        using (var stream = new FileStream(damaged, FileMode.Open))
        {
            stream.Position = 40_000;
            int value = stream.ReadByte();
            stream.Position = 40_000;
            stream.WriteByte((byte)(value ^ 0x01));
        }

        File.Delete(Path.Combine(content, "small.txt"));

        DataCheckResult result = await DataChecker.CheckAsync(torrent, TorrentDataLocation.Resolve(torrent, content));

        Assert.False(result.IsComplete);
        Assert.Equal(1, result.PiecesBad);
        Assert.True(result.PiecesMissing >= 1, result.ToString());
        TorrentFileCheck bad = Assert.Single(result.Files, f => f.PiecesBad > 0);
        Assert.Equal("tree/nested/deep/ünïcode-文件.dat", bad.Path);
        TorrentFileCheck missing = Assert.Single(result.Files, f => !f.Exists);
        Assert.Equal("tree/small.txt", missing.Path);
        Assert.All(result.Files.Where(f => f.PieceCount > 0 && f.PiecesBad == 0 && f.PiecesMissing == 0), f => Assert.True(f.IsComplete, f.ToString()));
    }

    [Fact]
    public async Task A_single_file_torrent_verifies_from_the_file_itself()
    {
        string file = SampleContent.SingleFile(_temp);
        TorrentInfo torrent = TorrentInfo.LoadFile(await TorrentMakers.MktorrentAsync(file, _temp.Combine("single.torrent"), new TorrentOptions { PieceLength = SampleContent.PieceLength }));

        DataCheckResult result = await DataChecker.CheckAsync(torrent, TorrentDataLocation.Resolve(torrent, file));

        Assert.True(result.IsComplete, result.ToString());
        Assert.Equal(file, Assert.Single(result.Files).FullPath);
    }
}
