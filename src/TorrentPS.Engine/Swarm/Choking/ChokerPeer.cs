using System;
using System.Globalization;

namespace TorrentPS.Swarm.Choking
{
    /// <summary>What the choker needs to know about one connected peer at the moment of a rechoke.</summary>
    public sealed class ChokerPeer<TPeer>
        where TPeer : notnull
    {
        public ChokerPeer(TPeer peer, TimeSpan connectedAt)
        {
            Peer = peer;
            ConnectedAt = connectedAt;
        }

        /// <summary>The session's handle for the peer; equal handles are the same peer across rechokes.</summary>
        public TPeer Peer { get; }

        /// <summary>When the peer connected, on the same clock as the rechoke's time.</summary>
        public TimeSpan ConnectedAt { get; }

        /// <summary>The peer wants something we have: only interested peers are unchoked.</summary>
        public bool IsInterested { get; init; }

        /// <summary>Bytes per second the peer gave us over about the last 20 s.</summary>
        public double DownloadRate { get; init; }

        /// <summary>Bytes per second we gave the peer over about the last 20 s.</summary>
        public double UploadRate { get; init; }

        /// <summary>The peer unchoked us but sent nothing for a long time: while leeching it gets only optimistic unchokes.</summary>
        public bool IsSnubbed { get; init; }

        public override string ToString() => string.Format(
            CultureInfo.InvariantCulture,
            "{0} ({1}interested, down {2:0} B/s, up {3:0} B/s{4})",
            Peer,
            IsInterested ? string.Empty : "not ",
            DownloadRate,
            UploadRate,
            IsSnubbed ? ", snubbed" : string.Empty);
    }
}
