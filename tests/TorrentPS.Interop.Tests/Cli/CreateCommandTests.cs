using System.Text.Json;
using TorrentPS.Interop.Tests.Creation;
using TorrentPS.Interop.Tests.Metainfo;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>`torrentps create` run as a process; what it writes is checked by libtorrent and by the engine.</summary>
public sealed class CreateCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("cli-create");

    public void Dispose() => _temp.Dispose();

    /// <summary>Runs torrentps in <paramref name="workingDirectory"/> (TorrentpsCli runs it in the test's own).</summary>
    private static Task<ProcessResult> RunInAsync(string workingDirectory, params string[] arguments)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : ExternalTool.Require("dotnet", "dotnet-sdk-10.0");
        return ProcessRunner.RunAsync(dotnet, new[] { TorrentpsCli.AssemblyPath }.Concat(arguments), workingDirectory);
    }

    private static string[] ErrorLines(ProcessResult result) => result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task It_writes_a_torrent_that_libtorrent_reads_and_seeds_with_every_option_given()
    {
        string content = SampleContent.MultiFileTree(_temp);
        string output = _temp.Combine("out", "tree.torrent");

        ProcessResult result = await TorrentpsCli.RunAsync(
            "create", content, "-o", output,
            "--tracker", "http://127.0.0.1:6969/announce,http://[::1]:6969/announce", "--tracker", "udp://127.0.0.1:6969",
            "--web-seed", "http://127.0.0.1:8080/seed/", "--piece-size", "32K", "--private", "--comment", "made by the CLI", "--source", "TPS");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.StandardError);
        Assert.StartsWith("Created " + output, result.StandardOutput, StringComparison.Ordinal);
        LibtorrentView reference = await LibtorrentView.LoadAsync(output);
        TorrentInfo ours = TorrentInfo.LoadFile(output);
        Assert.Equal(ours.InfoHash.ToString(), reference.InfoHashV1);
        Assert.Contains(reference.InfoHashV1, result.StandardOutput, StringComparison.Ordinal);
        Assert.True(reference.IsPrivate);
        Assert.Equal(32 * 1024, reference.PieceLength);
        Assert.Equal([["http://127.0.0.1:6969/announce", "http://[::1]:6969/announce"], ["udp://127.0.0.1:6969"]], reference.TrackerTiers().Select(t => t.ToArray()));
        Assert.Equal(["http://127.0.0.1:8080/seed/"], reference.WebSeeds);
        Assert.Equal(("made by the CLI", TorrentCreationOptions.DefaultCreatedBy), (ours.Comment, ours.CreatedBy));
        LibtorrentCheck check = await ThirdPartyChecks.LibtorrentAsync(output, Path.GetDirectoryName(content)!);
        Assert.True(check.IsSeeding, check.ToString());
    }

    [Fact]
    public async Task Json_is_the_shape_of_info_json_and_matches_the_engine()
    {
        string file = SampleContent.SingleFile(_temp);
        string output = _temp.Combine("single.torrent");
        BuiltTorrent engine = await TorrentBuilder.CreateAsync(file, new TorrentCreationOptions { PieceLength = 16 * 1024 });

        ProcessResult result = await TorrentpsCli.RunAsync("create", file, "-o", output, "--piece-size", "16384", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement json = document.RootElement;
        Assert.Equal(engine.InfoHash.ToString(), json.GetProperty("infoHash").GetString());
        Assert.Equal("single.bin", json.GetProperty("name").GetString());
        Assert.Equal(engine.Torrent.PieceCount, json.GetProperty("pieceCount").GetInt32());
        Assert.False(json.GetProperty("isMultiFile").GetBoolean());
        Assert.Equal(0, json.GetProperty("trackers").GetArrayLength());
    }

    [Fact]
    public async Task Without_o_it_writes_NAME_torrent_in_the_current_folder_and_refuses_to_replace_it_without_force()
    {
        string content = SampleContent.MultiFileTree(_temp);
        string work = _temp.Combine("work");
        Directory.CreateDirectory(work);
        string expected = Path.Combine(work, "tree.torrent");

        ProcessResult first = await RunInAsync(work, "create", content);
        ProcessResult second = await RunInAsync(work, "create", content);
        ProcessResult forced = await RunInAsync(work, "create", content, "--force");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(File.Exists(expected));
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Equal("torrentps: error: " + expected + ": already exists; use --force to replace it", Assert.Single(ErrorLines(second)));
        Assert.True(forced.ExitCode == 0, forced.ToString());
    }

    [Fact]
    public async Task A_torrent_written_into_its_own_folder_leaves_itself_out_and_hidden_files_are_left_out_with_a_warning()
    {
        string content = SampleContent.MultiFileTree(_temp);
        string hidden = _temp.WriteFile("content/tree/.hidden", 10);
        string inside = Path.Combine(content, "tree.torrent");

        ProcessResult first = await TorrentpsCli.RunAsync("create", content, "-o", inside, "--piece-size", "32768");
        ProcessResult again = await TorrentpsCli.RunAsync("create", content, "-o", inside, "--piece-size", "32768", "--force");
        ProcessResult withHidden = await TorrentpsCli.RunAsync("create", content, "-o", _temp.Combine("hidden.torrent"), "--include-hidden", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("torrentps: warning: " + hidden + ": left out (hidden or OS junk; --include-hidden keeps it)", Assert.Single(ErrorLines(first)));
        Assert.True(again.ExitCode == 0, again.ToString());
        TorrentInfo torrent = TorrentInfo.LoadFile(inside);
        Assert.DoesNotContain(torrent.Files, f => f.Path.EndsWith(".torrent", StringComparison.Ordinal) || f.Path.EndsWith(".hidden", StringComparison.Ordinal));
        Assert.Equal(7, torrent.Files.Count);
        Assert.True(withHidden.ExitCode == 0, withHidden.ToString());
        using JsonDocument json = JsonDocument.Parse(withHidden.StandardOutput);
        Assert.Contains(json.RootElement.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "tree/.hidden");
    }

    [Theory]
    [InlineData("missing", "no such file or folder")]
    [InlineData("empty-folder", "the folder holds no files")]
    [InlineData("piece-size", "is not a power of two")]
    [InlineData("tracker", "is not a http://, https://, udp:// URL")]
    public async Task Bad_input_exits_with_1_and_one_error_line_that_says_what_and_where(string kind, string message)
    {
        string content = SampleContent.SingleFile(_temp);
        Directory.CreateDirectory(_temp.Combine("empty-folder"));
        (string[] arguments, string subject) = kind switch
        {
            "missing" => (new[] { "create", _temp.Combine("missing") }, _temp.Combine("missing")),
            "empty-folder" => (new[] { "create", _temp.Combine("empty-folder") }, _temp.Combine("empty-folder")),
            "piece-size" => (new[] { "create", content, "--piece-size", "1000" }, "--piece-size"),
            _ => (new[] { "create", content, "--tracker", "ftp://127.0.0.1/announce" }, "--tracker"),
        };

        ProcessResult result = await RunInAsync(_temp.Path, arguments);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.StandardOutput);
        string line = Assert.Single(ErrorLines(result));
        Assert.StartsWith($"torrentps: error: {subject}: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("single.bin.torrent")), "nothing is written on bad input");
    }

    [Theory]
    [InlineData("create")]
    [InlineData("create", "x", "--piece-size", "lots")]
    [InlineData("create", "x", "--no-such-option")]
    public async Task Usage_errors_exit_with_2(params string[] arguments)
    {
        ProcessResult result = await TorrentpsCli.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.NotEqual(string.Empty, result.StandardError);
    }
}
