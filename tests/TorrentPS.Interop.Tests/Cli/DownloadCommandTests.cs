using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>`torrentps download` as a process against a real aria2c seeder on loopback.</summary>
public sealed class DownloadCommandTests : IDisposable
{
    private const int PieceLength = 32 * 1024;

    private static readonly Regex DownloadingLine = new(@"^downloading [\d.]+% · (\d+)/(\d+) pieces", RegexOptions.CultureInvariant);

    private readonly TempDirectory _temp = new("cli-download");

    [Fact]
    public async Task Downloads_a_multi_file_torrent_from_aria2_byte_for_byte()
    {
        string content = _temp.Combine("seed", "album");
        _temp.WriteFile("seed/album/one.bin", (3 * PieceLength) + 100, seed: 11);
        _temp.WriteFile("seed/album/sub/two.bin", (2 * PieceLength) - 7, seed: 12);
        _temp.WriteFile("seed/album/three.bin", 1, seed: 13);
        string torrent = await MakeTorrentAsync(content, "album.torrent");
        using DownloadSeeder seeder = await DownloadSeeder.StartAsync(torrent, _temp.Combine("seed"));
        string output = _temp.Combine("out");

        ProcessResult result = await TorrentpsCli.RunAsync("download", torrent, "-o", output, "--peer", seeder.Address, "--no-trackers", "--json");

        Assert.True(result.ExitCode == 0, result + "\nseeder:\n" + seeder.Output);
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement json = document.RootElement;
        Assert.Equal("complete", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("isComplete").GetBoolean());
        Assert.Equal(TorrentInfo.LoadFile(torrent).InfoHash.ToString(), json.GetProperty("infoHash").GetString());
        Assert.Equal(Path.Combine(output, "album"), json.GetProperty("path").GetString());
        Assert.Equal(json.GetProperty("pieceCount").GetInt32(), json.GetProperty("piecesVerified").GetInt32());
        Assert.Equal(1, json.GetProperty("peersUsed").GetInt32());
        foreach (string file in new[] { "one.bin", "sub/two.bin", "three.bin" })
        {
            Assert.Equal(File.ReadAllBytes(_temp.Combine("seed", "album", file)), File.ReadAllBytes(Path.Combine(output, "album", file)));
        }

        // Redirected stderr gets plain progress lines, never a bar redrawn with carriage returns, and no problem lines.
        Assert.DoesNotContain('\r', result.StandardError);
        Assert.Contains("completed 100.0%", result.StandardError);
        Assert.DoesNotContain("torrentps: error", result.StandardError);
    }

