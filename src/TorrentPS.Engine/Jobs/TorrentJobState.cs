namespace TorrentPS.Jobs
{
    /// <summary>The life of a torrent job; the PowerShell job adapter maps these onto JobState one to one.</summary>
    public enum TorrentJobState
    {
        NotStarted,
        Running,
        Suspending,
        Suspended,
        Stopping,
        Stopped,
        Completed,
        Failed,
    }
}
