using System;

namespace TorrentPS.Peers
{
    /// <summary>How hard <see cref="PeerProbe"/> tries.</summary>
    public sealed class PeerProbeOptions
    {
        public static PeerProbeOptions Default { get; } = new PeerProbeOptions();

        /// <summary>The most one peer may take: connect, handshake and waiting for its bitfield together.</summary>
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>After the handshake, how long to wait for the peer to say which pieces it has.</summary>
        public TimeSpan AvailabilityWait { get; init; } = TimeSpan.FromSeconds(3);

        /// <summary>Peers probed at the same time; the rest start as soon as a slot frees up.</summary>
        public int MaxConcurrency { get; init; } = 32;

        /// <summary>Advertised so peers answer with have-all/have-none where they can.</summary>
        public ReservedBits LocalReserved { get; init; } = ReservedBits.None.WithFast();

        internal void Validate()
        {
            if (Timeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "A timeout is positive.");
            }

            if (AvailabilityWait < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(AvailabilityWait), AvailabilityWait, "A wait is not negative.");
            }

            if (MaxConcurrency < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "At least one peer at a time.");
            }
        }
    }
}
