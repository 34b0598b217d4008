using System.Text;
using TorrentPS.Engine.Tests.Peers.Doubles;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

/// <summary>The BEP 10 extension handshake over a real loopback connection, both ways.</summary>
public sealed class PeerConnectionExtensionTests
{
    private static PeerConnectionSettings Settings() => new()
    {
        HandshakeTimeout = ScriptedPeer.Patience,
        IdleTimeout = ScriptedPeer.Patience,
        KeepAliveInterval = ScriptedPeer.Patience,
    };

    private static byte[] Extended(byte id, string bencoded) => Frames.Message(20, [id], Encoding.UTF8.GetBytes(bencoded));

    [Fact]
    public async Task We_advertise_the_extension_protocol_and_send_our_handshake_as_extended_message_0()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Settings(), peerSupportsExtensions: true);

        Assert.True(pair.Connection.Extensions.SupportsExtensionProtocol);
        await pair.Connection.SendExtensionHandshakeAsync(new ExtensionHandshake(client: "TorrentPS 0.1.0", maxRequests: 2000));

        byte[] payload = Encoding.UTF8.GetBytes("d1:mde4:reqqi2000e1:v15:TorrentPS 0.1.0e");
        Assert.Equal(Frames.Message(20, [0], payload), await pair.Peer.ReceiveExactlyAsync(4 + 2 + payload.Length));
    }

    [Fact]
    public async Task The_peers_handshake_is_kept_and_a_second_one_updates_it()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Settings(), peerSupportsExtensions: true);
        Assert.Null(pair.Connection.RemoteExtensionHandshake);

        await pair.Peer.SendAsync(Extended(0, "d1:md6:ut_pexi1ee4:reqqi250e1:v5:Peer1e"));
        PeerMessage first = await pair.Handler.NextAsync();
        Assert.Equal(PeerMessageType.Extended, first.Type);
        Assert.Equal(250, pair.Connection.RemoteExtensionHandshake?.MaxRequests);

        await pair.Peer.SendAsync(Extended(0, "d1:md6:ut_pexi0ee4:reqqi1000ee"));
        await pair.Handler.NextAsync();
        ExtensionHandshake? updated = pair.Connection.RemoteExtensionHandshake;
        Assert.NotNull(updated);
        Assert.Equal(1000, updated.MaxRequests);
        Assert.Equal("Peer1", updated.Client);
        Assert.Empty(updated.Messages);
    }

    [Fact]
    public async Task A_handshake_that_is_not_a_dictionary_closes_the_connection()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Settings(), peerSupportsExtensions: true);

        await pair.Peer.SendAsync(Extended(0, "i42e"));

        Assert.Equal(PeerCloseReason.ProtocolViolation, await pair.EndAsync());
        Assert.Equal(PeerProtocolError.BadExtensionHandshake, Assert.IsType<PeerProtocolException>(pair.Connection.CloseError).Error);
    }

    [Fact]
    public async Task Without_the_extension_protocol_nothing_is_taken_from_extended_messages_and_none_may_be_sent()
    {
        using ConnectedPair pair = await ConnectedPair.StartAsync(Settings(), peerSupportsExtensions: false);

        Assert.False(pair.Connection.Extensions.SupportsExtensionProtocol);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Connection.SendExtensionHandshakeAsync(new ExtensionHandshake()));
        await pair.Peer.SendAsync(Extended(0, "d4:reqqi9ee"));
        await pair.Handler.NextAsync();
        Assert.Null(pair.Connection.RemoteExtensionHandshake);
    }
}
