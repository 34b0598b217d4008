using TorrentPS.Swarm;

namespace TorrentPS.Engine.Tests.Swarm;

public class RequestQueueSizerTests
{
    private const int Block = PiecePicker.DefaultBlockSize;

    [Fact]
    public void Rate_meter_averages_completed_seconds_in_its_window()
    {
        var meter = new RateMeter(3);
        meter.Add(1000, TimeSpan.FromSeconds(10.1));
        meter.Add(1000, TimeSpan.FromSeconds(10.9));
        Assert.Equal(0, meter.BytesPerSecond(TimeSpan.FromSeconds(10.95)));
        meter.Add(500, TimeSpan.FromSeconds(11.5));
        Assert.Equal(2000, meter.BytesPerSecond(TimeSpan.FromSeconds(11.6)));
        Assert.Equal(1250, meter.BytesPerSecond(TimeSpan.FromSeconds(12.0)));
        Assert.Equal(250, meter.BytesPerSecond(TimeSpan.FromSeconds(13.0)));
        Assert.Equal(0, meter.BytesPerSecond(TimeSpan.FromSeconds(30.0)));
        Assert.Equal(2500, meter.Total);
    }

    [Fact]
    public void Slow_start_grows_by_one_per_block_then_follows_the_bandwidth_delay_product()
    {
        var sizer = new RequestQueueSizer(initial: 4);
        TimeSpan now = TimeSpan.Zero;

        // 64 blocks a second (1 MiB/s) for several seconds: growth stops, the depth becomes rate x 3 s.
        for (int second = 0; second < 6; second++)
        {
            for (int b = 0; b < 64; b++)
            {
                now = TimeSpan.FromSeconds(second + (b / 64.0));
                sizer.BlockReceived(Block, now);
            }
        }

        Assert.False(sizer.InSlowStart);
        Assert.Equal(64 * 3, sizer.Depth);
    }

    [Fact]
    public void Depth_stays_within_its_bounds()
    {
        var sizer = new RequestQueueSizer(min: 4, max: 50, initial: 48);
        for (int i = 0; i < 10; i++)
        {
            sizer.BlockReceived(Block, TimeSpan.FromMilliseconds(i));
        }

        Assert.Equal(50, sizer.Depth);

        var slow = new RequestQueueSizer(min: 4, max: 500, initial: 4);
        for (int second = 0; second < 8; second++)
        {
            slow.BlockReceived(Block / 16, TimeSpan.FromSeconds(second));
        }

        Assert.False(slow.InSlowStart);
        Assert.Equal(4, slow.Depth);
    }

    [Fact]
    public void A_snubbing_peer_gets_a_single_request()
    {
        var sizer = new RequestQueueSizer();
        sizer.Snubbed();
        Assert.Equal(1, sizer.Depth);
        Assert.False(sizer.InSlowStart);
    }
}
