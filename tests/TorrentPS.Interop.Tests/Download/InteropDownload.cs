using System.Collections.Concurrent;
using TorrentPS.Interop.Tests.Support;
using TorrentPS.Tracking;

namespace TorrentPS.Interop.Tests.Download;

/// <summary>
/// One run of the engine's <see cref="TorrentSession"/> into a fresh folder, finding peers through the
/// torrent's tracker, with its log kept for assertions and failure messages. A hung run is cancelled (a
/// graceful stop) when the interop time limit passes, so a failure shows what happened instead of hanging.
/// </summary>
public sealed class InteropDownload
{
    private readonly ConcurrentQueue<string> _log = new();

    public InteropDownload(SeedContent content, TempDirectory work)
    {
        Content = content;
        Destination = work.Combine("download-" + Guid.NewGuid().ToString("N"));
        Session = new TorrentSession(content.Torrent, Destination, new TorrentSessionOptions
        {
            // Nothing listens there: the tracker lists us too, and connecting to ourselves must simply fail.
            Port = FreePort.Tcp(),
            TickInterval = TimeSpan.FromMilliseconds(100),
            ReconnectDelay = TimeSpan.FromSeconds(2),
            SnubTimeout = TimeSpan.FromSeconds(10),
            TrackerSettings = new TrackerSettings { HttpTimeout = TimeSpan.FromSeconds(10), StoppedAnnounceTimeout = TimeSpan.FromSeconds(5) },
            Log = line => _log.Enqueue($"{DateTime.Now:HH:mm:ss.fff} {line}"),
        });
    }

    public SeedContent Content { get; }

    public string Destination { get; }

    public TorrentSession Session { get; }

    public IReadOnlyCollection<string> Log => _log;

    public string LogText => string.Join(Environment.NewLine, _log);

    /// <summary>
    /// Runs to completion, cancellation or the time limit; <paramref name="onStatus"/> sees every snapshot on the
    /// session's thread. Running again continues in the same folder.
    /// </summary>
    public async Task<TorrentDownloadResult> RunAsync(Action<TorrentStatus>? onStatus = null, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(InteropSettings.ProcessTimeout);
        IProgress<TorrentStatus>? progress = onStatus is null ? null : new DirectProgress(onStatus);
        return await Session.RunAsync(progress, limit.Token);
    }

    /// <summary>The run completed and wrote exactly the source's bytes.</summary>
    public void AssertComplete(TorrentDownloadResult result)
    {
        Assert.True(result.IsComplete, $"The download did not complete: {result}\n{LogText}");
        Assert.Equal(Content.Torrent.PieceCount, result.PiecesVerified);
        Content.AssertDownloadedTo(Destination);
    }

    /// <summary>The session's log says it completed a handshake with a peer whose id names <paramref name="client"/>.</summary>
    public bool ConnectedTo(string client) =>
        _log.Any(line => line.Contains(": connected to ", StringComparison.Ordinal) && line.Contains(client, StringComparison.OrdinalIgnoreCase));

    // Progress<T> would post to the thread pool; the tests want each snapshot as it is made.
    private sealed class DirectProgress(Action<TorrentStatus> report) : IProgress<TorrentStatus>
    {
        public void Report(TorrentStatus value) => report(value);
    }
}
