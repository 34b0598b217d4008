using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Peers.Hosting
{
    /// <summary>
    /// The engine behind Get-TorrentPeer: asks a torrent's trackers for peers (one peer id for the whole command),
    /// adds the given and magnet peers, de-duplicates them with their source, and probes them all in parallel when
    /// asked. Tracker failures come back as results, never as exceptions; only cancellation throws.
    /// </summary>
    public sealed class TorrentPeerFinder : IDisposable
    {
        private readonly TorrentPeerFinderOptions _options;
        private readonly TrackerQuery _query;
        private readonly PeerProbe _probe;
        private readonly byte[] _probePeerId = PeerIdGenerator.Generate();

        public TorrentPeerFinder(TorrentPeerFinderOptions? options = null)
        {
            _options = options ?? TorrentPeerFinderOptions.Default;
            _query = new TrackerQuery(_options.Trackers);
            _probe = new PeerProbe(_options.Probe);
        }

        /// <summary>The peer id trackers see.</summary>
        public string PeerId => _query.PeerId;

        /// <summary>The trackers <see cref="FindAsync"/> would ask about <paramref name="target"/>, tier by tier.</summary>
        public IReadOnlyList<IReadOnlyList<string>> TiersFor(TrackerTarget target) =>
            _options.UseTrackers ? _query.TiersFor(target) : Array.Empty<IReadOnlyList<string>>();

        public async Task<TorrentPeerSearch> FindAsync(
            TrackerTarget target,
            IReadOnlyList<PeerProbeTarget>? manual,
            bool probe,
            CancellationToken cancellationToken = default)
        {
            if (target is null)
            {
                throw new ArgumentNullException(nameof(target));
            }

            IReadOnlyList<TrackerAnnounceResult> announces = TiersFor(target).Count > 0
                ? await _query.AnnounceAsync(target, cancellationToken).ConfigureAwait(false)
                : Array.Empty<TrackerAnnounceResult>();
            IReadOnlyList<TorrentPeer> peers = PeerGathering.Gather(target.InfoHash, manual, target.Source as MagnetLink, announces);
            if (!probe)
            {
                return new TorrentPeerSearch(target, announces, peers, probed: false);
            }

            // A magnet link or a bare hash gives no piece count: its peers are probed all the same, availability unknown.
            int? pieceCount = (target.Source as TorrentInfo)?.PieceCount;
            IReadOnlyList<PeerProbeResult> results = await _probe.ProbeAsync(
                target.InfoHash, _probePeerId, pieceCount, PeerGathering.ToProbeTargets(peers), cancellationToken).ConfigureAwait(false);
            return new TorrentPeerSearch(target, announces, PeerGathering.WithProbeResults(peers, results), probed: true);
        }

        public void Dispose() => _query.Dispose();
    }
}
