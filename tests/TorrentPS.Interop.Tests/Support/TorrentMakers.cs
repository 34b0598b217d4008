using System.Globalization;
using System.Text.Json;

namespace TorrentPS.Interop.Tests.Support;

/// <summary>How python3-libtorrent should lay out the torrent it creates.</summary>
public enum LibtorrentFormat
{
    /// <summary>BEP 3 only, files back to back (create_torrent.v1_only).</summary>
    V1Only,

    /// <summary>BEP 3 only, but every file aligned to a piece with BEP 47 padding files (v1_only | canonical_files).</summary>
    V1WithPadding,

    /// <summary>BEP 3 and BEP 52 in one info dictionary (libtorrent 2's default); v1 part padded.</summary>
    Hybrid,
}

/// <summary>What to put in a torrent besides the content.</summary>
public sealed record TorrentOptions
{
    /// <summary>Announce URLs by tier (BEP 12).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Trackers { get; init; } = new[] { new[] { "http://127.0.0.1:6969/announce" } };

    public IReadOnlyList<string> WebSeeds { get; init; } = Array.Empty<string>();

    public bool IsPrivate { get; init; }

    public string? Comment { get; init; }

    /// <summary>A power of two; the tools' defaults vary, so tests always say.</summary>
    public int PieceLength { get; init; } = 32 * 1024;
}

/// <summary>Makes .torrent files with third-party tools: mktorrent, transmission-create and python3-libtorrent.</summary>
public static class TorrentMakers
{
    private const string LibtorrentCreateScript = """
        import json, os, sys
        import libtorrent as lt
        content, output, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        flags = 0
        for name in options["flags"]:
            flags |= getattr(lt.create_torrent, name)
        fs = lt.file_storage()
        lt.add_files(fs, content)
        ct = lt.create_torrent(fs, options["pieceLength"], flags=flags)
        for tier, urls in enumerate(options["trackers"]):
            for url in urls:
                ct.add_tracker(url, tier)
        for url in options["webSeeds"]:
            ct.add_url_seed(url)
        ct.set_priv(options["private"])
        if options["comment"] is not None:
            ct.set_comment(options["comment"])
        ct.set_creator("TorrentPS interop tests")
        lt.set_piece_hashes(ct, os.path.dirname(content))
        with open(output, "wb") as f:
            f.write(lt.bencode(ct.generate()))
        """;

    /// <summary>mktorrent: one -a per tier (URLs of a tier comma-separated), -w per web seed, -l log2(piece length).</summary>
    public static async Task<string> MktorrentAsync(string content, string output, TorrentOptions options)
    {
        string tool = ExternalTool.Require("mktorrent", "mktorrent");
        var arguments = new List<string> { "-l", Log2(options.PieceLength).ToString(CultureInfo.InvariantCulture), "-o", output };
        foreach (IReadOnlyList<string> tier in options.Trackers)
        {
            arguments.Add("-a");
            arguments.Add(string.Join(",", tier));
        }

        foreach (string webSeed in options.WebSeeds)
        {
            arguments.Add("-w");
            arguments.Add(webSeed);
        }

        if (options.IsPrivate)
        {
            arguments.Add("-p");
        }

        if (options.Comment is not null)
        {
            arguments.Add("-c");
            arguments.Add(options.Comment);
        }

        arguments.Add(content);
        (await ProcessRunner.RunAsync(tool, arguments)).EnsureSuccess();
        return output;
    }

    /// <summary>transmission-create: every -t is a tier of its own (it has no way to share a tier) and it takes no web seeds.</summary>
    public static async Task<string> TransmissionCreateAsync(string content, string output, TorrentOptions options)
    {
        string tool = ExternalTool.Require("transmission-create", "transmission-cli");
        if (options.WebSeeds.Count > 0 || options.Trackers.Any(tier => tier.Count > 1))
        {
            throw new ArgumentException("transmission-create 3.00 makes one tier per tracker and cannot add web seeds.", nameof(options));
        }

        var arguments = new List<string> { "-o", output, "-s", (options.PieceLength / 1024).ToString(CultureInfo.InvariantCulture) };
        foreach (string tracker in options.Trackers.SelectMany(tier => tier))
        {
            arguments.Add("-t");
            arguments.Add(tracker);
        }

        if (options.IsPrivate)
        {
            arguments.Add("-p");
        }

        if (options.Comment is not null)
        {
            arguments.Add("-c");
            arguments.Add(options.Comment);
        }

        arguments.Add(content);
        (await ProcessRunner.RunAsync(tool, arguments)).EnsureSuccess();
        return output;
    }

    /// <summary>python3-libtorrent's create_torrent, the reference implementation's own writer.</summary>
    public static async Task<string> LibtorrentAsync(string content, string output, TorrentOptions options, LibtorrentFormat format)
    {
        string[] flags = format switch
        {
            LibtorrentFormat.V1Only => new[] { "v1_only" },
            LibtorrentFormat.V1WithPadding => new[] { "v1_only", "canonical_files" },
            LibtorrentFormat.Hybrid => Array.Empty<string>(),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        string json = JsonSerializer.Serialize(new
        {
            flags,
            pieceLength = options.PieceLength,
            trackers = options.Trackers,
            webSeeds = options.WebSeeds,
            @private = options.IsPrivate,
            comment = options.Comment,
        });
        // libtorrent names the torrent after the last path segment, so no trailing separator.
        string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(content));
        await LibtorrentPython.RunAsync(LibtorrentCreateScript, folder, output, json);
        return output;
    }

    private static int Log2(int pieceLength)
    {
        if (pieceLength <= 0 || (pieceLength & (pieceLength - 1)) != 0)
        {
            throw new ArgumentException($"{pieceLength} is not a power of two.", nameof(pieceLength));
        }

        return System.Numerics.BitOperations.Log2((uint)pieceLength);
    }
}
