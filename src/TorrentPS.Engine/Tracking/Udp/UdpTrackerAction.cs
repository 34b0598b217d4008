namespace TorrentPS.Tracking.Udp
{
    /// <summary>The action field of BEP 15 packets.</summary>
    internal enum UdpTrackerAction
    {
        Connect = 0,
        Announce = 1,
        Scrape = 2,
        Error = 3,
    }
}
