using System.Text.Json;
using TorrentPS.Interop.Tests.Metainfo;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>`torrentps verify` run as a process against torrents made by mktorrent, transmission-create and `torrentps create`.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("cli-verify");

    public void Dispose() => _temp.Dispose();

    private static string[] ErrorLines(ProcessResult result) => result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0xFF));
    }

    [Fact]
    public async Task A_mktorrent_torrent_with_complete_data_exits_0_from_the_download_folder_or_its_own_folder()
    {
        string content = SampleContent.MultiFileTree(_temp);
        string torrent = await TorrentMakers.MktorrentAsync(content, _temp.Combine("tree.torrent"), new TorrentOptions { PieceLength = SampleContent.PieceLength });

        ProcessResult human = await TorrentpsCli.RunAsync("verify", torrent, "--path", Path.GetDirectoryName(content)!);
        ProcessResult json = await TorrentpsCli.RunAsync("verify", torrent, "-p", content, "--json");

        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Equal(string.Empty, human.StandardError);
        Assert.Contains("(complete)", human.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("All 7 file(s) complete", human.StandardOutput, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using JsonDocument document = JsonDocument.Parse(json.StandardOutput);
        JsonElement root = document.RootElement;
        Assert.True(root.GetProperty("isComplete").GetBoolean());
        Assert.Equal(root.GetProperty("pieceCount").GetInt32(), root.GetProperty("piecesGood").GetInt32());
        Assert.Equal(Path.GetDirectoryName(content), root.GetProperty("destination").GetString());
        Assert.Equal(7, root.GetProperty("files").GetArrayLength());
        Assert.All(root.GetProperty("files").EnumerateArray(), file => Assert.True(file.GetProperty("isComplete").GetBoolean()));
    }

    [Fact]
    public async Task A_transmission_create_torrent_with_a_bad_byte_and_a_missing_file_exits_1_and_names_the_files()
    {
        string content = SampleContent.MultiFileTree(_temp);
        string torrent = await TorrentMakers.TransmissionCreateAsync(content, _temp.Combine("tree.torrent"), new TorrentOptions { PieceLength = SampleContent.PieceLength });
        FlipByte(Path.Combine(content, "a.bin"), 70_000);
        File.Delete(Path.Combine(content, "nested", "b.bin"));

        ProcessResult human = await TorrentpsCli.RunAsync("verify", torrent, "--path", content);
        ProcessResult json = await TorrentpsCli.RunAsync("verify", torrent, "--path", content, "--json");

        Assert.True(human.ExitCode == 1, human.ToString());
        Assert.Contains("tree/a.bin: ", human.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 bad", human.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("tree/nested/b.bin: missing", human.StandardOutput, StringComparison.Ordinal);
        string error = Assert.Single(ErrorLines(human));
        Assert.StartsWith("torrentps: error: tree: not complete: ", error, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 1, json.ToString());
        using JsonDocument document = JsonDocument.Parse(json.StandardOutput);
        JsonElement root = document.RootElement;
        Assert.False(root.GetProperty("isComplete").GetBoolean());
        Assert.Equal(1, root.GetProperty("piecesBad").GetInt32());
        JsonElement[] files = root.GetProperty("files").EnumerateArray().ToArray();
        JsonElement a = files.Single(f => f.GetProperty("path").GetString() == "tree/a.bin");
        Assert.Equal(1, a.GetProperty("piecesBad").GetInt32());
        JsonElement b = files.Single(f => f.GetProperty("path").GetString() == "tree/nested/b.bin");
        Assert.Equal(JsonValueKind.Null, b.GetProperty("sizeOnDisk").ValueKind);
        Assert.False(b.GetProperty("isComplete").GetBoolean());
    }

    [Fact]
    public async Task What_torrentps_create_makes_torrentps_verify_accepts_and_a_single_file_is_found_from_itself()
    {
        string file = SampleContent.SingleFile(_temp);
        string torrent = _temp.Combine("single.torrent");
        (await TorrentpsCli.RunAsync("create", file, "-o", torrent)).EnsureSuccess();

        ProcessResult fromFile = await TorrentpsCli.RunAsync("verify", torrent, "--path", file);
        File.AppendAllText(file, "x");
        ProcessResult grown = await TorrentpsCli.RunAsync("verify", torrent, "--path", file);

        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        // Every piece still hashes right, but the file is not its exact length: not complete.
        Assert.True(grown.ExitCode == 1, grown.ToString());
        Assert.Contains("(size 99539, expected 99538)", grown.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-data")]
    [InlineData("missing-torrent")]
    [InlineData("not-a-torrent")]
    [InlineData("magnet")]
    [InlineData("wrong-file")]
    public async Task Bad_input_exits_with_1_and_one_error_line(string kind)
    {
        string file = SampleContent.SingleFile(_temp);
        string torrent = await TorrentMakers.MktorrentAsync(file, _temp.Combine("single.torrent"), new TorrentOptions { PieceLength = SampleContent.PieceLength });
        string garbage = _temp.Combine("garbage.torrent");
        await File.WriteAllTextAsync(garbage, "not bencode");
        string other = _temp.WriteFile("other.bin", 100);
        (string[] arguments, string subject) = kind switch
        {
            "missing-data" => (new[] { "verify", torrent, "--path", _temp.Combine("nope") }, _temp.Combine("nope")),
            "missing-torrent" => (new[] { "verify", _temp.Combine("nope.torrent") }, _temp.Combine("nope.torrent")),
            "not-a-torrent" => (new[] { "verify", garbage }, garbage),
            "magnet" => (new[] { "verify", "magnet:?xt=urn:btih:55b2f9ce1cb2385a1420bfcd6c1cd11d6f07fe06" }, "magnet link"),
            _ => (new[] { "verify", torrent, "--path", other }, other),
        };

        ProcessResult result = await TorrentpsCli.RunAsync(arguments);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.StandardOutput);
        string line = Assert.Single(ErrorLines(result));
        Assert.StartsWith($"torrentps: error: {subject}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("verify", "x.torrent", "--no-such-option")]
    public async Task Usage_errors_exit_with_2(params string[] arguments)
    {
        ProcessResult result = await TorrentpsCli.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
    }
}
