using System;

namespace TorrentPS
{
    /// <summary>Limits and timings for talking to trackers. Immutable; the defaults suit interactive use.</summary>
    public sealed class TrackerSettings
    {
        public static TrackerSettings Default { get; } = new TrackerSettings();

        /// <summary>How long one HTTP request (connect, headers and body) may take.</summary>
        public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>The most bytes an HTTP body may have after decompression; bigger answers are refused.</summary>
        public int MaxResponseBytes { get; init; } = 2 * 1024 * 1024;

        /// <summary>How many HTTP redirects one request may follow.</summary>
        public int MaxRedirects { get; init; } = 5;

        /// <summary>
        /// The first UDP wait; BEP 15 says 15 s and doubles it on each retransmission (15 * 2^n). Tests make it short.
        /// </summary>
        public TimeSpan UdpBaseTimeout { get; init; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// How many times a UDP request is resent before giving up. BEP 15 allows up to 8 (over an hour in all);
        /// the default of 2 gives up after 15 + 30 + 60 s, which suits a command someone is waiting for.
        /// </summary>
        public int UdpMaxRetransmissions { get; init; } = 2;

        /// <summary>How long a UDP connection id is reused (BEP 15: one minute).</summary>
        public TimeSpan UdpConnectionIdLifetime { get; init; } = TimeSpan.FromMinutes(1);

        /// <summary>The interval used when a tracker does not send one (libtorrent's default).</summary>
        public TimeSpan DefaultInterval { get; init; } = TimeSpan.FromMinutes(30);

        /// <summary>The shortest re-announce interval we accept, whatever a tracker says, so a bad tracker cannot make us hammer it.</summary>
        public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>How long the "stopped" announce at the end of a session may take before we give up on it.</summary>
        public TimeSpan StoppedAnnounceTimeout { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>The User-Agent sent to HTTP trackers.</summary>
        public string UserAgent { get; init; } = "TorrentPS/1.0";

        internal void Validate()
        {
            if (HttpTimeout <= TimeSpan.Zero || UdpBaseTimeout <= TimeSpan.Zero || StoppedAnnounceTimeout <= TimeSpan.Zero || UdpConnectionIdLifetime < TimeSpan.Zero)
            {
                throw new ArgumentException("Tracker timeouts must be positive.");
            }

            if (MaxResponseBytes <= 0 || MaxRedirects < 0 || UdpMaxRetransmissions < 0 || UdpMaxRetransmissions > 8)
            {
                throw new ArgumentException("MaxResponseBytes must be positive, MaxRedirects not negative, UdpMaxRetransmissions between 0 and 8.");
            }
        }
    }
}
