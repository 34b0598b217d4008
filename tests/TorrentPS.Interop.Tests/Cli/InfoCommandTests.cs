using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using TorrentPS.Interop.Tests.Metainfo;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>`torrentps info` run as a process on torrents and magnet links made by third-party tools.</summary>
public sealed class InfoCommandTests : IDisposable
{
    private static readonly string[][] Tiers =
    {
        new[] { "http://127.0.0.1:6969/announce", "http://127.0.0.1:6970/announce" },
        new[] { "udp://127.0.0.1:6969" },
    };

    // "at TorrentPS.Something.Method(" as a .NET stack trace prints it; "at byte 12" is a fine message.
    private static readonly Regex StackFrame = new(@"\bat [\w.`<>]+\.[\w`<>]+\(", RegexOptions.CultureInvariant);

    private static readonly string[] WebSeeds = { "http://127.0.0.1:8080/seed/" };

    private static readonly string[] Peers = { "127.0.0.1:6881" };

    private readonly TempDirectory _temp = new("cli-info");

    [Fact]
    public async Task JsonDescribesTheTorrentAsLibtorrentReadsIt()
    {
        string content = SampleContent.MultiFileTree(_temp);
        var options = new TorrentOptions
        {
            Trackers = Tiers,
            WebSeeds = WebSeeds,
            IsPrivate = true,
            PieceLength = SampleContent.PieceLength,
        };
        string torrent = await TorrentMakers.MktorrentAsync(content, _temp.Combine("tree.torrent"), options);
        LibtorrentView reference = await LibtorrentView.LoadAsync(torrent);

        ProcessResult result = await TorrentpsCli.RunAsync("info", torrent, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.StandardError);
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement json = document.RootElement;
        Assert.Equal(reference.InfoHashV1, json.GetProperty("infoHash").GetString());
        Assert.Equal("tree", json.GetProperty("name").GetString());
        Assert.Equal(reference.TotalSize, json.GetProperty("totalSize").GetInt64());
        Assert.Equal(SampleContent.PieceLength, json.GetProperty("pieceLength").GetInt32());
        Assert.Equal(reference.NumPieces, json.GetProperty("pieceCount").GetInt32());
        Assert.True(json.GetProperty("isPrivate").GetBoolean());
        Assert.Equal(
            reference.Files.Where(file => !file.Pad).Select(file => (file.Path, file.Size)),
            json.GetProperty("files").EnumerateArray().Select(file => (file.GetProperty("path").GetString()!, file.GetProperty("length").GetInt64())));
        // Tiers in the order mktorrent was given them (the file's order; libtorrent shuffles within a tier).
        Assert.Equal(
            Tiers,
            json.GetProperty("trackers").EnumerateArray().Select(tier => tier.EnumerateArray().Select(url => url.GetString()!).ToArray()));
        Assert.Equal(WebSeeds, json.GetProperty("webSeeds").EnumerateArray().Select(url => url.GetString()));
    }

