namespace TorrentPS
{
    /// <summary>Whether a tracker answered a request.</summary>
    public enum TrackerStatus
    {
        Success = 0,
        Failed = 1,
    }
}
