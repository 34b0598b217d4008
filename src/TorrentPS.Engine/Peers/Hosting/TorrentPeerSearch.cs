using System;
using System.Collections.Generic;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Peers.Hosting
{
    /// <summary>What one search found for one torrent: its peers, and every tracker's answer (failures included) for the host to report.</summary>
    public sealed class TorrentPeerSearch
    {
        public TorrentPeerSearch(TrackerTarget target, IReadOnlyList<TrackerAnnounceResult> announces, IReadOnlyList<TorrentPeer> peers, bool probed)
        {
            Target = target ?? throw new ArgumentNullException(nameof(target));
            Announces = announces ?? throw new ArgumentNullException(nameof(announces));
            Peers = peers ?? throw new ArgumentNullException(nameof(peers));
            Probed = probed;
        }

        public TrackerTarget Target { get; }

        /// <summary>One result per tracker asked; empty when trackers were not asked or the torrent names none.</summary>
        public IReadOnlyList<TrackerAnnounceResult> Announces { get; }

        public IReadOnlyList<TorrentPeer> Peers { get; }

        /// <summary>Whether the peers were probed (a probe was asked for and the torrent's piece count is known).</summary>
        public bool Probed { get; }

        public override string ToString() => $"{Target}: {Peers.Count} peers from {Announces.Count} trackers";
    }
}