    [Fact]
    public async Task HumanOutputNamesTheTorrentAndItsHash()
    {
        string content = SampleContent.SingleFile(_temp);
        string torrent = await TorrentMakers.TransmissionCreateAsync(
            content, _temp.Combine("single.torrent"), new TorrentOptions { PieceLength = SampleContent.PieceLength });
        LibtorrentView reference = await LibtorrentView.LoadAsync(torrent);

        ProcessResult result = await TorrentpsCli.RunAsync("info", torrent);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("single.bin", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(reference.InfoHashV1, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:6969/announce", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("{", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "not bencode at all")]
    [InlineData("truncated", null)]
    [InlineData("missing", null)]
    [InlineData("folder", null)]
    public async Task BadInputExitsWithOneAndOneLineOnStderr(string kind, string? text)
    {
        string path = _temp.Combine("bad-" + kind + ".torrent");
        switch (kind)
        {
            case "garbage":
                await File.WriteAllTextAsync(path, text);
                break;
            case "truncated":
                string content = SampleContent.SingleFile(_temp);
                string good = await TorrentMakers.MktorrentAsync(content, _temp.Combine("good.torrent"), new TorrentOptions());
                byte[] bytes = await File.ReadAllBytesAsync(good);
                await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
                break;
            case "folder":
                Directory.CreateDirectory(path);
                break;
        }

        foreach (string[] arguments in new[] { new[] { "info", path }, new[] { "info", path, "--json" } })
        {
            ProcessResult result = await TorrentpsCli.RunAsync(arguments);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal(string.Empty, result.StandardOutput);
            string line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("torrentps: error: " + path + ": ", line, StringComparison.Ordinal);
            Assert.True(line.Length > ("torrentps: error: " + path + ": ").Length, "the message names no problem: " + line);
            Assert.DoesNotMatch(StackFrame, line);
            Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MagnetLinkJsonCarriesWhatLibtorrentReadsFromIt()
    {
        string content = SampleContent.MultiFileTree(_temp);
        string torrent = await TorrentMakers.LibtorrentAsync(
            content,
            _temp.Combine("tree.torrent"),
            new TorrentOptions { Trackers = Tiers, WebSeeds = WebSeeds, PieceLength = SampleContent.PieceLength },
            LibtorrentFormat.V1Only);
        MagnetReference reference = await MagnetReference.FromTorrentAsync(torrent, extra: "&x.pe=127.0.0.1:6881&xl=12345");

        ProcessResult result = await TorrentpsCli.RunAsync("info", reference.Uri, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement json = document.RootElement;
        Assert.Equal(reference.InfoHashV1, json.GetProperty("infoHash").GetString());
        Assert.Equal(reference.Name, json.GetProperty("name").GetString());
        Assert.Equal(12345, json.GetProperty("exactLength").GetInt64());
        // Each tr= is a tier of its own, as libtorrent's parse_magnet_uri reads it.
        Assert.Equal(
            reference.Trackers.Select((url, i) => (url, reference.TrackerTiers[i])),
            json.GetProperty("trackers").EnumerateArray().SelectMany((tier, i) => tier.EnumerateArray().Select(url => (url.GetString()!, i))));
        Assert.Equal(reference.WebSeeds, json.GetProperty("webSeeds").EnumerateArray().Select(url => url.GetString()!));
        Assert.Equal(Peers, json.GetProperty("peers").EnumerateArray().Select(peer => peer.GetString()!));
    }

    [Fact]
    public async Task MagnetLinkHumanOutputShowsTheHash()
    {
        const string hash = "55b2f9ce1cb2385a1420bfcd6c1cd11d6f07fe06";

        ProcessResult result = await TorrentpsCli.RunAsync("info", $"magnet:?xt=urn:btih:{hash.ToUpperInvariant()}&dn=Some%20Name");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(hash, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Some Name", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("magnet:?dn=no-hash")]
    [InlineData("magnet:?xt=urn:btih:1234")]
    public async Task BadMagnetLinkExitsWithOneAndOneLineOnStderr(string uri)
    {
        ProcessResult result = await TorrentpsCli.RunAsync("info", uri, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.StandardOutput);
        string line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("torrentps: error: magnet link: ", line, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame, line);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("info", "a.torrent", "--no-such-option")]
    [InlineData("no-such-command")]
    public async Task UsageErrorsExitWithTwo(params string[] arguments)
    {
        ProcessResult result = await TorrentpsCli.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.NotEqual(string.Empty, result.StandardError);
    }

    [Fact]
    public async Task VersionIsTheAssemblyVersion()
    {
        ProcessResult result = await TorrentpsCli.RunAsync("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        string? expected = FileVersionInfo.GetVersionInfo(TorrentpsCli.AssemblyPath).ProductVersion;
        Assert.False(string.IsNullOrEmpty(expected));
        Assert.Equal(expected, result.StandardOutput.Trim());
    }

    public void Dispose() => _temp.Dispose();
}
