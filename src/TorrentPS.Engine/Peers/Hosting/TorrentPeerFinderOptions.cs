using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Peers.Hosting
{
    /// <summary>What Get-TorrentPeer was told: which trackers to ask and how, and how to probe.</summary>
    public sealed class TorrentPeerFinderOptions
    {
        public static TorrentPeerFinderOptions Default { get; } = new TorrentPeerFinderOptions();

        /// <summary>Ask the torrent's (or the override's) trackers; off lists only the given and magnet peers.</summary>
        public bool UseTrackers { get; init; } = true;

        /// <summary>The tracker override, port, numwant, -All and timeout, as for Invoke-TorrentAnnounce.</summary>
        public TrackerQueryOptions Trackers { get; init; } = new TrackerQueryOptions();

        /// <summary>How hard each peer is probed (per-peer timeout, parallel probes).</summary>
        public PeerProbeOptions Probe { get; init; } = PeerProbeOptions.Default;
    }
}
