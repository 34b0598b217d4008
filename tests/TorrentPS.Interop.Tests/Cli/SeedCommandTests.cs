using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using TorrentPS.Interop.Tests.Download;
using TorrentPS.Interop.Tests.Seeding;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>
/// `torrentps seed` as a real process: libtorrent downloads from it; SIGINT stops it gracefully (exit 0 without a
/// limit, 3 before a limit it was given); --seed-ratio ends it by itself; bad data and bad options fail clearly;
/// and `torrentps download --seed-time` seeds after a complete download.
/// </summary>
public sealed partial class SeedCommandTests : IDisposable
{
    private readonly TempDirectory _work = new("cli-seed");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Libtorrent_downloads_from_it_and_SIGINT_stops_it_gracefully_with_exit_code_0()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "cli-seeded");
        using DownloadCliProcess seed = DownloadCliProcess.Start("seed", content.TorrentPath, "--path", content.SourceFolder, "--port", "0", "--no-trackers");
        int port = await ListeningPortAsync(seed);
        string output = _work.Combine("libtorrent-download");

        ProcessResult libtorrent = await Leechers.LibtorrentAsync(content, output, port);
        await seed.SignalAsync("INT");
        int exitCode = await seed.WaitForExitAsync();

        Assert.True(libtorrent.ExitCode == 0, $"{libtorrent}\n{seed}");
        content.AssertDownloadedTo(output);
        Assert.Equal(0, exitCode);
        Assert.Contains("Ctrl+C: stopping gracefully", seed.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"cli-seeded: uploaded [0-9.]+ [KM]iB \(ratio [0-9.]+\) to 1 peer in [0-9.]+ s; stopped", seed.StandardOutput);
    }

    [Fact]
    public async Task It_ends_by_itself_with_exit_code_0_once_the_seed_ratio_is_reached()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "cli-ratio");
        using DownloadCliProcess seed = DownloadCliProcess.Start("seed", content.TorrentPath, "--path", Path.GetDirectoryName(content.SourceFolder)!, "--port", "0", "--no-trackers", "--seed-ratio", "1");
        int port = await ListeningPortAsync(seed);

        ProcessResult libtorrent = await Leechers.LibtorrentAsync(content, _work.Combine("libtorrent-download"), port);
        int exitCode = await seed.WaitForExitAsync();

        Assert.True(libtorrent.ExitCode == 0, $"{libtorrent}\n{seed}");
        Assert.Equal(0, exitCode);
        Assert.Contains("ratio reached", seed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGTERM_before_the_seed_time_it_was_given_exits_with_3()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "cli-term");
        using DownloadCliProcess seed = DownloadCliProcess.Start("seed", content.TorrentPath, "--path", content.SourceFolder, "--port", "0", "--no-trackers", "--seed-time", "2h");
        await ListeningPortAsync(seed);

        await seed.SignalAsync("TERM");
        int exitCode = await seed.WaitForExitAsync();

        Assert.Equal(3, exitCode);
        Assert.Contains("SIGTERM: stopping gracefully", seed.StandardError, StringComparison.Ordinal);
        Assert.Contains("; stopped", seed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_with_a_seed_time_downloads_then_seeds_and_exits_0()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "cli-download-seed");
        await using OurSeeder origin = await OurSeeder.StartAsync(content, _work);
        string output = _work.Combine("downloaded");
        string port = FreePort.Tcp().ToString(CultureInfo.InvariantCulture);

        ProcessResult download = await TorrentpsCli.RunAsync(
            "download", content.TorrentPath, "-o", output, "--peer", $"127.0.0.1:{origin.Port}", "--no-trackers", "--port", port, "--seed-time", "1s");

        Assert.True(download.ExitCode == 0, download.ToString());
        content.AssertDownloadedTo(output);
        Assert.Contains($"on port {port}", download.StandardError, StringComparison.Ordinal);
        Assert.Contains("seed time reached", download.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_that_is_not_there_is_an_error_with_exit_code_1()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "cli-nodata");
        string empty = _work.Combine("empty");
        Directory.CreateDirectory(empty);

        ProcessResult result = await TorrentpsCli.RunAsync("seed", content.TorrentPath, "--path", empty, "--port", "0", "--no-trackers");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"torrentps: error: {empty}: Nothing of 'cli-nodata' to seed", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seed-time", "soon")]
    [InlineData("--seed-ratio", "0")]
    [InlineData("--upload-limit", "fast")]
    [InlineData("--port", "70000")]
    public async Task Bad_options_are_usage_errors_with_exit_code_2(string option, string value)
    {
        ProcessResult result = await TorrentpsCli.RunAsync("seed", "whatever.torrent", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<int> ListeningPortAsync(DownloadCliProcess seed)
    {
        await seed.WaitForStandardErrorAsync(line => PortLine().IsMatch(line), "its listening port");
        string line = seed.StandardError.Split('\n').First(l => PortLine().IsMatch(l));
        return int.Parse(PortLine().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@" on port (\d+)")]
    private static partial Regex PortLine();
}