    [Fact]
    public async Task On_a_terminal_the_bar_is_redrawn_in_place()
    {
        string file = _temp.WriteFile("seed/tty.bin", (8 * PieceLength) + 3, seed: 41);
        string torrent = await MakeTorrentAsync(file, "tty.torrent");
        using DownloadSeeder seeder = await DownloadSeeder.StartAsync(torrent, _temp.Combine("seed"));
        string output = _temp.Combine("out");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : ExternalTool.Require("dotnet", "dotnet-sdk-10.0");
        string command = string.Join(" ", new[] { dotnet, TorrentpsCli.AssemblyPath, "download", torrent, "-o", output, "--peer", seeder.Address, "--no-trackers" }.Select(Quote));

        // script(1) runs the command on a pseudo-terminal, so stderr is a terminal as it is for a user; the
        // typescript file keeps the bytes exactly (a captured stream would split the redraws into lines).
        string typescript = _temp.Combine("typescript.txt");
        ProcessResult result = await ProcessRunner.RunAsync(ExternalTool.Require("script", "bsdutils"), new[] { "-q", "-e", "-c", command, typescript });
        string screen = File.ReadAllText(typescript);

        Assert.True(result.ExitCode == 0, result + "\ntypescript:\n" + screen);
        // Each redraw goes back to the start of the line: the final bar follows a carriage return, not a new line.
        Assert.Contains("\r[################] 100.0%  completed", screen);
        Assert.DoesNotContain("completed 100.0% · ", screen);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(output, "tty.bin")));
    }

    [Fact]
    public async Task Sigint_mid_download_stops_gracefully_and_the_same_command_resumes()
    {
        string file = _temp.WriteFile("seed/big.bin", (96 * PieceLength) + 5, seed: 21);
        string torrent = await MakeTorrentAsync(file, "big.torrent");
        string output = _temp.Combine("out");
        InfoHash infoHash = TorrentInfo.LoadFile(torrent).InfoHash;

        JsonElement stopped;
        using (DownloadSeeder slow = await DownloadSeeder.StartAsync(torrent, _temp.Combine("seed"), uploadLimit: "256K"))
        using (DownloadCliProcess download = DownloadCliProcess.Start("download", torrent, "-o", output, "--peer", slow.Address, "--no-trackers", "--json"))
        {
            await download.WaitForStandardErrorAsync(line => VerifiedPieces(line) > 0, "a progress line with verified pieces");
            await download.SignalAsync("INT");
            int exitCode = await download.WaitForExitAsync();

            Assert.True(exitCode == 3, $"exit code {exitCode}\n{download}");
            Assert.Contains("stopping gracefully", download.StandardError);
            Assert.Contains("interrupted", download.StandardError);
            stopped = JsonDocument.Parse(download.StandardOutput).RootElement.Clone();
        }

        Assert.Equal("interrupted", stopped.GetProperty("status").GetString());
        int verified = stopped.GetProperty("piecesVerified").GetInt32();
        Assert.InRange(verified, 1, stopped.GetProperty("pieceCount").GetInt32() - 1);
        Assert.True(File.Exists(Path.Combine(output, ".torrentps", infoHash + ".resume")), "the graceful stop writes resume data");

        using DownloadSeeder fast = await DownloadSeeder.StartAsync(torrent, _temp.Combine("seed"));
        ProcessResult resumed = await TorrentpsCli.RunAsync("download", torrent, "-o", output, "--peer", fast.Address, "--no-trackers", "--json", "--verbose");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("Resume data from", resumed.StandardError);
        JsonElement complete = JsonDocument.Parse(resumed.StandardOutput).RootElement;
        Assert.Equal("complete", complete.GetProperty("status").GetString());
        // Only what the first run did not verify travels again: at most that many (full-size) pieces. The first run
        // may have verified the short last piece (pieces come rarest-first, ties at random), so count whole pieces.
        int unverified = stopped.GetProperty("pieceCount").GetInt32() - verified;
        Assert.True(complete.GetProperty("bytesDownloaded").GetInt64() <= (long)unverified * PieceLength, resumed.ToString());
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(output, "big.bin")));
    }

    [Fact]
    public async Task Sigterm_stops_gracefully_with_resume_data()
    {
        string file = _temp.WriteFile("seed/term.bin", (64 * PieceLength) + 9, seed: 31);
        string torrent = await MakeTorrentAsync(file, "term.torrent");
        string output = _temp.Combine("out");
        using DownloadSeeder slow = await DownloadSeeder.StartAsync(torrent, _temp.Combine("seed"), uploadLimit: "128K");
        using DownloadCliProcess download = DownloadCliProcess.Start("download", torrent, "-o", output, "--peer", slow.Address, "--no-trackers");

        await download.WaitForStandardErrorAsync(line => VerifiedPieces(line) > 0, "a progress line with verified pieces");
        await download.SignalAsync("TERM");
        int exitCode = await download.WaitForExitAsync();

        Assert.True(exitCode == 3, $"exit code {exitCode}\n{download}");
        Assert.Contains("SIGTERM: stopping gracefully", download.StandardError);
        Assert.Matches(@"^term\.bin: \d+/65 pieces verified", download.StandardOutput);
        Assert.True(File.Exists(Path.Combine(output, ".torrentps", TorrentInfo.LoadFile(torrent).InfoHash + ".resume")), download.ToString());
    }

    [Fact]
    public async Task A_bad_torrent_is_exit_code_1_with_one_line()
    {
        string bad = _temp.Combine("bad.torrent");
        File.WriteAllText(bad, "d4:infod6:lengthi-5eee");
        string output = _temp.Combine("out");

        ProcessResult result = await TorrentpsCli.RunAsync("download", bad, "-o", output, "--no-trackers");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.StandardOutput);
        string line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"torrentps: error: {bad}: ", line);
        Assert.False(Directory.Exists(output), "nothing is created for a torrent that cannot be read");
    }

    [Theory]
    [InlineData("missing", 1, "no such file")]
    [InlineData("magnet", 1, "needs the .torrent file")]
    [InlineData("peer", 2, "--peer")]
    [InlineData("tracker", 2, "--tracker")]
    [InlineData("max-peers", 2, "--max-peers")]
    public async Task Bad_input_and_bad_command_lines_have_their_exit_codes(string mistake, int expected, string message)
    {
        string torrent = _temp.WriteFile("ok.bin", 1000);
        string torrentPath = await MakeTorrentAsync(torrent, "ok.torrent");
        string[] arguments = mistake switch
        {
            "missing" => new[] { "download", _temp.Combine("nope.torrent") },
            "magnet" => new[] { "download", "magnet:?xt=urn:btih:" + TorrentInfo.LoadFile(torrentPath).InfoHash },
            "peer" => new[] { "download", torrentPath, "--peer", "127.0.0.1" },
            "tracker" => new[] { "download", torrentPath, "--tracker", "ftp://127.0.0.1/announce" },
            _ => new[] { "download", torrentPath, "--max-peers", "0" },
        };

        ProcessResult result = await TorrentpsCli.RunAsync(arguments);

        Assert.True(result.ExitCode == expected, result.ToString());
        Assert.Contains(message, result.StandardError);
        if (expected == 1)
        {
            Assert.Equal(string.Empty, result.StandardOutput);
            Assert.StartsWith("torrentps: error: ", Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    public void Dispose() => _temp.Dispose();

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''") + "'";

    private static int VerifiedPieces(string line)
    {
        Match match = DownloadingLine.Match(line);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private Task<string> MakeTorrentAsync(string content, string name) =>
        TorrentMakers.MktorrentAsync(
            content,
            _temp.Combine(name),
            new TorrentOptions { PieceLength = PieceLength, Trackers = new[] { new[] { "http://127.0.0.1:9/announce" } } });
}
