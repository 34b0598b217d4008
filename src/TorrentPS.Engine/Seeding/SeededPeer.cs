using System;
using System.Net;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;
using TorrentPS.Session;
using TorrentPS.Swarm;

namespace TorrentPS.Seeding
{
    /// <summary>One connection as a seed session sees it: the uploader that serves it, its upload rate, and what it already has.</summary>
    internal sealed class SeededPeer
    {
        private readonly object _gate = new object();
        private readonly PeerUploadMeter _upload;
        private Bitfield? _remoteHave;

        public SeededPeer(PeerUploader uploader, TimeSpan connectedAt, string source, IPEndPoint? dialled)
        {
            Uploader = uploader;
            _upload = new PeerUploadMeter(uploader);
            ConnectedAt = connectedAt;
            Source = source;
            Dialled = dialled;
        }

        public PeerConnection Connection => Uploader.Connection;

        public PeerUploader Uploader { get; }

        public TimeSpan ConnectedAt { get; }

        /// <summary>"incoming", "manual" or "tracker".</summary>
        public string Source { get; }

        /// <summary>The address we connected to, for an outgoing connection; null for an incoming one.</summary>
        public IPEndPoint? Dialled { get; }

        /// <summary>Whether the last rechoke unchoked it; only the session's tick reads and writes it.</summary>
        public bool Unchoked { get; set; }

        /// <summary>The peer said it has every piece: a seed has nothing to get from us.</summary>
        public bool IsSeed
        {
            get
            {
                lock (_gate)
                {
                    return _remoteHave?.IsComplete == true;
                }
            }
        }

        /// <summary>Block bytes sent since the last call; the session's tick feeds its meters with them.</summary>
        public long TakeUploadedDelta() => _upload.TakeDelta();

        /// <summary>Counts <paramref name="bytes"/> in the 20-second upload rate the choker ranks by.</summary>
        public void CountUpload(long bytes, TimeSpan now) => _upload.Count(bytes, now);

        public double UploadRate(TimeSpan now) => _upload.BytesPerSecond(now);

        /// <summary>Notes the peer's bitfield, have-all, have-none or have message.</summary>
        public void NoteRemotePieces(PeerMessage message, int pieceCount)
        {
            lock (_gate)
            {
                switch (message.Type)
                {
                    case PeerMessageType.Bitfield:
                        _remoteHave = Bitfield.FromWire(message.Payload.Span, pieceCount);
                        break;
                    case PeerMessageType.HaveAll:
                        _remoteHave = Bitfield.All(pieceCount);
                        break;
                    case PeerMessageType.HaveNone:
                        _remoteHave = new Bitfield(pieceCount);
                        break;
                    case PeerMessageType.Have:
                        _remoteHave ??= new Bitfield(pieceCount);
                        _remoteHave.Set(message.PieceIndex);
                        break;
                }
            }
        }

        public override string ToString() => Connection.ToString();
    }
}
