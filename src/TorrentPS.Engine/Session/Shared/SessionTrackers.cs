using System;
using System.Collections.Generic;
using System.Linq;
using TorrentPS.Tracking;

namespace TorrentPS.Session
{
    /// <summary>How the download and the seed session pick their trackers and set up the updater that announces to them.</summary>
    internal static class SessionTrackers
    {
        /// <summary>
        /// The tiers to announce to: each tracker the options name as a tier of its own, or else the torrent's
        /// announce-list; none when the options turn trackers off.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<string>> Tiers(TorrentInfo torrent, bool useTrackers, IReadOnlyList<string> overrides)
        {
            if (!useTrackers)
            {
                return Array.Empty<IReadOnlyList<string>>();
            }

            return overrides.Count > 0 ? overrides.Select(t => (IReadOnlyList<string>)new[] { t }).ToList() : torrent.Trackers;
        }

        /// <summary>An updater (not started) whose peers go to <paramref name="peersReceived"/> and whose answers go to the session log.</summary>
        public static TrackerUpdater CreateUpdater(
            ITrackerAnnouncer announcer,
            IReadOnlyList<IReadOnlyList<string>> tiers,
            AnnounceRequest request,
            Func<TrackerProgress> totals,
            TrackerSettings settings,
            Action<TrackerPeersEventArgs> peersReceived,
            Action<string> log)
        {
            var updater = new TrackerUpdater(announcer, new TrackerTiers(tiers), request, totals, settings);
            updater.PeersReceived += (_, e) => peersReceived(e);
            updater.Announced += (_, r) => log($"Tracker {r.Tracker}: {(r.Error ?? $"{r.Peers.Count} peers, next in {r.Interval}")}");
            return updater;
        }
    }
}
