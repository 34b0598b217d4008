namespace TorrentPS.Engine.Tests.Metainfo.Creation;

public sealed class PieceLengthChoiceTests
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;

    [Theory]
    [InlineData(0L, 16 * KiB)]
    [InlineData(1L, 16 * KiB)]
    [InlineData(16 * KiB * 2000, 16 * KiB)]
    [InlineData((16 * KiB * 2000) + 1, 32 * KiB)]
    [InlineData(700 * MiB, 512 * KiB)]
    [InlineData(1024 * MiB, 1 * MiB)]
    [InlineData(4L * 1024 * 1024 * MiB, 16 * MiB)]
    public void Picks_the_smallest_power_of_two_that_keeps_pieces_at_2000_or_fewer(long size, long expected)
    {
        Assert.Equal(expected, TorrentBuilder.ChoosePieceLength(size));
    }

    [Fact]
    public void Unclamped_sizes_get_between_1000_and_2000_pieces()
    {
        var random = new Random(7);
        for (int i = 0; i < 1000; i++)
        {
            long size = (long)(16 * KiB * 2000 * Math.Pow(2, random.NextDouble() * 9)) + 1;
            int length = TorrentBuilder.ChoosePieceLength(size);
            long pieces = (size + length - 1) / length;

            Assert.InRange(pieces, 1001, 2000);
            Assert.Equal(0, length & (length - 1));
        }
    }

    [Fact]
    public void A_negative_size_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TorrentBuilder.ChoosePieceLength(-1));
    }
}
