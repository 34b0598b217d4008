using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

public class BitfieldTests
{
    [Fact]
    public void Bits_are_most_significant_first_and_counted()
    {
        var bitfield = new Bitfield(12);
        Assert.True(bitfield.IsEmpty);
        bitfield.Set(0);
        bitfield.Set(7);
        bitfield.Set(11);
        bitfield.Set(11);
        Assert.Equal(3, bitfield.Count);
        Assert.Equal(new byte[] { 0x81, 0x10 }, bitfield.ToWire());
        Assert.True(bitfield[7]);
        Assert.False(bitfield[8]);
        bitfield[7] = false;
        bitfield.Clear(7);
        Assert.Equal(2, bitfield.Count);
        Assert.False(bitfield.IsComplete);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(16, 2)]
    [InlineData(17, 3)]
    public void All_sets_exactly_the_real_pieces(int pieces, int bytes)
    {
        Bitfield all = Bitfield.All(pieces);
        Assert.True(all.IsComplete);
        Assert.Equal(pieces, all.Count);
        Assert.Equal(bytes, all.WireLength);
        Assert.True(Bitfield.HasZeroSpareBits(all.ToWire(), pieces));
        Bitfield reread = Bitfield.FromWire(all.ToWire(), pieces);
        Assert.True(reread.IsComplete);
        all.ClearAll();
        Assert.True(all.IsEmpty);
    }

    [Fact]
    public void From_wire_counts_and_checks()
    {
        Bitfield parsed = Bitfield.FromWire(new byte[] { 0xF0, 0x80 }, 9);
        Assert.Equal(5, parsed.Count);
        Assert.True(parsed[8]);
        Assert.False(parsed[4]);
    }

    [Fact]
    public void From_wire_refuses_a_wrong_length()
    {
        var error = Assert.Throws<PeerProtocolException>(() => Bitfield.FromWire(new byte[3], 9));
        Assert.Equal(PeerProtocolError.BadBitfield, error.Error);
        Assert.Contains("3 bytes", error.Message);
    }

    [Theory]
    [InlineData(9, 0x40)]
    [InlineData(9, 0x01)]
    [InlineData(15, 0x01)]
    public void From_wire_refuses_spare_bits(int pieces, byte lastByte)
    {
        byte[] wire = new byte[Bitfield.GetWireLength(pieces)];
        wire[^1] = lastByte;
        var error = Assert.Throws<PeerProtocolException>(() => Bitfield.FromWire(wire, pieces));
        Assert.Equal(PeerProtocolError.BadBitfield, error.Error);
    }

    [Fact]
    public void Indexes_outside_the_torrent_throw()
    {
        var bitfield = new Bitfield(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => bitfield.Set(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => bitfield[-1]);
    }

    [Fact]
    public void Clone_is_independent()
    {
        var bitfield = new Bitfield(20);
        bitfield.Set(3);
        Bitfield copy = bitfield.Clone();
        copy.Set(4);
        Assert.Equal(1, bitfield.Count);
        Assert.Equal(2, copy.Count);
        Assert.Equal("2/20 pieces", copy.ToString());
    }
}
