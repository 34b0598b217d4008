using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking.Hosting
{
    /// <summary>
    /// One host command's conversation with trackers: one peer id and key for all its announces (so trackers
    /// see one client), the tracker override applied, failures returned as Failed results rather than thrown.
    /// </summary>
    public sealed class TrackerQuery : IDisposable
    {
        private readonly TrackerQueryOptions _options;
        private readonly TrackerClient _client;
        private readonly byte[] _peerId = PeerIdGenerator.Generate();
        private readonly uint _key = NewKey();

        public TrackerQuery(TrackerQueryOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _options.Validate();
            _client = new TrackerClient(_options.CreateSettings());
        }

        public TrackerQueryOptions Options => _options;

        /// <summary>The peer id this query announces with.</summary>
        public string PeerId => PeerIdGenerator.Format(_peerId);

        /// <summary>The tiers to announce to: the override, one tracker per tier in the order given, or the target's own.</summary>
        public IReadOnlyList<IReadOnlyList<string>> TiersFor(TrackerTarget target)
        {
            if (target is null)
            {
                throw new ArgumentNullException(nameof(target));
            }

            if (_options.Trackers is { Count: > 0 } trackers)
            {
                var tiers = new List<IReadOnlyList<string>>(trackers.Count);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (string tracker in trackers)
                {
                    string trimmed = tracker?.Trim() ?? string.Empty;
                    if (trimmed.Length > 0 && seen.Add(trimmed))
                    {
                        tiers.Add(new[] { trimmed });
                    }
                }

                return tiers;
            }

            return target.Tiers;
        }

        /// <summary>Every tracker of <see cref="TiersFor"/>, once each, tier by tier: the trackers a scrape asks.</summary>
        public IReadOnlyList<string> TrackersFor(TrackerTarget target)
        {
            var trackers = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (IReadOnlyList<string> tier in TiersFor(target))
            {
                foreach (string tracker in tier)
                {
                    string trimmed = tracker?.Trim() ?? string.Empty;
                    if (trimmed.Length > 0 && seen.Add(trimmed))
                    {
                        trackers.Add(trimmed);
                    }
                }
            }

            return trackers;
        }

        /// <summary>What this query tells trackers about <paramref name="target"/>: left is 0 for a "completed" announce.</summary>
        public AnnounceRequest CreateRequest(TrackerTarget target)
        {
            if (target is null)
            {
                throw new ArgumentNullException(nameof(target));
            }

            return new AnnounceRequest(target.InfoHash, _peerId, _options.Port)
            {
                Event = _options.Event,
                NumWant = _options.NumWant,
                Left = _options.Event == TrackerEvent.Completed ? 0 : target.Left,
                Key = _key,
            };
        }

        /// <summary>
        /// Announces <paramref name="target"/>: tier by tier until one tracker answers, or to every tracker with
        /// <see cref="TrackerQueryOptions.All"/>. One result per tracker asked, failures included; empty when
        /// there is no tracker to ask. An override list is asked in the order given; a torrent's tiers are
        /// shuffled within each tier (BEP 12).
        /// </summary>
        public Task<IReadOnlyList<TrackerAnnounceResult>> AnnounceAsync(TrackerTarget target, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<IReadOnlyList<string>> tiers = TiersFor(target);
            TrackerTiers order = _options.Trackers is { Count: > 0 } ? TrackerTiers.InOrder(Flatten(tiers)) : new TrackerTiers(tiers);
            return _client.AnnounceToTiersAsync(order, CreateRequest(target), _options.All, cancellationToken);
        }

        /// <summary>Scrapes every tracker of <paramref name="target"/> in parallel; one result per tracker, in order, failures included.</summary>
        public async Task<IReadOnlyList<TrackerScrapeResult>> ScrapeAsync(TrackerTarget target, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<string> trackers = TrackersFor(target);
            if (trackers.Count == 0)
            {
                return Array.Empty<TrackerScrapeResult>();
            }

            var results = new List<TrackerScrapeResult>(trackers.Count);
            foreach (TrackerScrapeResult result in await _client.ScrapeEachAsync(trackers, new[] { target.InfoHash }, cancellationToken).ConfigureAwait(false))
            {
                results.Add(result);
            }

            return results;
        }

        public void Dispose() => _client.Dispose();

        private static IEnumerable<string> Flatten(IReadOnlyList<IReadOnlyList<string>> tiers)
        {
            foreach (IReadOnlyList<string> tier in tiers)
            {
                foreach (string tracker in tier)
                {
                    yield return tracker;
                }
            }
        }

        private static uint NewKey()
        {
            byte[] bytes = new byte[4];
            using (RandomNumberGenerator rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            return BitConverter.ToUInt32(bytes, 0);
        }
    }
}
