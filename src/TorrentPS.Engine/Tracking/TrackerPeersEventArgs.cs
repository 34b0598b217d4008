using System;
using System.Collections.Generic;

namespace TorrentPS.Tracking
{
    /// <summary>Peers one tracker returned in one announce.</summary>
    public sealed class TrackerPeersEventArgs : EventArgs
    {
        public TrackerPeersEventArgs(string tracker, IReadOnlyList<TrackerPeer> peers)
        {
            Tracker = tracker;
            Peers = peers;
        }

        public string Tracker { get; }

        public IReadOnlyList<TrackerPeer> Peers { get; }
    }
}
