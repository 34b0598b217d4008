using System;
using System.Collections.Generic;

namespace TorrentPS.Tracking.Hosting
{
    /// <summary>What a host was told to ask trackers: the knobs of Invoke-TorrentAnnounce and `torrentps announce|scrape`.</summary>
    public sealed class TrackerQueryOptions
    {
        public const int DefaultPort = 6881;

        /// <summary>The most peers a host may ask for; trackers cap far lower (opentracker at 200).</summary>
        public const int MaxNumWant = 10000;

        /// <summary>
        /// Trackers to ask instead of the ones the torrent names, each a tier of its own, asked in the order given.
        /// Null or empty: the torrent's own.
        /// </summary>
        public IReadOnlyList<string>? Trackers { get; init; }

        public TrackerEvent Event { get; init; } = TrackerEvent.None;

        /// <summary>The port we tell trackers we accept peers on.</summary>
        public int Port { get; init; } = DefaultPort;

        public int NumWant { get; init; } = AnnounceRequest.DefaultNumWant;

        /// <summary>Ask every tracker instead of stopping at the first that answers (BEP 12).</summary>
        public bool All { get; init; }

        /// <summary>How long one tracker may take to answer; null keeps <see cref="TrackerSettings.Default"/>.</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>
        /// The settings for <see cref="Timeout"/>: the HTTP timeout, and a UDP base timeout such that BEP 15's
        /// three waits (base, 2 x base, 4 x base) add up to it.
        /// </summary>
        public TrackerSettings CreateSettings()
        {
            if (Timeout is not TimeSpan timeout)
            {
                return TrackerSettings.Default;
            }

            if (timeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "A tracker timeout must be positive.");
            }

            const int retransmissions = 2;
            long windows = (1L << (retransmissions + 1)) - 1;
            return new TrackerSettings
            {
                HttpTimeout = timeout,
                UdpMaxRetransmissions = retransmissions,
                UdpBaseTimeout = TimeSpan.FromTicks(Math.Max(1, timeout.Ticks / windows)),
                StoppedAnnounceTimeout = timeout,
            };
        }

        internal void Validate()
        {
            if (Port < 0 || Port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(Port), Port, "A port is between 0 and 65535.");
            }

            if (NumWant < 0 || NumWant > MaxNumWant)
            {
                throw new ArgumentOutOfRangeException(nameof(NumWant), NumWant, $"NumWant is between 0 and {MaxNumWant}.");
            }
        }
    }
}
