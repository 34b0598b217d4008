using System.Text.Json;
using System.Text.RegularExpressions;
using TorrentPS.Interop.Tests.Metainfo;
using TorrentPS.Interop.Tests.Support;
using TorrentPS.Interop.Tests.Tracking;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>`torrentps announce` run as a process against a real opentracker and against failing trackers on loopback.</summary>
public sealed class AnnounceCommandTests : IDisposable
{
    private const string Hash = "0123456789abcdef0123456789abcdef01234567";

    private readonly TempDirectory _temp = new("cli-announce");

    [Fact]
    public async Task Json_lists_the_tracker_and_the_peers_it_knows()
    {
        using Opentracker tracker = await Opentracker.StartAsync(InfoHash.Parse(Hash));
        string magnet = Magnet(tracker.HttpUrl);

        ProcessResult first = await TorrentpsCli.RunAsync("announce", magnet, "--port", "40101", "--event", "started", "--json", "--timeout", "10");
        ProcessResult second = await TorrentpsCli.RunAsync("announce", magnet, "--port", "40102", "--numwant", "10", "--json", "--timeout", "10");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(string.Empty, second.StandardError);
        using JsonDocument document = JsonDocument.Parse(second.StandardOutput);
        JsonElement answer = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(tracker.HttpUrl, answer.GetProperty("tracker").GetString());
        Assert.Equal("success", answer.GetProperty("status").GetString());
        Assert.True(answer.GetProperty("interval").GetInt64() > 0);
        // Neither process said it had the whole torrent (a magnet link without xl= is not "left=0").
        Assert.Equal(0, answer.GetProperty("seeders").GetInt32());
        Assert.Equal(2, answer.GetProperty("leechers").GetInt32());
        var peers = answer.GetProperty("peers").EnumerateArray().Select(p => (p.GetProperty("address").GetString(), p.GetProperty("port").GetInt32())).ToList();
        Assert.Contains(("127.0.0.1", 40101), peers);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("warning").ValueKind);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_dead_first_tier_is_reported_and_the_next_tier_answers_over_udp()
    {
        string content = SampleContent.SingleFile(_temp);
        string probe = await TorrentMakers.MktorrentAsync(content, _temp.Combine("probe.torrent"), new TorrentOptions());
        using Opentracker tracker = await Opentracker.StartAsync(TorrentInfo.LoadFile(probe).InfoHash);
        string dead = $"http://127.0.0.1:{FreePort.Tcp()}/announce";
        string torrent = await TorrentMakers.MktorrentAsync(content, _temp.Combine("tiers.torrent"), new TorrentOptions { Trackers = [[dead], [tracker.UdpUrl]] });

        ProcessResult result = await TorrentpsCli.RunAsync("announce", torrent, "--json", "--timeout", "10");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement[] answers = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal([(dead, "failed"), (tracker.UdpUrl, "success")], answers.Select(a => (a.GetProperty("tracker").GetString(), a.GetProperty("status").GetString())));
        Assert.False(string.IsNullOrEmpty(answers[0].GetProperty("error").GetString()));
        Assert.Equal(JsonValueKind.Null, answers[0].GetProperty("interval").ValueKind);
        Assert.Empty(answers[0].GetProperty("peers").EnumerateArray());
        // The torrent's full size is "left", so the tracker counts a leecher.
        Assert.Equal(1, answers[1].GetProperty("leechers").GetInt32());
        string line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"torrentps: error: {dead}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_asks_every_tracker_and_a_refusal_is_one_of_the_answers()
    {
        using Opentracker tracker = await Opentracker.StartAsync(InfoHash.Parse(Hash));
        using var refusing = new RefusingTracker("torrent not registered");

        ProcessResult result = await TorrentpsCli.RunAsync(
            "announce", Hash, "--tracker", refusing.AnnounceUrl, "--tracker", tracker.HttpUrl, "--tracker", tracker.UdpUrl, "--all", "--json", "--timeout", "10");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement[] answers = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal([refusing.AnnounceUrl, tracker.HttpUrl, tracker.UdpUrl], answers.Select(a => a.GetProperty("tracker").GetString()));
        Assert.Equal(["failed", "success", "success"], answers.Select(a => a.GetProperty("status").GetString()));
        Assert.Contains("torrent not registered", answers[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, refusing.Requests);
        Assert.Contains($"torrentps: error: {refusing.AnnounceUrl}: ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_no_tracker_answers_the_exit_code_is_one_and_the_json_still_lists_them()
    {
        using var refusing = new RefusingTracker("go away");
        string closed = $"http://127.0.0.1:{FreePort.Tcp()}/announce";

        ProcessResult result = await TorrentpsCli.RunAsync("announce", Magnet(refusing.AnnounceUrl), "--tracker", closed, "--tracker", refusing.AnnounceUrl, "--json", "--timeout", "5");

        Assert.True(result.ExitCode == 1, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(["failed", "failed"], document.RootElement.EnumerateArray().Select(a => a.GetProperty("status").GetString()));
        string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("torrentps: error: ", line, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("go away", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Human_output_names_the_tracker_the_counts_and_each_peer()
    {
        using Opentracker tracker = await Opentracker.StartAsync(InfoHash.Parse(Hash));
        await TorrentpsCli.RunAsync("announce", Magnet(tracker.HttpUrl), "--port", "40111", "--event", "completed");

        ProcessResult result = await TorrentpsCli.RunAsync("announce", Magnet(tracker.HttpUrl), "--port", "40112");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches($@"^{Regex.Escape(tracker.HttpUrl)}: 1 seeders, 1 leechers, {lines.Length - 1} peers?, announce every [1-9][0-9]* s$", lines[0]);
        Assert.Contains("  127.0.0.1:40111", lines[1..]);
        Assert.All(lines[1..], line => Assert.Matches(@"^  127\.0\.0\.1:\d+$", line));
        Assert.DoesNotContain("{", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "65536")]
    [InlineData("--numwant", "-1")]
    [InlineData("--event", "finished")]
    [InlineData("--timeout", "0")]
    public async Task Out_of_range_options_are_usage_errors(string option, string value)
    {
        ProcessResult result = await TorrentpsCli.RunAsync("announce", Hash, "--tracker", "http://127.0.0.1:1/announce", option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(option.TrimStart('-') == "event" ? value : option, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_info_hash_without_a_tracker_is_one_error_line()
    {
        ProcessResult result = await TorrentpsCli.RunAsync("announce", Hash, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.Equal($"torrentps: error: {Hash}: names no tracker; give one with --tracker", result.StandardError.Trim());
    }

    [Fact]
    public async Task A_missing_file_is_one_error_line()
    {
        string missing = _temp.Combine("missing.torrent");

        ProcessResult result = await TorrentpsCli.RunAsync("announce", missing);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"torrentps: error: {missing}: no such file", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private static string Magnet(string tracker) => $"magnet:?xt=urn:btih:{Hash}&tr={Uri.EscapeDataString(tracker)}";
}
