using TorrentPS.Swarm.RateLimiting;

namespace TorrentPS.Engine.Tests.Swarm.RateLimiting;

public sealed class TokenBucketTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    [Fact]
    public void Zero_is_unlimited_whatever_the_transfer()
    {
        var bucket = new TokenBucket(0);
        Assert.True(bucket.IsUnlimited);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.TimeUntilAvailable(1_000_000, T0));
            bucket.Take(1_000_000, T0);
        }
    }

    [Fact]
    public void A_full_bucket_lets_a_burst_through_and_then_paces_by_the_rate()
    {
        var bucket = new TokenBucket(1000, capacity: 1000);
        Assert.Equal(TimeSpan.Zero, bucket.TimeUntilAvailable(1000, T0));
        bucket.Take(1000, T0);

        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.TimeUntilAvailable(500, T0));
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.TimeUntilAvailable(500, T0 + TimeSpan.FromSeconds(0.25)));
        Assert.Equal(TimeSpan.Zero, bucket.TimeUntilAvailable(500, T0 + TimeSpan.FromSeconds(0.5)));
    }

    [Fact]
    public void Tokens_never_pile_up_beyond_the_capacity()
    {
        var bucket = new TokenBucket(1000, capacity: 2000);
        bucket.Take(0, T0);
        Assert.Equal(2000, bucket.Level(T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_transfer_larger_than_the_bucket_goes_into_debt_so_the_long_run_rate_holds()
    {
        var bucket = new TokenBucket(1000, capacity: 1000);
        // 16 KiB at 1000 B/s: it may start on a full bucket, and the next one waits off the whole debt.
        Assert.Equal(TimeSpan.Zero, bucket.TimeUntilAvailable(16384, T0));
        bucket.Take(16384, T0);
        Assert.Equal(-15384, bucket.Level(T0));
        Assert.Equal(TimeSpan.FromSeconds(16.384), bucket.TimeUntilAvailable(16384, T0));
    }

    [Fact]
    public void The_default_capacity_is_one_second_of_traffic_but_at_least_a_block()
    {
        Assert.Equal(1_000_000, new TokenBucket(1_000_000).Capacity);
        Assert.Equal(TokenBucket.MinimumCapacity, new TokenBucket(100).Capacity);
    }

    [Fact]
    public void Changing_the_rate_keeps_the_earned_tokens_within_the_new_capacity()
    {
        var bucket = new TokenBucket(100_000);
        bucket.Take(0, T0);
        bucket.SetRate(20_000);
        Assert.Equal(20_000, bucket.Level(T0));
        bucket.SetRate(0);
        Assert.True(bucket.IsUnlimited);
        Assert.Equal(TimeSpan.Zero, bucket.TimeUntilAvailable(10_000_000, T0));
    }

    [Fact]
    public void Negative_rates_capacities_and_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(10, capacity: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(10).TimeUntilAvailable(-5, T0));
    }
}
