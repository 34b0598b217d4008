using TorrentPS.Engine.Tests.Peers.Doubles;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

/// <summary>Our handshaken connection to a scripted peer on 127.0.0.1, running into a recording handler.</summary>
internal sealed class ConnectedPair : IDisposable
{
    private ConnectedPair(ScriptedPeer peer, PeerConnection connection, RecordingHandler handler, Task<PeerCloseReason> run)
    {
        Peer = peer;
        Connection = connection;
        Handler = handler;
        Run = run;
    }

    public ScriptedPeer Peer { get; }

    public PeerConnection Connection { get; }

    public RecordingHandler Handler { get; }

    public Task<PeerCloseReason> Run { get; }

    public static async Task<ConnectedPair> StartAsync(PeerConnectionSettings settings, bool peerSupportsFast = true, int pieceCount = 10, bool peerSupportsExtensions = false)
    {
        ScriptedPeer peer = ScriptedPeer.Listen();
        InfoHash hash = Frames.RandomInfoHash();
        var torrent = new PeerTorrentContext(hash, Frames.PeerId("-TP0100-"), pieceCount);
        Task<PeerConnection> connecting = PeerConnection.ConnectAsync(peer.EndPoint, torrent, settings);
        await peer.AcceptAsync();
        byte[] reserved = new byte[8];
        reserved[7] = peerSupportsFast ? (byte)0x04 : (byte)0;
        reserved[5] = peerSupportsExtensions ? (byte)0x10 : (byte)0;
        await peer.AnswerHandshakeAsync(Frames.Handshake(hash, Frames.PeerId("-qB4500-"), reserved));
        PeerConnection connection = await connecting;
        var handler = new RecordingHandler();
        return new ConnectedPair(peer, connection, handler, connection.RunAsync(handler));
    }

    /// <summary>Waits for the connection to end, bounded so a broken test fails rather than hangs.</summary>
    public async Task<PeerCloseReason> EndAsync() => await Run.WaitAsync(ScriptedPeer.Patience);

    public void Dispose()
    {
        Connection.Dispose();
        Peer.Dispose();
    }
}
