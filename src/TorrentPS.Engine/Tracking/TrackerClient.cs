using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Tracking;
using TorrentPS.Tracking.Http;
using TorrentPS.Tracking.Udp;

namespace TorrentPS
{
    /// <summary>
    /// Announces to and scrapes HTTP(S) and UDP trackers. One instance can serve many requests at once (it
    /// holds an HttpClient and the UDP connection ids); dispose it when done.
    /// </summary>
    public sealed class TrackerClient : ITrackerAnnouncer, IDisposable
    {
        private readonly TrackerSettings _settings;
        private readonly HttpTrackerTransport _http;
        private readonly UdpTrackerTransport _udp;

        public TrackerClient(TrackerSettings? settings = null, ITrackerClock? clock = null)
        {
            _settings = settings ?? TrackerSettings.Default;
            _settings.Validate();
            _http = new HttpTrackerTransport(_settings);
            _udp = new UdpTrackerTransport(_settings, clock ?? SystemTrackerClock.Instance);
        }

        public TrackerSettings Settings => _settings;

        /// <summary>The BEP 48 scrape URL of an HTTP announce URL, or null when the tracker has none. UDP trackers scrape at their own URL.</summary>
        public static string? GetScrapeUrl(string announceUrl)
        {
            if (announceUrl is null)
            {
                throw new ArgumentNullException(nameof(announceUrl));
            }

            return announceUrl.StartsWith("udp:", StringComparison.OrdinalIgnoreCase) ? announceUrl : ScrapeUrl.FromAnnounceUrl(announceUrl);
        }

        /// <summary>Announces to one tracker.</summary>
        /// <exception cref="TrackerException">The tracker could not be reached, refused, or answered something unusable.</exception>
        public async Task<TrackerAnnounceResult> AnnounceAsync(string tracker, AnnounceRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            Uri uri = ParseTrackerUri(tracker);
            if (uri.Scheme == "udp")
            {
                return await _udp.AnnounceAsync(tracker, uri, request, cancellationToken).ConfigureAwait(false);
            }

            byte[] body = await _http.GetAsync(tracker, HttpAnnounceUrl.Build(tracker, request), cancellationToken).ConfigureAwait(false);
            return HttpTrackerResponseParser.ParseAnnounce(body, tracker, request.InfoHash, _settings);
        }

        /// <summary>Scrapes one tracker for several torrents at once; a torrent the tracker does not know gets a Failed result.</summary>
        /// <exception cref="TrackerException">The tracker cannot be scraped, could not be reached, or answered something unusable.</exception>
        public async Task<IReadOnlyList<TrackerScrapeResult>> ScrapeAsync(string tracker, IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken = default)
        {
            if (infoHashes is null || infoHashes.Count == 0)
            {
                throw new ArgumentException("Scrape needs at least one info-hash.", nameof(infoHashes));
            }

            Uri uri = ParseTrackerUri(tracker);
            if (uri.Scheme == "udp")
            {
                return await _udp.ScrapeAsync(tracker, uri, infoHashes, cancellationToken).ConfigureAwait(false);
            }

            string scrapeUrl = ScrapeUrl.FromAnnounceUrl(tracker)
                ?? throw new TrackerException(tracker, "the tracker does not support scrape (its URL does not end in /announce, BEP 48).", TrackerFailureKind.Protocol);
            byte[] body = await _http.GetAsync(tracker, ScrapeUrl.Build(scrapeUrl, infoHashes), cancellationToken).ConfigureAwait(false);
            return HttpTrackerResponseParser.ParseScrape(body, tracker, infoHashes);
        }

        /// <summary>
        /// Scrapes every tracker given, in parallel; results come per tracker (in the order given), then per
        /// torrent. A tracker that fails gives one Failed result per torrent.
        /// </summary>
        public async Task<IReadOnlyList<TrackerScrapeResult>> ScrapeEachAsync(IEnumerable<string> trackers, IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken = default)
        {
            var pending = new List<Task<IReadOnlyList<TrackerScrapeResult>>>();
            foreach (string tracker in trackers)
            {
                pending.Add(ScrapeOrFailAsync(tracker, infoHashes, cancellationToken));
            }

            var results = new List<TrackerScrapeResult>();
            foreach (IReadOnlyList<TrackerScrapeResult> perTracker in await Task.WhenAll(pending).ConfigureAwait(false))
            {
                results.AddRange(perTracker);
            }

            return results;
        }

        /// <summary>
        /// BEP 12: asks the tiers in order and stops at the first tracker that answers, or asks every tracker when
        /// <paramref name="all"/> is set. Returns one result per tracker asked, failures included (never throws
        /// <see cref="TrackerException"/>). Pass the same <see cref="TrackerTiers"/> again to keep its order.
        /// </summary>
        public Task<IReadOnlyList<TrackerAnnounceResult>> AnnounceToTiersAsync(TrackerTiers tiers, AnnounceRequest request, bool all = false, CancellationToken cancellationToken = default)
        {
            if (tiers is null)
            {
                throw new ArgumentNullException(nameof(tiers));
            }

            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            return MultiTrackerAnnouncer.AnnounceAsync(this, tiers, _ => request, all, cancellationToken);
        }

        /// <summary>As the <see cref="TrackerTiers"/> overload, for tiers as a torrent lists them (shuffled once here).</summary>
        public Task<IReadOnlyList<TrackerAnnounceResult>> AnnounceToTiersAsync(IReadOnlyList<IReadOnlyList<string>> tiers, AnnounceRequest request, bool all = false, CancellationToken cancellationToken = default)
            => AnnounceToTiersAsync(new TrackerTiers(tiers ?? throw new ArgumentNullException(nameof(tiers))), request, all, cancellationToken);

        public void Dispose() => _http.Dispose();

        private async Task<IReadOnlyList<TrackerScrapeResult>> ScrapeOrFailAsync(string tracker, IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken)
        {
            try
            {
                return await ScrapeAsync(tracker, infoHashes, cancellationToken).ConfigureAwait(false);
            }
            catch (TrackerException e)
            {
                var failed = new List<TrackerScrapeResult>(infoHashes.Count);
                foreach (InfoHash infoHash in infoHashes)
                {
                    failed.Add(TrackerScrapeResult.Failed(tracker, infoHash, e));
                }

                return failed;
            }
        }

        private static Uri ParseTrackerUri(string tracker)
        {
            if (tracker is null)
            {
                throw new ArgumentNullException(nameof(tracker));
            }

            if (!Uri.TryCreate(tracker, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "udp" && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new TrackerException(tracker, "not a tracker URL (expected http://, https:// or udp://).", TrackerFailureKind.InvalidUrl);
            }

            return uri;
        }
    }
}
