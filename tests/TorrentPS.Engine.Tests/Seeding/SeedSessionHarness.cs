using System.Collections.Concurrent;
using System.Net;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Peers;
using TorrentPS.Storage;
using TorrentPS.Swarm.Choking;

namespace TorrentPS.Engine.Tests.Seeding;

/// <summary>
/// A <see cref="SeedSession"/> running in the background on loopback, with short timings, its log, its status
/// reports and the port it listens on. Dispose cancels it (a graceful stop) and waits, bounded, for its result.
/// </summary>
internal sealed class SeedSessionHarness : IAsyncDisposable
{
    /// <summary>Bounds every wait so a broken test fails instead of hanging; never asserted on.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop;

    private SeedSessionHarness(SeedSession session, Task<TorrentSeedResult> run, CancellationTokenSource stop, SeedStartedEventArgs started, ConcurrentQueue<string> log, ConcurrentQueue<TorrentStatus> statuses)
    {
        _stop = stop;
        Session = session;
        Run = run;
        StartedWith = started;
        Log = log;
        Statuses = statuses;
    }

    public SeedSession Session { get; }

    public Task<TorrentSeedResult> Run { get; }

    public SeedStartedEventArgs StartedWith { get; }

    public ConcurrentQueue<string> Log { get; }

    public ConcurrentQueue<TorrentStatus> Statuses { get; }

    public string LogText => string.Join(Environment.NewLine, Log);

    public IPEndPoint EndPoint => new(IPAddress.Loopback, StartedWith.Port);

    public IPEndPoint EndPointV6 => new(IPAddress.IPv6Loopback, StartedWith.Port);

    /// <summary>Options for loopback tests: any port on 127.0.0.1 and ::1, no trackers, every timing short.</summary>
    public static SeedOptions Options(Action<string> log) => new()
    {
        Port = 0,
        BindAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
        UseTrackers = false,
        TickInterval = TimeSpan.FromMilliseconds(50),
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        PeerSettings = new PeerConnectionSettings { HandshakeTimeout = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(5) },
        Choker = new ChokerSettings
        {
            RechokeInterval = TimeSpan.FromMilliseconds(100),
            SeedingTurn = TimeSpan.FromSeconds(1),
            OptimisticInterval = TimeSpan.FromSeconds(1),
        },
        Log = log,
    };

    /// <summary>Starts seeding and returns once it listens; a run that fails first throws here.</summary>
    public static async Task<SeedSessionHarness> StartAsync(TorrentInfo torrent, string folder, Func<SeedOptions, SeedOptions>? adjust = null)
    {
        var log = new ConcurrentQueue<string>();
        var statuses = new ConcurrentQueue<TorrentStatus>();
        SeedOptions options = Options(log.Enqueue);
        options = adjust?.Invoke(options) ?? options;
        var session = new SeedSession(torrent, folder, options);
        var started = new TaskCompletionSource<SeedStartedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Started += (_, e) => started.TrySetResult(e);
        var stop = new CancellationTokenSource();
        Task<TorrentSeedResult> run = Task.Run(() => session.RunAsync(new DirectProgress(statuses.Enqueue), stop.Token));
        Task first = await Task.WhenAny(started.Task, run).WaitAsync(Patience);
        if (first == run)
        {
            await run; // throws the run's failure
            throw new InvalidOperationException("The seed session ended before it listened.\n" + string.Join(Environment.NewLine, log));
        }

        return new SeedSessionHarness(session, run, stop, await started.Task, log, statuses);
    }

    /// <summary>Stops the session (gracefully) and returns its result.</summary>
    public async Task<TorrentSeedResult> StopAsync()
    {
        _stop.Cancel();
        return await Run.WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Run.WaitAsync(Patience);
        }
        catch (Exception) when (Run.IsFaulted)
        {
            // The test already looked at (or does not care about) how the run ended.
        }

        _stop.Dispose();
    }

    private sealed class DirectProgress(Action<TorrentStatus> report) : IProgress<TorrentStatus>
    {
        public void Report(TorrentStatus value) => report(value);
    }
}

/// <summary>Puts a torrent's data on disk the way a finished download would: piece by piece, each verified.</summary>
internal static class SeedData
{
    public static async Task WriteAsync(SwarmContent content, string folder, Func<int, bool>? which = null)
    {
        await using var storage = new TorrentStorage(content.Torrent, folder);
        for (int piece = 0; piece < content.Torrent.PieceCount; piece++)
        {
            if (which?.Invoke(piece) ?? true)
            {
                Assert.True(await storage.TryWriteVerifiedPieceAsync(piece, content.Block(piece, 0, content.Torrent.GetPieceSize(piece))));
            }
        }

        await storage.FlushAsync();
    }
}
