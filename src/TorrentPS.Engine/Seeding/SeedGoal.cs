using System;

namespace TorrentPS.Seeding
{
    /// <summary>When seeding is done: a pure check of the ratio and time limits, so it is tested without a network.</summary>
    internal static class SeedGoal
    {
        /// <summary>The torrent's share ratio: bytes uploaded per byte of content.</summary>
        public static double Ratio(long uploaded, long size) => size <= 0 ? 0 : (double)uploaded / size;

        /// <summary>Which limit is reached, or null while seeding should go on. The ratio wins when both are.</summary>
        public static SeedStopReason? Reached(double? seedRatio, TimeSpan? seedTime, long uploaded, long size, TimeSpan seeded)
        {
            if (seedRatio is double ratio && Ratio(uploaded, size) >= ratio)
            {
                return SeedStopReason.RatioReached;
            }

            if (seedTime is TimeSpan time && seeded >= time)
            {
                return SeedStopReason.TimeReached;
            }

            return null;
        }
    }
}
