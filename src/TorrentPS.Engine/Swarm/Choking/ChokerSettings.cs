using System;

namespace TorrentPS.Swarm.Choking
{
    /// <summary>The choker's knobs. Defaults follow the classic algorithm (BEP 3 era mainline; libtorrent uses 8 slots and 15 s).</summary>
    public sealed class ChokerSettings
    {
        public static ChokerSettings Default { get; } = new ChokerSettings();

        /// <summary>Peers unchoked at once, the optimistic ones included.</summary>
        public int UploadSlots { get; init; } = 4;

        /// <summary>How many of the <see cref="UploadSlots"/> are optimistic (given regardless of rate).</summary>
        public int OptimisticSlots { get; init; } = 1;

        /// <summary>How often the regular slots are re-evaluated; the session calls Rechoke this often.</summary>
        public TimeSpan RechokeInterval { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>How long an optimistic unchoke lasts before it rotates to another peer.</summary>
        public TimeSpan OptimisticInterval { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>A peer connected less than this long ago counts as new for the optimistic pick.</summary>
        public TimeSpan NewPeerAge { get; init; } = TimeSpan.FromSeconds(60);

        /// <summary>How much likelier a new peer is to be picked optimistically than an old one (the spec says 3).</summary>
        public int NewPeerWeight { get; init; } = 3;

        /// <summary>While seeding, how long a peer keeps a regular slot before the next waiting peer gets it.</summary>
        public TimeSpan SeedingTurn { get; init; } = TimeSpan.FromSeconds(30);

        internal void Validate()
        {
            if (UploadSlots < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(UploadSlots), UploadSlots, "The slot count is not negative.");
            }

            if (OptimisticSlots < 0 || OptimisticSlots > UploadSlots)
            {
                throw new ArgumentOutOfRangeException(nameof(OptimisticSlots), OptimisticSlots, $"Optimistic slots are 0 to the {UploadSlots} upload slots.");
            }

            if (NewPeerWeight < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(NewPeerWeight), NewPeerWeight, "The weight is at least 1.");
            }

            Positive(RechokeInterval, nameof(RechokeInterval));
            Positive(OptimisticInterval, nameof(OptimisticInterval));
            Positive(SeedingTurn, nameof(SeedingTurn));
            if (NewPeerAge < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(NewPeerAge), NewPeerAge, "An age is not negative.");
            }
        }

        private static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "An interval is positive.");
            }
        }
    }
}
