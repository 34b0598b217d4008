using System.Text.Json;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Metainfo;

/// <summary>What libtorrent (lt.torrent_info) reads from a .torrent file: the reference we must agree with.</summary>
public sealed record LibtorrentView(
    string InfoHashV1,
    bool HasV2,
    string Name,
    long TotalSize,
    int PieceLength,
    int NumPieces,
    bool IsPrivate,
    IReadOnlyList<LibtorrentFile> Files,
    IReadOnlyList<LibtorrentTracker> Trackers,
    IReadOnlyList<string> WebSeeds,
    string InfoSection,
    IReadOnlyList<string> PieceHashes)
{
    // JSON from Python so the C# side parses a stable shape; bytes travel as lowercase hex.
    private const string Script = """
        import json, sys
        import libtorrent as lt
        ti = lt.torrent_info(sys.argv[1])
        fs = ti.files()
        files = []
        for i in range(fs.num_files()):
            flags = fs.file_flags(i)
            files.append({
                "path": fs.file_path(i),
                "size": fs.file_size(i),
                "offset": fs.file_offset(i),
                "pad": bool(flags & lt.file_storage.flag_pad_file),
                "executable": bool(flags & lt.file_storage.flag_executable),
                "hidden": bool(flags & lt.file_storage.flag_hidden),
            })
        hashes = ti.info_hashes()
        print(json.dumps({
            "infoHashV1": str(hashes.v1),
            "hasV2": hashes.has_v2(),
            "name": ti.name(),
            "totalSize": ti.total_size(),
            "pieceLength": ti.piece_length(),
            "numPieces": ti.num_pieces(),
            "isPrivate": ti.priv(),
            "files": files,
            "trackers": [{"url": t.url, "tier": t.tier} for t in ti.trackers()],
            "webSeeds": [w["url"] for w in ti.web_seeds()],
            "infoSection": bytes(ti.info_section()).hex(),
            "pieceHashes": [ti.hash_for_piece(i).hex() for i in range(ti.num_pieces())],
        }))
        """;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public static async Task<LibtorrentView> LoadAsync(string torrentPath)
    {
        string json = await LibtorrentPython.RunAsync(Script, torrentPath);
        return JsonSerializer.Deserialize<LibtorrentView>(json, JsonOptions)
            ?? throw new InvalidOperationException($"libtorrent printed no view of {torrentPath}: {json}");
    }

    /// <summary>Announce URLs grouped by tier, in tier order. libtorrent shuffles URLs within a tier (BEP 12), so each tier is sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TrackerTiers() =>
        Trackers.GroupBy(tracker => tracker.Tier)
            .OrderBy(tier => tier.Key)
            .Select(tier => (IReadOnlyList<string>)tier.Select(tracker => tracker.Url).Order(StringComparer.Ordinal).ToList())
            .ToList();
}

public sealed record LibtorrentFile(string Path, long Size, long Offset, bool Pad, bool Executable, bool Hidden);

public sealed record LibtorrentTracker(string Url, int Tier);
