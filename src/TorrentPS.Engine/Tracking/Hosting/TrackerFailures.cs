using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;

namespace TorrentPS.Tracking.Hosting
{
    /// <summary>Sorts tracker failures into <see cref="TrackerFailureKind"/>s, so every host reports them alike.</summary>
    public static class TrackerFailures
    {
        // UdpExchange gives up with a plain TrackerException (no inner exception) whose problem starts so.
        // TrackerException carries no kind of its own; if the engine adds one, use it here instead.
        private const string UdpNoReplyPrefix = "no UDP ";

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
        /// <param name="exception">What went wrong, usually a <see cref="TrackerException"/>; null counts as a protocol failure.</param>
        public static TrackerFailureKind Classify(string tracker, Exception? exception)
        {
            if (!IsTrackerUrl(tracker))
            {
                return TrackerFailureKind.InvalidUrl;
            }

            if (exception is TrackerException trackerException)
            {
                if (trackerException.IsTrackerFailureReason)
                {
                    return TrackerFailureKind.Refused;
                }

                if (trackerException.InnerException is null && trackerException.Problem.StartsWith(UdpNoReplyPrefix, StringComparison.Ordinal))
                {
                    return TrackerFailureKind.Timeout;
                }

                exception = trackerException.InnerException;
            }

            for (Exception? e = exception; e != null; e = e.InnerException)
            {
                switch (e)
                {
                    case OperationCanceledException _:
                    case TimeoutException _:
                        return TrackerFailureKind.Timeout;
                    case SocketException _:
                    case HttpRequestException _:
                    case IOException _:
                        return TrackerFailureKind.Connection;
                }
            }

            return TrackerFailureKind.Protocol;
        }

        /// <summary>Whether <paramref name="tracker"/> is an absolute http://, https:// or udp:// URL.</summary>
        public static bool IsTrackerUrl(string? tracker)
            => tracker != null
               && Uri.TryCreate(tracker, UriKind.Absolute, out Uri? uri)
               && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == "udp");
    }
}
