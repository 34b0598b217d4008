using System.Collections.Concurrent;
using System.Diagnostics;
using TorrentPS.Swarm.RateLimiting;

namespace TorrentPS.Engine.Tests.Session;

/// <summary>
/// Download limits hold. Only a lower bound on the time is asserted: a limit makes a download at least this slow,
/// which a slow machine can only confirm, never break.
/// </summary>
public sealed class TorrentSessionRateLimitTests : IDisposable
{
    private const int KiB = 1024;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("tps-limit-").FullName;
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose()
    {
        Directory.Delete(_folder, true);
    }

    [Fact]
    public async Task A_download_limit_of_256_KiB_per_second_makes_1_MiB_take_at_least_about_3_seconds()
    {
        SwarmContent content = SwarmContent.SingleFile(1024 * KiB, 64 * KiB, seed: 31);
        await using var seeder = new SeederDouble(content);
        var session = new TorrentSession(content.Torrent, Path.Combine(_folder, "one"), Options(seeder, limit: 256 * KiB));

        var watch = Stopwatch.StartNew();
        TorrentDownloadResult result = await session.RunAsync().WaitAsync(Limit);
        watch.Stop();

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(Path.Combine(_folder, "one"));

        // A full one-second burst, then 768 KiB at 256 KiB/s: 3 s at the very least (2.5 s leaves room for rounding).
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2.5), $"1 MiB arrived in {watch.Elapsed} through a 256 KiB/s limit");
    }

    [Fact]
    public async Task A_shared_global_limit_caps_two_sessions_together()
    {
        SwarmContent first = SwarmContent.SingleFile(512 * KiB, 32 * KiB, seed: 32, name: "first.bin");
        SwarmContent second = SwarmContent.SingleFile(512 * KiB, 32 * KiB, seed: 33, name: "second.bin");
        await using var firstSeeder = new SeederDouble(first);
        await using var secondSeeder = new SeederDouble(second);
        var global = new TransferLimits(downloadBytesPerSecond: 256 * KiB);

        var watch = Stopwatch.StartNew();
        Task<TorrentDownloadResult> a = new TorrentSession(first.Torrent, Path.Combine(_folder, "a"), Options(firstSeeder, global: global)).RunAsync();
        Task<TorrentDownloadResult> b = new TorrentSession(second.Torrent, Path.Combine(_folder, "b"), Options(secondSeeder, global: global)).RunAsync();
        TorrentDownloadResult[] results = await Task.WhenAll(a, b).WaitAsync(Limit);
        watch.Stop();

        Assert.All(results, r => Assert.True(r.IsComplete, string.Join(Environment.NewLine, _log)));
        first.AssertWritten(Path.Combine(_folder, "a"));
        second.AssertWritten(Path.Combine(_folder, "b"));

        // Each alone is unlimited, yet together they pass one 256 KiB/s cap: 1 MiB takes about 3 s at least.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2.5), $"2 x 512 KiB arrived in {watch.Elapsed} through a shared 256 KiB/s limit");
    }

    private TorrentSessionOptions Options(SeederDouble seeder, long limit = 0, TransferLimits? global = null) => new()
    {
        Peers = [seeder.EndPoint],
        UseTrackers = false,
        TickInterval = TimeSpan.FromMilliseconds(50),
        SnubTimeout = TimeSpan.FromSeconds(10),
        ReconnectDelay = TimeSpan.FromSeconds(1),
        DownloadLimit = limit,
        GlobalLimits = global,
        Log = _log.Enqueue,
    };
}
