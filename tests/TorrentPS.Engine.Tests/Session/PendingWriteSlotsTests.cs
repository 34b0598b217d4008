using TorrentPS.Session;

namespace TorrentPS.Engine.Tests.Session;

public class PendingWriteSlotsTests
{
    [Theory]
    [InlineData(16 * 1024, 64)]
    [InlineData(512 * 1024, 64)]
    [InlineData(1024 * 1024, 32)]
    [InlineData(4 * 1024 * 1024, 8)]
    [InlineData(16 * 1024 * 1024, 2)]
    [InlineData(256 * 1024 * 1024, 1)]
    public void Pieces_waiting_to_be_written_fit_the_byte_budget_whatever_their_size(int pieceLength, int expected)
    {
        Assert.Equal(expected, TorrentSession.PendingWriteSlots(new TorrentSessionOptions(), pieceLength));
    }

    [Fact]
    public void The_count_option_still_caps_small_pieces()
    {
        var options = new TorrentSessionOptions { MaxPendingWrites = 3, MaxPendingWriteBytes = long.MaxValue };
        Assert.Equal(3, TorrentSession.PendingWriteSlots(options, 16 * 1024));
    }
}
