using System.Text.Json;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>A magnet link written by libtorrent (make_magnet_uri) and what libtorrent's parse_magnet_uri reads back from it.</summary>
public sealed record MagnetReference(
    string Uri,
    string InfoHashV1,
    string Name,
    IReadOnlyList<string> Trackers,
    IReadOnlyList<int> TrackerTiers,
    IReadOnlyList<string> WebSeeds)
{
    private const string Script = """
        import json, sys
        import libtorrent as lt
        uri = lt.make_magnet_uri(lt.torrent_info(sys.argv[1])) + sys.argv[2]
        p = lt.parse_magnet_uri(uri)
        print(json.dumps({
            "uri": uri,
            "infoHashV1": str(p.info_hashes.v1),
            "name": p.name,
            "trackers": list(p.trackers),
            "trackerTiers": list(p.tracker_tiers),
            "webSeeds": list(p.url_seeds),
        }))
        """;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <param name="extra">Parameters appended to libtorrent's link (e.g. "&amp;x.pe=...").</param>
    public static async Task<MagnetReference> FromTorrentAsync(string torrentPath, string extra)
    {
        string json = await LibtorrentPython.RunAsync(Script, torrentPath, extra);
        return JsonSerializer.Deserialize<MagnetReference>(json, JsonOptions)
            ?? throw new InvalidOperationException("libtorrent printed no magnet link: " + json);
    }
}
