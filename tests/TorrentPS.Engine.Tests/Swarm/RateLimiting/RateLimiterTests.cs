using TorrentPS.Swarm.RateLimiting;

namespace TorrentPS.Engine.Tests.Swarm.RateLimiting;

public sealed class RateLimiterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_unlimited_limiter_never_touches_the_clock()
    {
        var clock = new ManualRateClock();
        var limiter = new RateLimiter(0, clock);
        for (int i = 0; i < 1000; i++)
        {
            ValueTask wait = limiter.WaitAsync(16384);
            Assert.True(wait.IsCompletedSuccessfully);
            await wait;
        }

        Assert.Equal(0, clock.Sleepers);
    }

    [Fact]
    public async Task A_transfer_beyond_the_burst_sleeps_exactly_until_its_tokens_are_there()
    {
        var clock = new ManualRateClock();
        var limiter = new RateLimiter(1000, clock, capacity: 1000);
        await limiter.WaitAsync(1000);

        Task second = limiter.WaitAsync(500).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(0.5), await clock.NextWakeAsync());
        clock.Advance(TimeSpan.FromSeconds(0.4));
        Assert.False(second.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        await second.WaitAsync(Patience);
        Assert.Equal(0, limiter.Bucket.Level(clock.Elapsed), 3);
    }

    [Fact]
    public async Task Over_a_scripted_minute_the_bytes_let_through_match_the_rate()
    {
        var clock = new ManualRateClock();
        var limiter = new RateLimiter(10_000, clock, capacity: 16384);
        long sent = 0;
        Task pump = Task.Run(async () =>
        {
            while (true)
            {
                await limiter.WaitAsync(4096);
                Interlocked.Add(ref sent, 4096);
            }
        });

        // Move time in 100 ms steps, each time once the pump is asleep again, for 60 s of clock time.
        for (int step = 0; step < 600; step++)
        {
            await clock.NextWakeAsync();
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        await clock.NextWakeAsync();
        long total = Interlocked.Read(ref sent);
        // The initial burst (16384) plus 60 s at 10 000 B/s, rounded to whole 4 KiB transfers.
        Assert.InRange(total, 16384 + 600_000 - 4096, 16384 + 600_000 + 4096);
        Assert.False(pump.IsCompleted);
    }

    [Fact]
    public async Task Lifting_the_limit_wakes_a_sleeper_at_once()
    {
        var clock = new ManualRateClock();
        var limiter = new RateLimiter(100, clock, capacity: 100);
        await limiter.WaitAsync(100);
        Task waiting = limiter.WaitAsync(50_000).AsTask();
        await clock.NextWakeAsync();

        limiter.BytesPerSecond = 0;

        await waiting.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_chain_waits_for_the_tightest_limit_and_charges_every_one()
    {
        var clock = new ManualRateClock();
        var global = new RateLimiter(10_000, clock, capacity: 10_000);
        var torrent = new RateLimiter(1000, clock, capacity: 1000);
        var chain = new RateLimitChain(torrent, global);

        await chain.WaitAsync(1000);
        Assert.Equal(9000, global.Bucket.Level(clock.Elapsed), 3);
        Assert.Equal(0, torrent.Bucket.Level(clock.Elapsed), 3);

        Task next = chain.WaitAsync(1000).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(1), await clock.NextWakeAsync());
        clock.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(Patience);
        Assert.Equal(9000, global.Bucket.Level(clock.Elapsed), 3);
    }

    [Fact]
    public async Task A_global_limit_shared_by_two_torrents_holds_their_sum()
    {
        var clock = new ManualRateClock();
        var limits = new TransferLimits(uploadBytesPerSecond: 1000, clock: clock);
        var first = new TransferLimits(clock: clock);
        var second = new TransferLimits(clock: clock);
        RateLimitChain a = first.UploadThrough(limits);
        RateLimitChain b = second.UploadThrough(limits);

        await a.WaitAsync(16384); // the global bucket (16 KiB minimum) is now empty
        Task fromB = b.WaitAsync(1000).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(1), await clock.NextWakeAsync());
        Assert.False(fromB.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await fromB.WaitAsync(Patience);
    }

    [Fact]
    public async Task Cancelling_a_wait_throws_and_takes_no_tokens()
    {
        var clock = new ManualRateClock();
        var limiter = new RateLimiter(1000, clock, capacity: 1000);
        await limiter.WaitAsync(1000);
        using var cancel = new CancellationTokenSource();
        Task waiting = limiter.WaitAsync(1000, cancel.Token).AsTask();
        await clock.NextWakeAsync();

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        Assert.Equal(0, limiter.Bucket.Level(clock.Elapsed), 3);
    }

    [Fact]
    public void A_chain_needs_one_clock()
    {
        var one = new RateLimiter(10, new ManualRateClock());
        var other = new RateLimiter(10, new ManualRateClock());
        Assert.Throws<ArgumentException>(() => new RateLimitChain(one, other));
        Assert.Throws<ArgumentException>(() => new RateLimitChain());
    }
}
