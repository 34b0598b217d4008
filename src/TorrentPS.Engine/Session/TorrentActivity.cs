namespace TorrentPS
{
    /// <summary>What a torrent session is doing right now.</summary>
    public enum TorrentActivity
    {
        Starting,
        CheckingData,
        Downloading,
        Seeding,
        Stopping,
        Stopped,
        Completed,
        Failed,
    }
}
