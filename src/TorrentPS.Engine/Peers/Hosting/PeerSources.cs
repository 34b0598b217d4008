namespace TorrentPS.Peers.Hosting
{
    /// <summary>Where a host heard of a peer: the labels <see cref="TorrentPeer.Source"/> carries.</summary>
    public static class PeerSources
    {
        /// <summary>Given by the user (-Peer, --peer).</summary>
        public const string Manual = "manual";

        /// <summary>Named by the magnet link itself (x.pe).</summary>
        public const string Magnet = "magnet";

        /// <summary>Returned by a tracker's announce.</summary>
        public const string Tracker = "tracker";
    }
}
