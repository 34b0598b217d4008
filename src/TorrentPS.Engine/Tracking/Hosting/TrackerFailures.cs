using System;

namespace TorrentPS.Tracking.Hosting
{
    /// <summary>Sorts tracker failures into <see cref="TrackerFailureKind"/>s, so every host reports them alike.</summary>
    public static class TrackerFailures
    {
        public static TrackerFailureKind Classify(TrackerAnnounceResult result)
        {
            if (result is null)
            {
                throw new ArgumentNullException(nameof(result));
            }

            return Classify(result.Tracker, result.Exception);
        }

        public static TrackerFailureKind Classify(TrackerScrapeResult result)
        {
            if (result is null)
            {
                throw new ArgumentNullException(nameof(result));
            }

            return Classify(result.Tracker, result.Exception);
        }

        /// <param name="tracker">The tracker's URL, checked first: a URL no client could use is the caller's mistake.</param>
        /// <param name="exception">
        /// What went wrong, usually a <see cref="TrackerException"/> (whose <see cref="TrackerException.Kind"/> is the
        /// answer); another exception is judged by its type, and null counts as a protocol failure.
        /// </param>
        public static TrackerFailureKind Classify(string tracker, Exception? exception)
            => IsTrackerUrl(tracker) ? TrackerException.KindOf(exception) : TrackerFailureKind.InvalidUrl;

        /// <summary>Whether <paramref name="tracker"/> is an absolute http://, https:// or udp:// URL.</summary>
        public static bool IsTrackerUrl(string? tracker)
            => tracker != null
               && Uri.TryCreate(tracker, UriKind.Absolute, out Uri? uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == "udp");
    }
}
