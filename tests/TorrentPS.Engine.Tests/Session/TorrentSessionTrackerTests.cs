using System.Collections.Concurrent;
using System.Net;
using System.Text;
using TorrentPS.Engine.Tests.Tracking.Doubles;

namespace TorrentPS.Engine.Tests.Session;

/// <summary>What the download session tells a tracker over its life, against an HTTP tracker double on loopback.</summary>
public sealed class TorrentSessionTrackerTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("tps-session-tracker-").FullName;
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose()
    {
        Directory.Delete(_folder, true);
    }

    [Fact]
    public async Task A_finished_download_announces_started_then_completed_then_stopped()
    {
        SwarmContent content = SwarmContent.SingleFile(300_000, 16 * 1024, seed: 21);
        await using var seeder = new SeederDouble(content);
        using var tracker = HttpTrackerDouble.Answering(AnnounceBody(seeder.EndPoint));

        TorrentDownloadResult result = await Session(content, tracker).RunAsync().WaitAsync(Limit);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_folder);
        HttpDoubleRequest[] announces = tracker.Requests.Where(r => r.Path == "/announce").ToArray();
        Assert.Equal(new[] { "started", "completed", "stopped" }, announces.Select(r => r.RawValue("event")));
        Assert.Equal("300000", announces[0].RawValue("left"));
        Assert.Equal("0", announces[1].RawValue("left"));
        Assert.Equal("300000", announces[2].RawValue("downloaded"));
    }

    [Fact]
    public async Task A_cancelled_download_announces_stopped_but_not_completed()
    {
        SwarmContent content = SwarmContent.SingleFile(256 * 1024, 16 * 1024, seed: 23);
        await using var stalled = new SeederDouble(content, SeederBehaviour.FirstHalfOnly);
        using var tracker = HttpTrackerDouble.Answering(AnnounceBody(stalled.EndPoint));
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(s =>
        {
            if (s.PiecesDone == content.Torrent.PieceCount / 2)
            {
                cancel.Cancel();
            }
        });

        TorrentDownloadResult result = await Session(content, tracker).RunAsync(progress, cancel.Token).WaitAsync(Limit);

        Assert.False(result.IsComplete);
        Assert.Equal(new[] { "started", "stopped" }, tracker.Requests.Where(r => r.Path == "/announce").Select(r => r.RawValue("event")));
    }

    [Fact]
    public async Task Peers_from_the_tracker_are_tried_as_they_arrive_not_at_the_next_tick()
    {
        SwarmContent content = SwarmContent.SingleFile(200_000, 16 * 1024, seed: 25);
        await using var seeder = new SeederDouble(content);
        using var tracker = HttpTrackerDouble.Answering(AnnounceBody(seeder.EndPoint));

        // The first tick runs before the tracker can answer; the next one would be an hour later.
        TorrentDownloadResult result = await Session(content, tracker, TimeSpan.FromHours(1)).RunAsync().WaitAsync(Limit);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_folder);
    }

    [Fact]
    public async Task A_second_run_of_the_same_session_reports_its_own_peers_and_bytes()
    {
        SwarmContent content = SwarmContent.SingleFile(256 * 1024, 16 * 1024, seed: 27);
        await using var half = new SeederDouble(content, SeederBehaviour.FirstHalfOnly);
        await using var full = new SeederDouble(content);
        IPEndPoint named = half.EndPoint;
        using var tracker = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, 200, "OK", AnnounceBody(Volatile.Read(ref named)), ct));
        TorrentSession session = Session(content, tracker);
        using var cancel = new CancellationTokenSource();

        TorrentDownloadResult first = await session.RunAsync(
            new SynchronousProgress(s =>
            {
                if (s.PiecesDone == content.Torrent.PieceCount / 2)
                {
                    cancel.Cancel();
                }
            }),
            cancel.Token).WaitAsync(Limit);
        Volatile.Write(ref named, full.EndPoint);
        TorrentDownloadResult second = await session.RunAsync().WaitAsync(Limit);

        Assert.Equal((1, 128 * 1024), (first.PeersUsed, first.BytesDownloaded));
        Assert.True(second.IsComplete, string.Join(Environment.NewLine, _log));
        Assert.Equal((1, 128 * 1024), (second.PeersUsed, second.BytesDownloaded));
        content.AssertWritten(_folder);
    }

    [Fact]
    public async Task A_second_run_tries_the_peers_of_the_first_at_once()
    {
        SwarmContent content = SwarmContent.SingleFile(256 * 1024, 16 * 1024, seed: 29);
        var serve = new TaskCompletionSource();
        await using var seeder = new SeederDouble(content, unchokeWhen: serve.Task);
        using var tracker = HttpTrackerDouble.Answering(AnnounceBody(seeder.EndPoint));
        // Closed peers wait an hour before they are tried again, within a run.
        TorrentSession session = Session(content, tracker, reconnectDelay: TimeSpan.FromHours(1));
        using var cancel = new CancellationTokenSource();
        TorrentDownloadResult first = await session.RunAsync(
            new SynchronousProgress(s =>
            {
                if (s.PeersConnected == 1)
                {
                    cancel.Cancel();
                }
            }),
            cancel.Token).WaitAsync(Limit);
        serve.SetResult();

        TorrentDownloadResult second = await session.RunAsync().WaitAsync(Limit);

        Assert.Equal(0, first.PiecesVerified);
        Assert.True(second.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_folder);
    }

    private TorrentSession Session(SwarmContent content, HttpTrackerDouble tracker, TimeSpan? tick = null, TimeSpan? reconnectDelay = null) => new(content.Torrent, _folder, new TorrentSessionOptions
    {
        Trackers = new[] { tracker.AnnounceUrl },
        TickInterval = tick ?? TimeSpan.FromMilliseconds(50),
        ReconnectDelay = reconnectDelay ?? TorrentSessionOptions.Default.ReconnectDelay,
        Log = _log.Enqueue,
    });

    /// <summary>A compact (BEP 23) answer naming one IPv4 peer, with a long interval so only event announces happen.</summary>
    private static byte[] AnnounceBody(IPEndPoint peer)
    {
        byte[] address = peer.Address.GetAddressBytes();
        byte[] compact = { address[0], address[1], address[2], address[3], (byte)(peer.Port >> 8), (byte)peer.Port };
        byte[] head = Encoding.ASCII.GetBytes("d8:intervali1800e5:peers6:");
        return head.Concat(compact).Concat("e"u8.ToArray()).ToArray();
    }

    private sealed class SynchronousProgress(Action<TorrentStatus> report) : IProgress<TorrentStatus>
    {
        public void Report(TorrentStatus value) => report(value);
    }
}
