using System;
using TorrentPS.Peers;
using TorrentPS.Swarm;

namespace TorrentPS.Session
{
    /// <summary>What the session knows about one connected peer. Guarded by the session's lock.</summary>
    internal sealed class PeerState
    {
        public PeerState(PeerConnection connection, string source, TimeSpan now)
        {
            Connection = connection;
            Source = source;
            Have = new Bitfield(connection.Torrent.PieceCount ?? 0);
            LastBlock = now;
            HasPiece = piece => Have[piece];
        }

        public PeerConnection Connection { get; }

        public string Source { get; }

        public Bitfield Have { get; }

        /// <summary>The peer's pieces are counted as one seed rather than piece by piece.</summary>
        public bool CountedAsSeed { get; set; }

        public bool PeerChokingUs { get; set; } = true;

        public bool WeAreInterested { get; set; }

        public RequestQueueSizer Queue { get; } = new RequestQueueSizer();

        /// <summary>When the peer last sent a block, or unchoked us.</summary>
        public TimeSpan LastBlock { get; set; }

        public long BytesReceived { get; set; }

        /// <summary>The peer has sent at least one block we wanted (it counts as a peer used).</summary>
        public bool SentData { get; set; }

        public int HashFailures { get; set; }

        /// <summary>Whether the peer has a piece, as the picker asks it; made once, not per pick.</summary>
        public Func<int, bool> HasPiece { get; }

        public override string ToString() => Connection.ToString();
    }
}
