using System.Text.Json;
using TorrentPS.Interop.Tests.Metainfo;
using TorrentPS.Interop.Tests.Support;
using TorrentPS.Interop.Tests.Tracking;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>`torrentps scrape` run as a process against a real opentracker and a dead tracker on loopback.</summary>
public sealed class ScrapeCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("cli-scrape");

    [Fact]
    public async Task Json_has_each_trackers_counts_after_announces_from_other_processes()
    {
        string content = SampleContent.SingleFile(_temp);
        string probe = await TorrentMakers.MktorrentAsync(content, _temp.Combine("probe.torrent"), new TorrentOptions());
        InfoHash hash = TorrentInfo.LoadFile(probe).InfoHash;
        using Opentracker tracker = await Opentracker.StartAsync(hash);
        string dead = $"udp://127.0.0.1:{FreePort.Udp()}/announce";
        string torrent = await TorrentMakers.MktorrentAsync(content, _temp.Combine("t.torrent"), new TorrentOptions { Trackers = [[tracker.HttpUrl, tracker.UdpUrl], [dead]] });
        (await TorrentpsCli.RunAsync("announce", torrent, "--tracker", tracker.HttpUrl, "--port", "40201", "--event", "completed")).EnsureSuccess();
        (await TorrentpsCli.RunAsync("announce", torrent, "--tracker", tracker.HttpUrl, "--port", "40202", "--event", "started")).EnsureSuccess();

        ProcessResult result = await TorrentpsCli.RunAsync("scrape", torrent, "--json", "--timeout", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement[] answers = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(
            [(tracker.HttpUrl, "success"), (tracker.UdpUrl, "success"), (dead, "failed")],
            answers.Select(a => (a.GetProperty("tracker").GetString(), a.GetProperty("status").GetString())));
        foreach (JsonElement answer in answers[..2])
        {
            Assert.Equal(hash.ToString(), answer.GetProperty("infoHash").GetString());
            Assert.Equal((1, 1, 1), (answer.GetProperty("seeders").GetInt32(), answer.GetProperty("completed").GetInt32(), answer.GetProperty("leechers").GetInt32()));
        }

        Assert.Equal(JsonValueKind.Null, answers[2].GetProperty("seeders").ValueKind);
        Assert.False(string.IsNullOrEmpty(answers[2].GetProperty("error").GetString()));
        Assert.StartsWith($"torrentps: error: {dead}: ", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_hash_is_scraped_at_the_trackers_given_and_printed_for_people()
    {
        InfoHash hash = InfoHash.Parse("89abcdef0123456789abcdef0123456789abcdef");
        using Opentracker tracker = await Opentracker.StartAsync(hash);

        ProcessResult result = await TorrentpsCli.RunAsync("scrape", hash.ToString(), "--tracker", tracker.UdpUrl);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{tracker.UdpUrl}: 0 seeders, 0 completed, 0 leechers", result.StandardOutput.Trim());
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public async Task A_tracker_that_cannot_be_scraped_fails_with_exit_code_one()
    {
        using var refusing = new RefusingTracker("unused");
        string noScrape = refusing.AnnounceUrl.Replace("/announce", "/tracker", StringComparison.Ordinal);

        ProcessResult result = await TorrentpsCli.RunAsync("scrape", "0123456789abcdef0123456789abcdef01234567", "--tracker", noScrape, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement answer = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal("failed", answer.GetProperty("status").GetString());
        Assert.Contains("scrape", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, refusing.Requests);
    }

    public void Dispose() => _temp.Dispose();
}
