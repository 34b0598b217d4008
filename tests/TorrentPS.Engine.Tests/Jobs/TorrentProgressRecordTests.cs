using TorrentPS.Jobs;

namespace TorrentPS.Engine.Tests.Jobs;

public class TorrentProgressRecordTests
{
    private static TorrentStatus Status(long done, long total, double rate, TorrentActivity activity = TorrentActivity.Downloading, string name = "ubuntu.iso") =>
        new(name, activity, done, total, (int)(done / 1024), (int)(total / 1024), rate, 0, 7, 20, 2, 0);

    [Fact]
    public void A_downloading_snapshot_becomes_a_bar_with_whole_percent_and_seconds_left()
    {
        // 421 of 1000 KiB at 100 KiB/s: 42.1 %, 579 KiB left = 5.79 s, which rounds up.
        var record = TorrentProgressRecord.From(12, Status(421 * 1024, 1000 * 1024, 100 * 1024), completed: false);

        Assert.Equal(12, record.ActivityId);
        Assert.Equal("Downloading ubuntu.iso", record.Activity);
        Assert.Equal(42, record.PercentComplete);
        Assert.Equal(6, record.SecondsRemaining);
        Assert.Equal("42.1% · 100 KiB/s · 7 peers", record.StatusDescription);
        Assert.Equal("421/1000 pieces · 421 KiB of 1000 KiB", record.CurrentOperation);
        Assert.False(record.IsCompleted);
    }

    [Fact]
    public void Nothing_arriving_means_the_time_left_is_unknown()
    {
        var record = TorrentProgressRecord.From(1, Status(0, 4096, 0), completed: false);

        Assert.Equal(-1, record.SecondsRemaining);
        Assert.Equal(0, record.PercentComplete);
    }

    [Fact]
    public void Checking_existing_data_says_so()
    {
        var record = TorrentProgressRecord.From(1, Status(512, 1024, 0, TorrentActivity.CheckingData), completed: false);

        Assert.Equal("Checking ubuntu.iso", record.Activity);
        Assert.Equal(50, record.PercentComplete);
        Assert.StartsWith("checking data", record.StatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeding_shows_what_was_uploaded_and_the_ratio()
    {
        var status = new TorrentStatus("ubuntu.iso", TorrentActivity.Seeding, 1024 * 1024, 1024 * 1024, 1024, 1024, 0, 50 * 1024, 3, 3, 0, 1536 * 1024);
        var record = TorrentProgressRecord.From(1, status, completed: false);

        Assert.Equal("Seeding ubuntu.iso", record.Activity);
        Assert.Equal("1.5 MiB uploaded (ratio 1.50) · 1024/1024 pieces offered", record.CurrentOperation);
        Assert.Equal(-1, record.SecondsRemaining);
        Assert.StartsWith("seeding", record.StatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void The_final_record_closes_the_bar_and_claims_no_time_left()
    {
        var record = TorrentProgressRecord.From(3, Status(1024, 1024, 500, TorrentActivity.Completed), completed: true);

        Assert.True(record.IsCompleted);
        Assert.Equal(100, record.PercentComplete);
        Assert.Equal(-1, record.SecondsRemaining);
        Assert.Equal("completed · 100%", record.StatusDescription);
    }

    [Fact]
    public void An_empty_torrent_name_still_gives_a_title_because_PowerShell_refuses_empty_ones()
    {
        var record = TorrentProgressRecord.From(1, Status(0, 10, 0, name: " "), completed: false);

        Assert.Equal("Downloading torrent", record.Activity);
        Assert.NotEmpty(record.StatusDescription);
    }

    [Fact]
    public void Job_ids_become_activity_ids_and_negative_ones_are_refused()
    {
        Assert.Equal(7, TorrentProgressRecord.ActivityIdForJob(7));
        Assert.NotEqual(TorrentProgressRecord.ActivityIdForJob(7), TorrentProgressRecord.ActivityIdForJob(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => TorrentProgressRecord.ActivityIdForJob(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TorrentProgressRecord.From(-1, Status(0, 1, 0), false));
    }
}
