using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Jobs;

namespace TorrentPS.Engine.Tests.Jobs;

/// <summary>The foreground path of Start-TorrentDownload -Wait: a job core reporting into a queue that one thread drains.</summary>
public class TorrentJobEventQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_session_over_complete_data_reports_through_the_queue_in_order_and_the_queue_ends()
    {
        using var folder = new TempFolder();
        var torrent = StorageTestTorrent.SingleFile(200_000, 16384, seed: 3, "complete.bin");
        torrent.WriteAllFiles(folder.Path);
        using var queue = new TorrentJobEventQueue<TorrentDownloadResult>();
        var session = new TorrentSession(torrent.Info, folder.Path, new TorrentSessionOptions { UseTrackers = false, Log = queue.Log });
        using var core = new TorrentJobCore<TorrentDownloadResult>(session.RunAsync, queue, TimeSpan.FromSeconds(1));

        core.Start();
        List<TorrentJobEvent<TorrentDownloadResult>> events = Drain(queue);

        var kinds = events.Where(e => e.Kind != TorrentJobEventKind.Log).Select(e => e.Kind).ToList();
        Assert.Equal(TorrentJobEventKind.StateChanged, kinds[0]);
        Assert.Equal([TorrentJobEventKind.Output, TorrentJobEventKind.Progress, TorrentJobEventKind.StateChanged], kinds.TakeLast(3));
        TorrentDownloadResult result = Assert.Single(events, e => e.Kind == TorrentJobEventKind.Output).Result!;
        Assert.True(result.IsComplete);
        Assert.Equal(0, result.BytesDownloaded);
        Assert.Equal(torrent.Info.PieceCount, result.PiecesVerified);
        Assert.Equal(Path.Combine(folder.Path, "complete.bin"), result.Path);
        Assert.True(events[^2].IsFinal);
        Assert.Equal(100, events[^2].Status!.PercentComplete);
        Assert.Equal(TorrentJobState.Completed, events[^1].State);
        Assert.Contains(events, e => e.Kind == TorrentJobEventKind.Log && e.Message!.Contains("checked", StringComparison.Ordinal));
    }

    [Fact]
    public void Stopping_a_download_with_no_peers_ends_the_queue_with_Stopped_and_keeps_the_partial_result()
    {
        using var folder = new TempFolder();
        var torrent = StorageTestTorrent.SingleFile(100_000, 16384, seed: 4, "nopeers.bin");
        using var queue = new TorrentJobEventQueue<TorrentDownloadResult>();
        var session = new TorrentSession(torrent.Info, folder.Path, new TorrentSessionOptions { UseTrackers = false, TickInterval = TimeSpan.FromMilliseconds(20) });
        using var core = new TorrentJobCore<TorrentDownloadResult>(session.RunAsync, queue, TimeSpan.Zero);

        core.Start();
        using var cancel = new CancellationTokenSource(Bound);
        TorrentJobEvent<TorrentDownloadResult> first = queue.Take(cancel.Token).First(e => e.Kind == TorrentJobEventKind.Progress && e.Status!.Activity == TorrentActivity.Downloading);
        Assert.True(core.Stop(Bound));
        List<TorrentJobEvent<TorrentDownloadResult>> rest = Drain(queue);

        Assert.Equal(0, first.Status!.BytesDone);
        Assert.Equal(TorrentJobState.Stopped, rest[^1].State);
        Assert.Contains(rest, e => e.Kind == TorrentJobEventKind.StateChanged && e.State == TorrentJobState.Stopping);
        TorrentDownloadResult result = Assert.Single(rest, e => e.Kind == TorrentJobEventKind.Output).Result!;
        Assert.False(result.IsComplete);
        Assert.Equal(0, result.PiecesVerified);
    }

    [Fact]
    public void Reports_after_the_final_state_are_dropped_and_the_consumer_is_not_blocked()
    {
        using var queue = new TorrentJobEventQueue<string>();
        queue.StateChanged(TorrentJobState.Running);
        queue.Output("done");
        queue.StateChanged(TorrentJobState.Completed);
        queue.Log("late line");
        queue.Error(new IOException("late error"));

        var events = queue.Take(CancellationToken.None).Select(e => e.ToString()).ToList();

        Assert.Equal(["State Running", "Output done", "State Completed"], events);
    }

    [Fact]
    public void Cancelling_the_consumer_ends_its_wait()
    {
        using var queue = new TorrentJobEventQueue<string>();
        using var cancel = new CancellationTokenSource();
        queue.StateChanged(TorrentJobState.Running);
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => queue.Take(cancel.Token).ToList());
    }

    private static List<TorrentJobEvent<TorrentDownloadResult>> Drain(TorrentJobEventQueue<TorrentDownloadResult> queue)
    {
        using var cancel = new CancellationTokenSource(Bound);
        return queue.Take(cancel.Token).ToList();
    }
}
