using System;
using System.Collections.Generic;

namespace TorrentPS.Tracking
{
    /// <summary>
    /// BEP 12 tiers as one session sees them: each tier shuffled once when built, and a tracker that answers
    /// moved to the front of its tier so it is asked first next time. Thread-safe.
    /// </summary>
    public sealed class TrackerTiers
    {
        private readonly List<List<string>> _tiers = new List<List<string>>();

        /// <param name="tiers">Tiers of tracker URLs, in priority order (e.g. TorrentInfo.Trackers).</param>
        /// <param name="random">The shuffle's source; tests pass a seeded one.</param>
        public TrackerTiers(IEnumerable<IEnumerable<string>> tiers, Random? random = null)
        {
            if (tiers is null)
            {
                throw new ArgumentNullException(nameof(tiers));
            }

            random ??= new Random();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (IEnumerable<string> tier in tiers)
            {
                var urls = new List<string>();
                foreach (string? url in tier ?? Array.Empty<string>())
                {
                    string trimmed = url?.Trim() ?? string.Empty;
                    if (trimmed.Length > 0 && seen.Add(trimmed))
                    {
                        urls.Add(trimmed);
                    }
                }

                if (urls.Count == 0)
                {
                    continue;
                }

                // Fisher-Yates, once: BEP 12 wants each client to start at a random tracker of the tier.
                for (int i = urls.Count - 1; i > 0; i--)
                {
                    int j = random.Next(i + 1);
                    (urls[i], urls[j]) = (urls[j], urls[i]);
                }

                _tiers.Add(urls);
            }
        }

        /// <summary>One tier per tracker, unshuffled: for a tracker list given by hand, asked in the order given.</summary>
        public static TrackerTiers InOrder(IEnumerable<string> trackers)
        {
            var tiers = new List<IEnumerable<string>>();
            foreach (string tracker in trackers)
            {
                tiers.Add(new[] { tracker });
            }

            return new TrackerTiers(tiers);
        }

        public int Count
        {
            get
            {
                lock (_tiers)
                {
                    return _tiers.Count;
                }
            }
        }

        /// <summary>A snapshot of the current order.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Snapshot()
        {
            lock (_tiers)
            {
                var copy = new List<IReadOnlyList<string>>(_tiers.Count);
                foreach (List<string> tier in _tiers)
                {
                    copy.Add(tier.ToArray());
                }

                return copy;
            }
        }

        /// <summary>Moves a tracker that answered to the front of its tier.</summary>
        public void Promote(string tracker)
        {
            lock (_tiers)
            {
                foreach (List<string> tier in _tiers)
                {
                    int index = tier.IndexOf(tracker);
                    if (index > 0)
                    {
                        tier.RemoveAt(index);
                        tier.Insert(0, tracker);
                    }
                }
            }
        }

        public override string ToString()
        {
            var parts = new List<string>();
            foreach (IReadOnlyList<string> tier in Snapshot())
            {
                parts.Add("[" + string.Join(", ", tier) + "]");
            }

            return string.Join(" ", parts);
        }
    }
}
