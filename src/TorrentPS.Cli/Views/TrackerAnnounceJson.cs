using System.Collections.Generic;
using System.Linq;

namespace TorrentPS.Cli.Views
{
    /// <summary>
    /// One element of the array <c>torrentps announce --json</c> prints: one per tracker asked, failures included.
    /// Absent values are null (interval of a failed tracker, counts a tracker did not send).
    /// </summary>
    internal sealed record TrackerAnnounceJson(
        string Tracker,
        string Status,
        long? Interval,
        int? Seeders,
        int? Leechers,
        IReadOnlyList<TrackerPeerJson> Peers,
        string? Warning,
        string? Error)
    {
        public static TrackerAnnounceJson From(TrackerAnnounceResult result) => new TrackerAnnounceJson(
            Tracker: result.Tracker,
            Status: TrackerStatusText.Of(result.Status),
            // Seconds, as trackers send it.
            Interval: result.Interval is { } interval ? (long)interval.TotalSeconds : null,
            Seeders: result.Seeders,
            Leechers: result.Leechers,
            Peers: result.Peers.Select(peer => new TrackerPeerJson(peer.Address.ToString(), peer.Port)).ToList(),
            Warning: result.Warning,
            Error: result.Error);
    }

    /// <summary>A peer: the address as text (IPv4 dotted, IPv6 without brackets) and the port.</summary>
    internal sealed record TrackerPeerJson(string Address, int Port);

    internal static class TrackerStatusText
    {
        public static string Of(TrackerStatus status) => status == TrackerStatus.Success ? "success" : "failed";
    }
}
