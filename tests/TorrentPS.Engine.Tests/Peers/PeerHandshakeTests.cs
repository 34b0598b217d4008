using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

public class PeerHandshakeTests
{
    private static readonly InfoHash Hash = InfoHash.Parse("0123456789abcdef0123456789abcdef01234567");

    [Fact]
    public void Writes_the_68_bep3_bytes()
    {
        byte[] peerId = Frames.PeerId("-TP0100-");
        var reserved = ReservedBits.None.WithExtensionProtocol().WithFast().WithDht();
        byte[] bytes = new PeerHandshake(reserved, Hash, peerId).ToArray();
        Assert.Equal(68, bytes.Length);
        Assert.Equal(Frames.Handshake(Hash, peerId, new byte[] { 0, 0, 0, 0, 0, 0x10, 0, 0x05 }), bytes);
    }

    [Fact]
    public void Parses_what_a_peer_sends()
    {
        byte[] peerId = Frames.PeerId("-LT2080-");
        PeerHandshake parsed = PeerHandshake.Parse(Frames.Handshake(Hash, peerId, new byte[] { 0, 0, 0, 0, 0, 0x10, 0, 0x04 }));
        Assert.Equal(Hash, parsed.InfoHash);
        Assert.Equal(peerId, parsed.PeerId.ToArray());
        Assert.True(parsed.Reserved.SupportsExtensionProtocol);
        Assert.True(parsed.Reserved.SupportsFast);
        Assert.False(parsed.Reserved.SupportsDht);
        Assert.True(parsed.HasPeerId(peerId));
        Assert.StartsWith("-LT2080-", parsed.PeerIdText);
    }

    [Fact]
    public void A_wrong_protocol_length_is_refused()
    {
        byte[] bytes = Frames.Handshake(Hash, Frames.PeerId("-XX0000-"), protocol: "BitTorrent protocoL");
        bytes[0] = 18;
        var error = Assert.Throws<PeerProtocolException>(() => PeerHandshake.Parse(bytes));
        Assert.Equal(PeerProtocolError.WrongProtocol, error.Error);
        Assert.Contains("18", error.Message);
    }

    [Fact]
    public void A_wrong_protocol_string_is_refused_naming_the_position()
    {
        byte[] bytes = Frames.Handshake(Hash, Frames.PeerId("-XX0000-"), protocol: "BitTorrent protocoL");
        var error = Assert.Throws<PeerProtocolException>(() => PeerHandshake.Parse(bytes));
        Assert.Equal(PeerProtocolError.WrongProtocol, error.Error);
        Assert.Contains("byte 19", error.Message);
    }

    [Fact]
    public void A_short_handshake_is_refused()
    {
        byte[] bytes = Frames.Handshake(Hash, Frames.PeerId("-XX0000-"))[..67];
        var error = Assert.Throws<PeerProtocolException>(() => PeerHandshake.Parse(bytes));
        Assert.Equal(PeerProtocolError.HandshakeTruncated, error.Error);
    }

    [Fact]
    public void Reserved_bits_sit_where_the_beps_put_them()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0x10, 0, 0 }, ReservedBits.None.WithExtensionProtocol().ToArray());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x04 }, ReservedBits.None.WithFast().ToArray());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x01 }, ReservedBits.None.WithDht().ToArray());
        ReservedBits both = ReservedBits.None.WithFast().WithDht().Intersect(ReservedBits.None.WithFast());
        Assert.True(both.SupportsFast);
        Assert.False(both.SupportsDht);
        Assert.Equal(ReservedBits.None, ReservedBits.None.WithFast().WithFast(false));
        Assert.Equal("0000000000100004", ReservedBits.FromBytes(new byte[] { 0, 0, 0, 0, 0, 0x10, 0, 0x04 }).ToString());
    }

    [Fact]
    public void A_peer_id_must_be_20_bytes()
    {
        Assert.Throws<ArgumentException>(() => new PeerHandshake(ReservedBits.None, Hash, new byte[19]));
    }

    [Fact]
    public void Peer_ids_print_readably_with_binary_bytes_escaped()
    {
        byte[] aria = "A2-1-36-0-"u8.ToArray().Concat(new byte[] { 0x8F, 0x00, (byte)'%', 0x41, 0xFF, 1, 2, 3, 4, 5 }).ToArray();
        Assert.Equal("A2-1-36-0-%8F%00%25A%FF%01%02%03%04%05", PeerIdGenerator.Format(aria));
    }
}
