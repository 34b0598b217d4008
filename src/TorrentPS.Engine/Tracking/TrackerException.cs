using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;

namespace TorrentPS
{
    /// <summary>
    /// A tracker could not be asked or did not give a usable answer: a timeout, a refused connection, an HTTP
    /// error status, a body that is not bencode, a malformed UDP packet, or a "failure reason" from the tracker.
    /// The message always names the tracker; <see cref="Kind"/> says which sort of failure it was.
    /// </summary>
    public sealed class TrackerException : Exception
    {
        public TrackerException(string tracker, string problem, TrackerFailureKind kind, Exception? innerException = null)
            : base($"Tracker {tracker}: {problem}", innerException)
        {
            Tracker = tracker;
            Problem = problem;
            Kind = kind;
        }

        /// <summary>
        /// As the constructor that takes a kind, with the kind read from <paramref name="innerException"/>: a timeout
        /// or cancellation makes <see cref="TrackerFailureKind.Timeout"/>, a socket, HTTP or I/O failure
        /// <see cref="TrackerFailureKind.Connection"/>, anything else (or nothing) <see cref="TrackerFailureKind.Protocol"/>.
        /// </summary>
        public TrackerException(string tracker, string problem, Exception? innerException = null)
            : this(tracker, problem, KindOf(innerException), innerException)
        {
        }

        /// <summary>The tracker's URL.</summary>
        public string Tracker { get; }

        /// <summary>What went wrong, without the tracker's name.</summary>
        public string Problem { get; }

        /// <summary>Which sort of failure this was, for hosts that pick an error category by it.</summary>
        public TrackerFailureKind Kind { get; }

        /// <summary>True when the tracker itself answered with a "failure reason" (or a UDP error packet).</summary>
        public bool IsTrackerFailureReason => Kind == TrackerFailureKind.Refused;

        /// <summary>The kind a failure of some other layer amounts to, looking through its inner exceptions.</summary>
        internal static TrackerFailureKind KindOf(Exception? exception)
        {
            for (Exception? e = exception; e != null; e = e.InnerException)
            {
                switch (e)
                {
                    case TrackerException tracker:
                        return tracker.Kind;
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
    }
}
