using System;
using System.Net;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;
using TorrentPS.Swarm;

namespace TorrentPS.Session
{
    /// <summary>What the session knows about one connected peer. Guarded by the session's lock.</summary>
    internal sealed class PeerState
    {
        public PeerState(PeerUploader uploader, string source, IPEndPoint? dialled, TimeSpan now)
        {
            Uploader = uploader;
            Connection = uploader.Connection;
            Source = source;
            Dialled = dialled;
            Have = new Bitfield(Connection.Torrent.PieceCount ?? 0);
            LastBlock = now;
            ConnectedAt = now;
            HasPiece = piece => Have[piece];
            Uploaded = new PeerUploadMeter(uploader);
        }

        public PeerConnection Connection { get; }

        /// <summary>Serves the peer's requests for pieces we have verified.</summary>
        public PeerUploader Uploader { get; }

        public string Source { get; }

        /// <summary>The address we connected to (a candidate to release when it ends); null for an incoming peer.</summary>
        public IPEndPoint? Dialled { get; }

        public TimeSpan ConnectedAt { get; }

        public Bitfield Have { get; }

        /// <summary>The peer's pieces are counted as one seed rather than piece by piece.</summary>
        public bool CountedAsSeed { get; set; }

        public bool PeerChokingUs { get; set; } = true;

        public bool WeAreInterested { get; set; }

        public RequestQueueSizer Queue { get; } = new RequestQueueSizer();

        /// <summary>When the peer last sent a block, or unchoked us.</summary>
        public TimeSpan LastBlock { get; set; }

        public long BytesReceived { get; set; }

        /// <summary>What the peer gave us over about the last 20 s: the choker's tit-for-tat rank while we leech.</summary>
        public RateMeter Received { get; } = new RateMeter(20);

        /// <summary>What we gave the peer over about the last 20 s.</summary>
        public PeerUploadMeter Uploaded { get; }

        /// <summary>It unchoked us, then sent nothing for the snub timeout; cleared by its next block.</summary>
        public bool IsSnubbed { get; set; }

        /// <summary>Whether the last rechoke unchoked it; only the session's tick writes it.</summary>
        public bool Unchoked { get; set; }

        /// <summary>The peer has sent at least one block we wanted (it counts as a peer used).</summary>
        public bool SentData { get; set; }

        public int HashFailures { get; set; }

        /// <summary>Whether the peer has a piece, as the picker asks it; made once, not per pick.</summary>
        public Func<int, bool> HasPiece { get; }

        public override string ToString() => Connection.ToString();
    }
}
