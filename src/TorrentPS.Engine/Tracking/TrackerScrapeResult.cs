using System;
using System.Globalization;

namespace TorrentPS
{
    /// <summary>One tracker's counts for one torrent (BEP 48), or why there are none.</summary>
    public sealed class TrackerScrapeResult
    {
        public TrackerScrapeResult(string tracker, InfoHash infoHash, int seeders, int completed, int leechers)
        {
            Tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));
            InfoHash = infoHash;
            Status = TrackerStatus.Success;
            Seeders = seeders;
            Completed = completed;
            Leechers = leechers;
        }

        private TrackerScrapeResult(string tracker, InfoHash infoHash, string error, Exception? exception)
        {
            Tracker = tracker;
            InfoHash = infoHash;
            Status = TrackerStatus.Failed;
            Error = error;
            Exception = exception;
        }

        public string Tracker { get; }

        public InfoHash InfoHash { get; }

        public TrackerStatus Status { get; }

        /// <summary>Peers with the whole torrent ("complete").</summary>
        public int? Seeders { get; }

        /// <summary>How many times the tracker saw the torrent completed ("downloaded").</summary>
        public int? Completed { get; }

        /// <summary>Peers still downloading ("incomplete").</summary>
        public int? Leechers { get; }

        public string? Error { get; }

        public Exception? Exception { get; }

        public bool IsSuccess => Status == TrackerStatus.Success;

        public static TrackerScrapeResult Failed(string tracker, InfoHash infoHash, Exception exception)
        {
            if (exception is null)
            {
                throw new ArgumentNullException(nameof(exception));
            }

            return new TrackerScrapeResult(tracker, infoHash, exception is TrackerException te ? te.Problem : exception.Message, exception);
        }

        public static TrackerScrapeResult Failed(string tracker, InfoHash infoHash, string error)
            => new TrackerScrapeResult(tracker, infoHash, error ?? throw new ArgumentNullException(nameof(error)), null);

        public override string ToString()
            => IsSuccess
                ? string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2} seeders, {3} completed, {4} leechers", Tracker, InfoHash, Seeders, Completed, Leechers)
                : string.Format(CultureInfo.InvariantCulture, "{0} {1}: failed: {2}", Tracker, InfoHash, Error);
    }
}
