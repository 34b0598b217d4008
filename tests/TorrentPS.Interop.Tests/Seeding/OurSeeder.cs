using System.Collections.Concurrent;
using System.Net;
using TorrentPS.Interop.Tests.Download;
using TorrentPS.Interop.Tests.Support;
using TorrentPS.Peers;

namespace TorrentPS.Interop.Tests.Seeding;

/// <summary>
/// The engine's <see cref="SeedSession"/> seeding a <see cref="SeedContent"/> on 127.0.0.1 from the content's own
/// source folder, with its log kept for failure messages. Dispose stops it gracefully (bounded).
/// </summary>
public sealed class OurSeeder : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log;
    private readonly CancellationTokenSource _stop;

    private OurSeeder(Task<TorrentSeedResult> run, int port, ConcurrentQueue<string> log, CancellationTokenSource stop)
    {
        Run = run;
        Port = port;
        _log = log;
        _stop = stop;
    }

    public Task<TorrentSeedResult> Run { get; }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    public string LogText => string.Join(Environment.NewLine, _log);

    /// <summary>
    /// Seeds <paramref name="content"/> and returns once it listens. <paramref name="announce"/> makes it announce to
    /// the torrent's tracker; <paramref name="peers"/> are leechers it connects to itself.
    /// </summary>
    public static async Task<OurSeeder> StartAsync(SeedContent content, TempDirectory work, bool announce = false, IReadOnlyList<IPEndPoint>? peers = null)
    {
        var log = new ConcurrentQueue<string>();
        var session = new SeedSession(content.Torrent, Path.GetDirectoryName(content.SourceFolder)!, new SeedOptions
        {
            Port = 0,
            BindAddresses = [IPAddress.Loopback],
            UseTrackers = announce,
            TrackerSettings = new TrackerSettings { HttpTimeout = TimeSpan.FromSeconds(10), StoppedAnnounceTimeout = TimeSpan.FromSeconds(5) },
            Peers = peers ?? [],
            ReconnectDelay = TimeSpan.FromSeconds(1),
            TickInterval = TimeSpan.FromMilliseconds(100),
            PeerSettings = new PeerConnectionSettings { HandshakeTimeout = TimeSpan.FromSeconds(10), ConnectTimeout = TimeSpan.FromSeconds(5) },
            // Resume data beside the test's work, not in the content's folder that downloads are compared with.
            ResumeFolder = work.Combine("resume-" + Guid.NewGuid().ToString("N")),
            Log = line => log.Enqueue($"{DateTime.Now:HH:mm:ss.fff} {line}"),
        });
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Started += (_, e) => listening.TrySetResult(e.Port);
        var stop = new CancellationTokenSource();
        Task<TorrentSeedResult> run = Task.Run(() => session.RunAsync(null, stop.Token));
        if (await Task.WhenAny(listening.Task, run).WaitAsync(InteropSettings.ProcessTimeout) == run)
        {
            stop.Dispose();
            await run;
            throw new InvalidOperationException("Our seeder ended before it listened:\n" + string.Join(Environment.NewLine, log));
        }

        return new OurSeeder(run, await listening.Task, log, stop);
    }

    /// <summary>Stops seeding gracefully and returns the result.</summary>
    public async Task<TorrentSeedResult> StopAsync()
    {
        _stop.Cancel();
        return await Run.WaitAsync(InteropSettings.ProcessTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Run.WaitAsync(InteropSettings.ProcessTimeout);
        }
        catch (Exception) when (Run.IsFaulted)
        {
            // How it ended was the test's business.
        }

        _stop.Dispose();
    }
}
