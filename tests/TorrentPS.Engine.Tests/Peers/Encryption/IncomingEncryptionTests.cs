using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using TorrentPS.Engine.Tests.Peers.Listening;
using TorrentPS.Peers;
using TorrentPS.Peers.Encryption;
using TorrentPS.Peers.Listening;

namespace TorrentPS.Engine.Tests.Peers.Encryption;

/// <summary>
/// A peer that opens with a Message Stream Encryption handshake, as libtorrent does by default, against a real
/// listener. The test plays the connecting side of the protocol byte by byte.
/// </summary>
public sealed class IncomingEncryptionTests
{
    private const uint Plaintext = 1;
    private const uint Rc4Only = 2;

    private static PeerListenerSettings Settings() => new()
    {
        Port = 0,
        BindAddresses = [IPAddress.Loopback],
        PeerSettings = new PeerConnectionSettings { HandshakeTimeout = TimeSpan.FromSeconds(20) },
    };

    private static byte[] Sha1(string label, params byte[][] parts) =>
        SHA1.HashData(Encoding.ASCII.GetBytes(label).Concat(parts.SelectMany(p => p)).ToArray());

    /// <summary>Steps 1 and 3 of the handshake from the connecting side; returns our RC4 states (encrypt, decrypt).</summary>
    private static async Task<(Rc4 Encrypt, Rc4 Decrypt)> OpenEncryptedAsync(RawPeer peer, InfoHash infoHash, uint provide, byte[] initialPayload)
    {
        var exchange = new MseKeyExchange();
        await peer.SendAsync(exchange.PublicKey.Concat(new byte[37]).ToArray()); // Ya and 37 bytes of PadA
        byte[] secret = exchange.SharedSecret(await peer.ReceiveExactlyAsync(MseKeyExchange.KeyLength));

        var encrypt = new Rc4(Sha1("keyA", secret, infoHash.ToArray()));
        var decrypt = new Rc4(Sha1("keyB", secret, infoHash.ToArray()));
        byte[] offer = new byte[8 + 4 + 2 + 3 + 2 + initialPayload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(offer.AsSpan(8), provide);
        BinaryPrimitives.WriteUInt16BigEndian(offer.AsSpan(12), 3); // PadC
        BinaryPrimitives.WriteUInt16BigEndian(offer.AsSpan(17), (ushort)initialPayload.Length);
        initialPayload.CopyTo(offer, 19);
        encrypt.Apply(offer);
        byte[] proof = Sha1("req2", infoHash.ToArray()).Zip(Sha1("req3", secret), (a, b) => (byte)(a ^ b)).ToArray();
        await peer.SendAsync(Sha1("req1", secret).Concat(proof).Concat(offer).ToArray());
        return (encrypt, decrypt);
    }

    [Fact]
    public async Task An_encrypted_handshake_offering_plaintext_is_answered_and_reaches_its_torrent()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        var torrent = new PeerTorrentContext(Frames.RandomInfoHash(), Frames.PeerId("-TP0100-"), 10);
        var arrived = new ConcurrentQueue<PeerConnection>();
        using PeerListenerRegistration other = listener.Register(new PeerTorrentContext(Frames.RandomInfoHash(), Frames.PeerId("-TP0100-"), 10), c => c.Close());
        using PeerListenerRegistration registration = listener.Register(torrent, arrived.Enqueue);
        using RawPeer peer = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));

        (_, Rc4 decrypt) = await OpenEncryptedAsync(peer, torrent.InfoHash, Plaintext | Rc4Only, Frames.Handshake(torrent.InfoHash, Frames.PeerId("-RP0001-")));
        byte[] answer = await peer.ReceiveExactlyAsync(8 + 4 + 2);
        decrypt.Apply(answer);

        Assert.Equal(new byte[8], answer[..8]);
        Assert.Equal(Plaintext, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(8)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(12)));
        // The rest is plaintext: our BitTorrent handshake's answer, then messages both ways.
        byte[] handshake = await peer.ReceiveExactlyAsync(68);
        Assert.Equal(torrent.InfoHash.ToArray(), handshake[28..48]);
        using var patience = new CancellationTokenSource(RawPeer.Patience);
        while (arrived.IsEmpty)
        {
            await Task.Delay(10, patience.Token);
        }

        Assert.True(arrived.TryDequeue(out PeerConnection? connection));
        Assert.Same(torrent, connection.Torrent);
        await connection.SendHaveAsync(3);
        Assert.Equal(Frames.Have(3), await peer.ReceiveExactlyAsync(9));
        connection.Close();
        Assert.Equal(0, listener.FailedHandshakeCount);
    }

    [Fact]
    public async Task The_answer_goes_out_before_the_peers_padding_and_initial_payload_arrive()
    {
        // libtorrent's handshake comes in a second write, which Nagle's algorithm holds back until the answer's ACK:
        // an answer that waited for it would stall every such connection for a delayed ACK.
        await using PeerListener listener = PeerListener.Start(Settings());
        var torrent = new PeerTorrentContext(Frames.RandomInfoHash(), Frames.PeerId("-TP0100-"), 10);
        using PeerListenerRegistration registration = listener.Register(torrent, c => c.Close());
        using RawPeer peer = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        var exchange = new MseKeyExchange();
        await peer.SendAsync(exchange.PublicKey);
        byte[] secret = exchange.SharedSecret(await peer.ReceiveExactlyAsync(MseKeyExchange.KeyLength));
        var encrypt = new Rc4(Sha1("keyA", secret, torrent.InfoHash.ToArray()));
        var decrypt = new Rc4(Sha1("keyB", secret, torrent.InfoHash.ToArray()));
        byte[] offer = new byte[8 + 4 + 2];
        BinaryPrimitives.WriteUInt32BigEndian(offer.AsSpan(8), Plaintext | Rc4Only);
        BinaryPrimitives.WriteUInt16BigEndian(offer.AsSpan(12), 5); // PadC, sent later
        encrypt.Apply(offer);
        byte[] proof = Sha1("req2", torrent.InfoHash.ToArray()).Zip(Sha1("req3", secret), (a, b) => (byte)(a ^ b)).ToArray();
        await peer.SendAsync(Sha1("req1", secret).Concat(proof).Concat(offer).ToArray());

        byte[] answer = await peer.ReceiveExactlyAsync(8 + 4 + 2);
        decrypt.Apply(answer);
        Assert.Equal(new byte[8], answer[..8]);
        Assert.Equal(Plaintext, BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(8)));

        byte[] handshake = Frames.Handshake(torrent.InfoHash, Frames.PeerId("-RP0001-"));
        byte[] rest = new byte[5].Concat(Frames.U16((ushort)handshake.Length)).Concat(handshake).ToArray();
        encrypt.Apply(rest);
        await peer.SendAsync(rest);
        Assert.Equal(torrent.InfoHash.ToArray(), (await peer.ReceiveExactlyAsync(68))[28..48]);
    }

    [Fact]
    public async Task A_peer_that_insists_on_RC4_for_the_whole_connection_is_refused()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        var torrent = new PeerTorrentContext(Frames.RandomInfoHash(), Frames.PeerId("-TP0100-"), 10);
        using PeerListenerRegistration registration = listener.Register(torrent, c => c.Close());
        using RawPeer peer = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));

        await OpenEncryptedAsync(peer, torrent.InfoHash, Rc4Only, []);

        await Assert.ThrowsAsync<EndOfStreamException>(() => peer.ReceiveExactlyAsync(14));
        Assert.Equal(1, listener.FailedHandshakeCount);
        Assert.Equal(0, listener.AcceptedCount);
    }

    [Fact]
    public async Task An_encrypted_handshake_for_a_torrent_we_do_not_serve_is_refused()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        using PeerListenerRegistration registration = listener.Register(new PeerTorrentContext(Frames.RandomInfoHash(), Frames.PeerId("-TP0100-"), 10), c => c.Close());
        using RawPeer peer = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));

        await OpenEncryptedAsync(peer, Frames.RandomInfoHash(), Plaintext, []);

        await Assert.ThrowsAsync<EndOfStreamException>(() => peer.ReceiveExactlyAsync(14));
        Assert.Equal(1, listener.UnknownTorrentCount);
    }

    [Fact]
    public void Rc4_matches_the_published_test_vectors_and_both_sides_of_the_key_exchange_agree()
    {
        byte[] data = Encoding.ASCII.GetBytes("Plaintext");
        new Rc4(Encoding.ASCII.GetBytes("Key"), discard: 0).Apply(data);
        Assert.Equal(Convert.FromHexString("BBF316E8D940AF0AD3"), data);
        byte[] wiki = Encoding.ASCII.GetBytes("Attack at dawn");
        new Rc4(Encoding.ASCII.GetBytes("Secret"), discard: 0).Apply(wiki);
        Assert.Equal(Convert.FromHexString("45A01F645FC35B383552544B9BF5"), wiki);

        var a = new MseKeyExchange();
        var b = new MseKeyExchange();
        Assert.Equal(a.SharedSecret(b.PublicKey), b.SharedSecret(a.PublicKey));
        Assert.NotEqual(a.PublicKey, b.PublicKey);
        Assert.Throws<PeerProtocolException>(() => a.SharedSecret(new byte[MseKeyExchange.KeyLength]));
    }
}
