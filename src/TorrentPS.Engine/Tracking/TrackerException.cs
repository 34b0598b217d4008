using System;

namespace TorrentPS
{
    /// <summary>
    /// A tracker could not be asked or did not give a usable answer: a timeout, a refused connection, an HTTP
    /// error status, a body that is not bencode, a malformed UDP packet, or a "failure reason" from the tracker.
    /// The message always names the tracker.
    /// </summary>
    public sealed class TrackerException : Exception
    {
        public TrackerException(string tracker, string problem, Exception? innerException = null)
            : base($"Tracker {tracker}: {problem}", innerException)
        {
            Tracker = tracker;
            Problem = problem;
        }

        /// <summary>The tracker's URL.</summary>
        public string Tracker { get; }

        /// <summary>What went wrong, without the tracker's name.</summary>
        public string Problem { get; }

        /// <summary>True when the tracker itself answered with a "failure reason" (or a UDP error packet).</summary>
        public bool IsTrackerFailureReason { get; init; }
    }
}
