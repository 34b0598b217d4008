using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Storage;

public class PieceSetTests
{
    [Fact]
    public void Bitfield_puts_piece_zero_in_the_high_bit_and_round_trips()
    {
        PieceSet set = PieceSet.FromIndexes(10, [0, 7, 9]);

        byte[] bits = [0b1000_0001, 0b0100_0000];
        int[] pieces = [0, 7, 9];
        Assert.Equal(bits, set.ToBitfield());
        Assert.Equal(pieces, PieceSet.FromBitfield(set.ToBitfield(), 10).GetPieces());
        Assert.Equal(3, set.Count);
        Assert.True(set.Contains(7));
        Assert.False(set.Contains(8));
        Assert.Equal("3/10 pieces", set.ToString());
    }

    [Fact]
    public void Empty_and_full_sets_know_what_they_are()
    {
        Assert.True(PieceSet.Empty(9).IsEmpty);
        Assert.True(PieceSet.Full(9).IsFull);
        Assert.Equal(new byte[] { 0xFF, 0x80 }, PieceSet.Full(9).ToBitfield());
        Assert.Equal(Enumerable.Range(0, 9), PieceSet.Full(9).GetPieces());
    }

    [Fact]
    public void A_bitfield_of_the_wrong_size_or_with_spare_bits_set_is_refused()
    {
        Assert.Contains("need 2", Assert.Throws<ArgumentException>(() => PieceSet.FromBitfield(new byte[3], 10)).Message);
        Assert.Contains("past the last piece", Assert.Throws<ArgumentException>(() => PieceSet.FromBitfield(new byte[] { 0, 0b0010_0000 }, 10)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PieceSet.FromIndexes(10, [10]));
    }

    [Fact]
    public void The_set_cannot_be_changed_through_its_bitfield()
    {
        PieceSet set = PieceSet.FromIndexes(8, [1]);
        byte[] bits = set.ToBitfield();
        bits[0] = 0xFF;

        Assert.Equal(1, set.Count);
        Assert.False(set.Contains(0));
    }
}
