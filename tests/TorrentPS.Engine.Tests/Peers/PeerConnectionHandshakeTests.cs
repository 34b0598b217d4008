using System.Net;
using System.Net.Sockets;
using TorrentPS.Engine.Tests.Peers.Doubles;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

/// <summary>Handshakes over real loopback sockets, with a scripted peer on the other end.</summary>
public sealed class PeerConnectionHandshakeTests : IDisposable
{
    // Only for the peer that never answers; everything that should succeed gets all the time a loaded machine needs.
    private static readonly PeerConnectionSettings Quick = new() { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
    private static readonly PeerConnectionSettings Patient = new() { HandshakeTimeout = ScriptedPeer.Patience };

    private readonly ScriptedPeer _peer = ScriptedPeer.Listen();
    private readonly InfoHash _hash = Frames.RandomInfoHash();
    private readonly byte[] _ourId = Frames.PeerId("-TP0100-");
    private readonly byte[] _theirId = Frames.PeerId("-LT2080-");

    private PeerTorrentContext Torrent => new(_hash, _ourId, 100);

    [Fact]
    public async Task Outgoing_sends_ours_then_accepts_theirs()
    {
        Task<PeerConnection> connecting = PeerConnection.ConnectAsync(_peer.EndPoint, Torrent, Patient);
        await _peer.AcceptAsync();
        byte[] ours = await _peer.AnswerHandshakeAsync(Frames.Handshake(_hash, _theirId, new byte[] { 0, 0, 0, 0, 0, 0x10, 0, 0x05 }));
        using PeerConnection connection = await connecting;

        // We offer the extension protocol (BEP 10) and the Fast extension; the peer also offers DHT, which we do not.
        Assert.Equal(Frames.Handshake(_hash, _ourId, new byte[] { 0, 0, 0, 0, 0, 0x10, 0, 0x04 }), ours);
        Assert.True(connection.IsOutgoing);
        Assert.Equal(_theirId, connection.RemoteHandshake.PeerId.ToArray());
        Assert.Equal("libtorrent-rasterbar 2.0.8.0", connection.RemoteClient);
        Assert.True(connection.SupportsFast);
        Assert.True(connection.Extensions.SupportsExtensionProtocol);
        Assert.False(connection.Extensions.SupportsDht);
        Assert.Equal(68, connection.ProtocolBytesSent);
        Assert.Equal(68, connection.ProtocolBytesReceived);
        Assert.Equal(_peer.EndPoint, connection.RemoteEndPoint);
    }

    [Fact]
    public async Task An_answer_for_another_torrent_is_refused()
    {
        Task<PeerConnection> connecting = PeerConnection.ConnectAsync(_peer.EndPoint, Torrent, Patient);
        await _peer.AcceptAsync();
        InfoHash other = Frames.RandomInfoHash();
        await _peer.AnswerHandshakeAsync(Frames.Handshake(other, _theirId));

        var error = await Assert.ThrowsAsync<PeerProtocolException>(() => connecting);
        Assert.Equal(PeerProtocolError.InfoHashMismatch, error.Error);
        Assert.Contains(other.ToString(), error.Message);
        // And the socket is closed, not leaked.
        Assert.Empty(await _peer.ReceiveUntilClosedAsync());
    }

    [Fact]
    public async Task A_peer_speaking_another_protocol_is_refused_at_once()
    {
        Task<PeerConnection> connecting = PeerConnection.ConnectAsync(_peer.EndPoint, Torrent, new PeerConnectionSettings { HandshakeTimeout = ScriptedPeer.Patience });
        await _peer.AcceptAsync();
        await _peer.ReceiveExactlyAsync(68);
        // Only 17 bytes: the refusal must come from the bytes themselves, not from waiting for 68.
        await _peer.SendAsync("HTTP/1.1 400 Bad\r"u8.ToArray());

        var error = await Assert.ThrowsAsync<PeerProtocolException>(() => connecting);
        Assert.Equal(PeerProtocolError.WrongProtocol, error.Error);
    }

    [Fact]
    public async Task A_peer_that_hangs_up_mid_handshake_is_a_short_read()
    {
        Task<PeerConnection> connecting = PeerConnection.ConnectAsync(_peer.EndPoint, Torrent, new PeerConnectionSettings { HandshakeTimeout = ScriptedPeer.Patience });
        await _peer.AcceptAsync();
        await _peer.ReceiveExactlyAsync(68);
        await _peer.SendAsync(Frames.Handshake(_hash, _theirId)[..40]);
        _peer.HangUp();

        var error = await Assert.ThrowsAsync<PeerProtocolException>(() => connecting);
        Assert.Equal(PeerProtocolError.HandshakeTruncated, error.Error);
        Assert.Contains("40 of the 68", error.Message);
    }

    [Fact]
    public async Task A_peer_that_never_handshakes_times_out()
    {
        Task<PeerConnection> connecting = PeerConnection.ConnectAsync(_peer.EndPoint, Torrent, Quick);
        await _peer.AcceptAsync();

        var error = await Assert.ThrowsAsync<PeerProtocolException>(() => connecting);
        Assert.Equal(PeerProtocolError.HandshakeTimeout, error.Error);
        Assert.Empty((await _peer.ReceiveUntilClosedAsync()).Skip(68));
    }

    [Fact]
    public async Task A_peer_that_answers_with_our_own_id_is_ourselves()
    {
        Task<PeerConnection> connecting = PeerConnection.ConnectAsync(_peer.EndPoint, Torrent, Patient);
        await _peer.AcceptAsync();
        await _peer.AnswerHandshakeAsync(Frames.Handshake(_hash, _ourId));

        var error = await Assert.ThrowsAsync<PeerProtocolException>(() => connecting);
        Assert.Equal(PeerProtocolError.SelfConnection, error.Error);
    }

    [Fact]
    public async Task Connecting_to_our_own_listener_is_detected_and_dropped()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        PeerTorrentContext torrent = Torrent;
        Task<PeerConnection> accepting = Task.Run(async () =>
            await PeerConnection.AcceptAsync(await listener.AcceptSocketAsync(), hash => hash == torrent.InfoHash ? torrent : null, Patient));
        Task<PeerConnection> connecting = PeerConnection.ConnectAsync(listener.LocalEndpoint, torrent, Patient);

        var incoming = await Assert.ThrowsAsync<PeerProtocolException>(() => accepting);
        Assert.Equal(PeerProtocolError.SelfConnection, incoming.Error);
        // The outgoing half sees the line drop before any answer.
        var outgoing = await Assert.ThrowsAsync<PeerProtocolException>(() => connecting);
        Assert.Equal(PeerProtocolError.HandshakeTruncated, outgoing.Error);
    }

