using System.Collections.Concurrent;
using System.Net;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Engine.Tests.Storage;

namespace TorrentPS.Engine.Tests.Seeding;

/// <summary>Download then seed: a chain of seeder, downloader-turned-seeder and a second downloader on loopback.</summary>
public sealed class DownloadThenSeedTests : IDisposable
{
    private readonly TempFolder _origin = new();
    private readonly TempFolder _middle = new();
    private readonly TempFolder _last = new();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose()
    {
        _origin.Dispose();
        _middle.Dispose();
        _last.Dispose();
    }

    [Fact]
    public async Task A_finished_download_seeds_until_its_ratio_and_a_later_downloader_gets_everything_from_it()
    {
        SwarmContent content = SwarmContent.SingleFile(250_000, 16 * 1024, seed: 61);
        await SeedData.WriteAsync(content, _origin.Path);
        TorrentDownloadResult middleResult;
        DownloadThenSeed middle;
        await using (SeedSessionHarness origin = await SeedSessionHarness.StartAsync(content.Torrent, _origin.Path))
        {
            middle = new DownloadThenSeed(content.Torrent, _middle.Path, DownloadOptions(origin.EndPoint), SeedSessionTests.With(SeedSessionHarness.Options(_log.Enqueue), ratio: 1.0));
            var seeding = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            middle.Seed!.Started += (_, e) => seeding.TrySetResult(e.Port);
            var statuses = new ConcurrentQueue<TorrentStatus>();
            Task<TorrentDownloadResult> run = middle.RunAsync(new DirectProgress(statuses.Enqueue));

            // The origin goes away once the middle seeds: the last downloader can only get the data from the middle.
            int port = await seeding.Task.WaitAsync(SeedSessionHarness.Patience);
            await origin.StopAsync();
            var last = new TorrentSession(content.Torrent, _last.Path, DownloadOptions(new IPEndPoint(IPAddress.Loopback, port)));
            TorrentDownloadResult lastResult = await last.RunAsync().WaitAsync(SeedSessionHarness.Patience);
            middleResult = await run.WaitAsync(SeedSessionHarness.Patience);

            Assert.True(lastResult.IsComplete, string.Join(Environment.NewLine, _log));
            Assert.Contains(statuses, s => s.Activity == TorrentActivity.Downloading);
            Assert.Contains(statuses, s => s.Activity == TorrentActivity.Seeding);
        }

        Assert.True(middleResult.IsComplete);
        content.AssertWritten(_middle.Path);
        content.AssertWritten(_last.Path);
        TorrentSeedResult seeded = Assert.IsType<TorrentSeedResult>(middle.SeedResult);
        Assert.Equal(SeedStopReason.RatioReached, seeded.StopReason);
        Assert.Equal(1, seeded.PeersServed);
    }

    [Fact]
    public async Task Without_a_ratio_or_time_it_is_just_the_download()
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 62);
        await SeedData.WriteAsync(content, _origin.Path);
        await using SeedSessionHarness origin = await SeedSessionHarness.StartAsync(content.Torrent, _origin.Path);
        var run = new DownloadThenSeed(content.Torrent, _middle.Path, DownloadOptions(origin.EndPoint), SeedSessionHarness.Options(_log.Enqueue));

        TorrentDownloadResult result = await run.RunAsync().WaitAsync(SeedSessionHarness.Patience);

        Assert.True(result.IsComplete);
        Assert.Null(run.Seed);
        Assert.Null(run.SeedResult);
    }

    [Fact]
    public async Task A_download_that_cannot_complete_does_not_seed()
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 63);
        using var cancel = new CancellationTokenSource();
        var options = new TorrentSessionOptions { UseTrackers = false, TickInterval = TimeSpan.FromMilliseconds(50), Log = _log.Enqueue };
        var run = new DownloadThenSeed(content.Torrent, _middle.Path, options, SeedSessionTests.With(SeedSessionHarness.Options(_log.Enqueue), time: TimeSpan.FromMinutes(5)));
        run.Seed!.Started += (_, _) => _log.Enqueue("unexpected: seeding started");
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        TorrentDownloadResult result = await run.RunAsync(null, cancel.Token).WaitAsync(SeedSessionHarness.Patience);

        Assert.False(result.IsComplete);
        Assert.Null(run.SeedResult);
        Assert.DoesNotContain("unexpected: seeding started", _log);
    }

    private TorrentSessionOptions DownloadOptions(IPEndPoint seeder) => new()
    {
        Peers = [seeder],
        UseTrackers = false,
        TickInterval = TimeSpan.FromMilliseconds(50),
        SnubTimeout = TimeSpan.FromSeconds(2),
        ReconnectDelay = TimeSpan.FromMilliseconds(500),
        Log = _log.Enqueue,
    };

    private sealed class DirectProgress(Action<TorrentStatus> report) : IProgress<TorrentStatus>
    {
        public void Report(TorrentStatus value) => report(value);
    }
}
