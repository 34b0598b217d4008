namespace TorrentPS
{
    /// <summary>Why a seed session ended.</summary>
    public enum SeedStopReason
    {
        /// <summary>It was stopped (cancelled: Ctrl+C, Stop-Job) before any limit was reached.</summary>
        Stopped,

        /// <summary>The torrent's size times the seed ratio has been uploaded.</summary>
        RatioReached,

        /// <summary>It seeded for the seed time.</summary>
        TimeReached,
    }
}