    [Fact]
    public async Task Incoming_reads_theirs_finds_the_torrent_then_answers()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        PeerTorrentContext torrent = Torrent;
        var asked = new List<InfoHash>();
        Task<PeerConnection> accepting = Task.Run(async () => await PeerConnection.AcceptAsync(
            await listener.AcceptSocketAsync(),
            hash =>
            {
                asked.Add(hash);
                return hash == torrent.InfoHash ? torrent : null;
            },
            Patient));

        using ScriptedPeer remote = await ScriptedPeer.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        await remote.SendAsync(Frames.Handshake(_hash, _theirId, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x01 }));
        byte[] answer = await remote.ReceiveExactlyAsync(68);
        using PeerConnection connection = await accepting;

        Assert.Equal(new[] { _hash }, asked);
        Assert.Equal(Frames.Handshake(_hash, _ourId, new byte[] { 0, 0, 0, 0, 0, 0x10, 0, 0x04 }), answer);
        Assert.False(connection.IsOutgoing);
        Assert.False(connection.SupportsFast);
        Assert.False(connection.Extensions.SupportsExtensionProtocol);
        Assert.Same(torrent, connection.Torrent);
    }

    [Fact]
    public async Task Incoming_for_a_torrent_we_do_not_serve_is_closed_without_an_answer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task<PeerConnection> accepting = Task.Run(async () =>
            await PeerConnection.AcceptAsync(await listener.AcceptSocketAsync(), _ => null, Patient));

        using ScriptedPeer remote = await ScriptedPeer.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        await remote.SendAsync(Frames.Handshake(_hash, _theirId));

        var error = await Assert.ThrowsAsync<PeerProtocolException>(() => accepting);
        Assert.Equal(PeerProtocolError.InfoHashMismatch, error.Error);
        Assert.Empty(await remote.ReceiveUntilClosedAsync());
    }

    [Fact]
    public async Task A_closed_port_is_a_socket_error()
    {
        int port = _peer.EndPoint.Port;
        _peer.Dispose();
        var error = await Assert.ThrowsAsync<SocketException>(() => PeerConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Torrent, Patient));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    public void Dispose() => _peer.Dispose();
}
