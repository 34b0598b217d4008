using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Jobs;

namespace TorrentPS.Engine.Tests.Jobs;

public class DownloadJobTextTests
{
    private static TorrentInfo Torrent(string name) => StorageTestTorrent.SingleFile(100, 64, seed: 1, name).Info;

    [Fact]
    public void The_job_is_named_after_its_torrent()
    {
        Assert.Equal("debian-12.iso", DownloadJobText.JobName(Torrent("debian-12.iso")));
    }

    [Fact]
    public void Wildcard_characters_are_replaced_so_Get_Job_Name_finds_the_job()
    {
        Assert.Equal("show (2019) _final_ copy_", DownloadJobText.JobName(Torrent("show [2019] *final* copy?")));
    }

    [Fact]
    public void Long_names_are_shortened_with_an_ellipsis()
    {
        string name = DownloadJobText.JobName(Torrent(new string('a', 200) + ".bin"));

        Assert.Equal(DownloadJobText.MaxNameLength, name.Length);
        Assert.EndsWith("…", name, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_says_how_to_start_the_same_download_again()
    {
        using var folder = new TempFolder();
        var built = StorageTestTorrent.SingleFile(100, 64, seed: 1, "it's.bin");
        string file = folder.Combine("x.torrent");
        File.WriteAllBytes(file, TorrentBytes(built.Info));
        TorrentInfo fromFile = TorrentInfo.LoadFile(file);

        Assert.Equal($"Start-TorrentDownload -LiteralPath '{file}' -Destination '/data/it''s here'", DownloadJobText.Command(fromFile, "/data/it's here"));
        Assert.Equal($"Start-TorrentDownload -InputObject 'it''s.bin ({built.Info.InfoHash})' -Destination '/d'", DownloadJobText.Command(built.Info, "/d"));
    }

    [Theory]
    [InlineData(TorrentJobState.NotStarted, false, "notstarted")]
    [InlineData(TorrentJobState.Running, false, "starting")]
    [InlineData(TorrentJobState.Running, true, "42.5% · 2 KiB/s · 3 peers")]
    [InlineData(TorrentJobState.Suspended, true, "suspended · 42.5%")]
    [InlineData(TorrentJobState.Stopped, true, "stopped · 42.5%")]
    [InlineData(TorrentJobState.Failed, false, "failed")]
    public void The_status_message_is_the_live_summary_while_running_and_the_state_otherwise(TorrentJobState state, bool withStatus, string expected)
    {
        TorrentStatus? status = withStatus ? new TorrentStatus("t", TorrentActivity.Downloading, 425, 1000, 4, 10, 2048, 0, 3, 9, 1, 0) : null;

        Assert.Equal(expected, DownloadJobText.StatusMessage(state, status));
    }

    private static byte[] TorrentBytes(TorrentInfo info)
    {
        // A .torrent is a dictionary whose "info" value is the info dictionary, byte for byte.
        byte[] metadata = info.GetMetadata();
        byte[] head = "d4:info"u8.ToArray();
        return [.. head, .. metadata, (byte)'e'];
    }
}
