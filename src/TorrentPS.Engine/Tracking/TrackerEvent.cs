namespace TorrentPS
{
    /// <summary>The <c>event</c> an announce reports (BEP 3); <see cref="None"/> is a regular re-announce.</summary>
    public enum TrackerEvent
    {
        None = 0,
        Completed = 1,
        Started = 2,
        Stopped = 3,
    }
}
