namespace TorrentPS.Engine.Tests.Metainfo;

public class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1 KiB")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(32768L, "32 KiB")]
    [InlineData(1_073_741_824L, "1 GiB")]
    [InlineData(1_234_567_890L, "1.15 GiB")]
    [InlineData(long.MaxValue, "8 EiB")]
    public void Sizes_are_shown_in_binary_units(long bytes, string text)
    {
        Assert.Equal(text, ByteSize.Format(bytes));
    }

    [Fact]
    public void The_exact_count_follows_for_anything_over_a_kibibyte()
    {
        Assert.Equal("1.5 MiB (1,572,864 bytes)", ByteSize.FormatWithExact(1_572_864));
        Assert.Equal("512 B", ByteSize.FormatWithExact(512));
    }
}
