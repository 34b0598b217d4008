using System;

namespace TorrentPS.Peers.Listening
{
    /// <summary>A torrent the listener routes incoming peers to. Dispose it to stop accepting peers for the torrent.</summary>
    public sealed class PeerListenerRegistration : IDisposable
    {
        private readonly PeerListener _listener;

        internal PeerListenerRegistration(PeerListener listener, PeerTorrentContext torrent, Action<PeerConnection> onPeer)
        {
            _listener = listener;
            Torrent = torrent;
            OnPeer = onPeer;
        }

        public PeerTorrentContext Torrent { get; }

        internal Action<PeerConnection> OnPeer { get; }

        public void Dispose() => _listener.Unregister(this);

        public override string ToString() => Torrent.ToString();
    }
}
