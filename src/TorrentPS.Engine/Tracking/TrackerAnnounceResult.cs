using System;
using System.Collections.Generic;
using System.Globalization;

namespace TorrentPS
{
    /// <summary>
    /// One tracker's answer to one announce, or why there was none. A failed announce is a result too (with
    /// <see cref="Status"/> Failed and <see cref="Error"/>), so hosts can report every tracker they asked.
    /// </summary>
    public sealed class TrackerAnnounceResult
    {
        private static readonly IReadOnlyList<TrackerPeer> NoPeers = Array.Empty<TrackerPeer>();

        public TrackerAnnounceResult(
            string tracker,
            InfoHash infoHash,
            TimeSpan interval,
            TimeSpan? minInterval,
            int? seeders,
            int? leechers,
            IReadOnlyList<TrackerPeer>? peers,
            string? warning = null,
            string? trackerId = null)
        {
            Tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));
            InfoHash = infoHash;
            Status = TrackerStatus.Success;
            Interval = interval;
            MinInterval = minInterval;
            Seeders = seeders;
            Leechers = leechers;
            Peers = peers is null ? NoPeers : new List<TrackerPeer>(peers).AsReadOnly();
            Warning = warning;
            TrackerId = trackerId;
        }

        private TrackerAnnounceResult(string tracker, InfoHash infoHash, string error, Exception? exception)
        {
            Tracker = tracker;
            InfoHash = infoHash;
            Status = TrackerStatus.Failed;
            Peers = NoPeers;
            Error = error;
            Exception = exception;
        }

        /// <summary>The tracker's URL.</summary>
        public string Tracker { get; }

        public InfoHash InfoHash { get; }

        public TrackerStatus Status { get; }

        /// <summary>How long to wait before the next regular announce; null when the announce failed.</summary>
        public TimeSpan? Interval { get; }

        /// <summary>The shortest wait the tracker allows before we announce again, when it said.</summary>
        public TimeSpan? MinInterval { get; }

        /// <summary>Peers with the whole torrent ("complete"), when the tracker said.</summary>
        public int? Seeders { get; }

        /// <summary>Peers still downloading ("incomplete"), when the tracker said.</summary>
        public int? Leechers { get; }

        public IReadOnlyList<TrackerPeer> Peers { get; }

        /// <summary>The tracker's "warning message": the answer is valid, but the tracker has something to say.</summary>
        public string? Warning { get; }

        /// <summary>Why the announce failed (the tracker's failure reason or a transport problem).</summary>
        public string? Error { get; }

        /// <summary>The "tracker id" to echo on later announces, when the tracker sent one.</summary>
        public string? TrackerId { get; }

        /// <summary>The exception behind a failure (usually a <see cref="TrackerException"/>), for hosts that want the details.</summary>
        public Exception? Exception { get; }

        public bool IsSuccess => Status == TrackerStatus.Success;

        public static TrackerAnnounceResult Failed(string tracker, InfoHash infoHash, Exception exception)
        {
            if (exception is null)
            {
                throw new ArgumentNullException(nameof(exception));
            }

            return new TrackerAnnounceResult(tracker, infoHash, exception is TrackerException te ? te.Problem : exception.Message, exception);
        }

        public override string ToString()
            => IsSuccess
                ? string.Format(CultureInfo.InvariantCulture, "{0}: {1} peers, {2} seeders, {3} leechers, every {4}s", Tracker, Peers.Count, Seeders?.ToString(CultureInfo.InvariantCulture) ?? "?", Leechers?.ToString(CultureInfo.InvariantCulture) ?? "?", (int)(Interval ?? TimeSpan.Zero).TotalSeconds)
                : string.Format(CultureInfo.InvariantCulture, "{0}: failed: {1}", Tracker, Error);
    }
}
