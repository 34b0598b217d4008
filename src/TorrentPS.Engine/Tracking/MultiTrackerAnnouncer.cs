using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking
{
    /// <summary>
    /// BEP 12 announcing: tiers in order, trackers in order within a tier, stop at the first that answers (and
    /// promote it), or ask everyone when told to. Every tracker asked yields a result; failures are results too.
    /// </summary>
    internal static class MultiTrackerAnnouncer
    {
        public static async Task<IReadOnlyList<TrackerAnnounceResult>> AnnounceAsync(
            ITrackerAnnouncer announcer,
            TrackerTiers tiers,
            Func<string, AnnounceRequest> requestFor,
            bool all,
            CancellationToken cancellationToken)
        {
            IReadOnlyList<IReadOnlyList<string>> order = tiers.Snapshot();
            if (all)
            {
                var pending = new List<Task<TrackerAnnounceResult>>();
                foreach (IReadOnlyList<string> tier in order)
                {
                    foreach (string tracker in tier)
                    {
                        pending.Add(AskAsync(announcer, tracker, requestFor(tracker), cancellationToken));
                    }
                }

                TrackerAnnounceResult[] results = await Task.WhenAll(pending).ConfigureAwait(false);
                foreach (TrackerAnnounceResult result in results)
                {
                    if (result.IsSuccess)
                    {
                        tiers.Promote(result.Tracker);
                    }
                }

                return results;
            }

            var asked = new List<TrackerAnnounceResult>();
            foreach (IReadOnlyList<string> tier in order)
            {
                foreach (string tracker in tier)
                {
                    TrackerAnnounceResult result = await AskAsync(announcer, tracker, requestFor(tracker), cancellationToken).ConfigureAwait(false);
                    asked.Add(result);
                    if (result.IsSuccess)
                    {
                        tiers.Promote(tracker);
                        return asked;
                    }
                }
            }

            return asked;
        }

        private static async Task<TrackerAnnounceResult> AskAsync(ITrackerAnnouncer announcer, string tracker, AnnounceRequest request, CancellationToken cancellationToken)
        {
            try
            {
                return await announcer.AnnounceAsync(tracker, request, cancellationToken).ConfigureAwait(false);
            }
            catch (TrackerException e)
            {
                return TrackerAnnounceResult.Failed(tracker, request.InfoHash, e);
            }
        }
    }
}
