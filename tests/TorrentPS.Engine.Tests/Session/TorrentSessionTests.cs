using System.Collections.Concurrent;
using System.Net;
using TorrentPS.Peers;
using TorrentPS.Peers.Listening;
using TorrentPS.Storage;

namespace TorrentPS.Engine.Tests.Session;

/// <summary>The download session against seeders built on the engine's own peer layer, on loopback.</summary>
public sealed class TorrentSessionTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("tps-session-").FullName;
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose()
    {
        Directory.Delete(_folder, true);
    }

    [Fact]
    public async Task Downloads_a_single_file_torrent_from_one_seeder()
    {
        SwarmContent content = SwarmContent.SingleFile(1_000_000, 32 * 1024);
        await using var seeder = new SeederDouble(content);

        TorrentDownloadResult result = await Download(content, seeder.EndPoint);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        Assert.Equal(content.Torrent.PieceCount, result.PiecesVerified);
        Assert.Equal(1_000_000, result.BytesDownloaded);
        Assert.Equal(1, result.PeersUsed);
        Assert.Equal(Path.Combine(_folder, "content.bin"), result.Path);
        content.AssertWritten(_folder);
    }

    [Fact]
    public async Task Downloads_a_multi_file_torrent_with_padding_from_two_seeders()
    {
        SwarmContent content = SwarmContent.MultiFile(
            16 * 1024,
            7,
            ("a/one.bin", 20_000, false),
            (".pad/12768", 12_768, true),
            ("a/empty", 0, false),
            ("b/two.bin", 300_000, false),
            ("three.txt", 1_234, false));
        await using var first = new SeederDouble(content);
        await using var second = new SeederDouble(content);

        TorrentDownloadResult result = await Download(content, first.EndPoint, second.EndPoint);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_folder);
        Assert.Equal(Path.Combine(_folder, "multi"), result.Path);
        Assert.Equal(content.Torrent.ContentSize, result.Size);
    }

    [Fact]
    public async Task A_seeder_of_corrupt_data_is_banned_and_the_data_still_arrives_intact()
    {
        SwarmContent content = SwarmContent.SingleFile(600_000, 16 * 1024, seed: 3);
        await using var liar = new SeederDouble(content, SeederBehaviour.Corrupt);

        // The honest seeder holds back until the liar has sent a corrupt block, so the ban is always exercised.
        await using var honest = new SeederDouble(content, unchokeWhen: liar.Misbehaved);

        TorrentDownloadResult result = await Download(content, liar.EndPoint, honest.EndPoint);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_folder);
        Assert.Contains(_log, line => line.Contains("banned", StringComparison.Ordinal));
        Assert.Contains(_log, line => line.Contains("failed its hash check", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SeederBehaviour.ChokeMidPiece)]
    [InlineData(SeederBehaviour.DisconnectMidPiece)]
    public async Task Blocks_held_by_a_peer_that_chokes_or_leaves_are_fetched_from_another(SeederBehaviour behaviour)
    {
        SwarmContent content = SwarmContent.SingleFile(800_000, 64 * 1024, seed: 5);
        await using var flaky = new SeederDouble(content, behaviour);
        await using var steady = new SeederDouble(content, unchokeWhen: flaky.Misbehaved);

        TorrentDownloadResult result = await Download(content, flaky.EndPoint, steady.EndPoint);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        Assert.True(flaky.Misbehaved.IsCompleted, "the flaky seeder never misbehaved");
        Assert.True(flaky.BlocksServed > 0, "the flaky seeder was never asked");
        content.AssertWritten(_folder);
    }

    [Fact]
    public async Task An_interrupted_download_resumes_without_fetching_verified_pieces_again()
    {
        SwarmContent content = SwarmContent.SingleFile(512 * 1024, 16 * 1024, seed: 11);
        await using (var half = new SeederDouble(content, SeederBehaviour.FirstHalfOnly))
        {
            using var cancel = new CancellationTokenSource();
            var session = new TorrentSession(content.Torrent, _folder, Options(half.EndPoint));
            Task<TorrentDownloadResult> run = session.RunAsync(new Progress<TorrentStatus>(s =>
            {
                if (s.PiecesDone >= content.Torrent.PieceCount / 2)
                {
                    cancel.Cancel();
                }
            }), cancel.Token);
            TorrentDownloadResult partial = await run.WaitAsync(Limit);
            Assert.False(partial.IsComplete);
            Assert.Equal(content.Torrent.PieceCount / 2, partial.PiecesVerified);
        }

        Assert.Equal(ResumeLoadStatus.Loaded, ResumeStore.ForDestination(_folder).Load(content.Torrent, _folder).Status);

        await using var full = new SeederDouble(content);
        TorrentDownloadResult result = await Download(content, full.EndPoint);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        Assert.Equal(content.Torrent.PieceCount / 2 * 16 * 1024, result.BytesDownloaded);
        Assert.All(full.Requests, r => Assert.True(r.PieceIndex >= content.Torrent.PieceCount / 2, $"verified piece {r.PieceIndex} was fetched again"));
        content.AssertWritten(_folder);
    }

    [Fact]
    public async Task A_corrupt_resume_file_is_ignored_with_a_warning_and_the_data_rechecked()
    {
        SwarmContent content = SwarmContent.SingleFile(256 * 1024, 16 * 1024, seed: 13);
        await using (var seeder = new SeederDouble(content))
        {
            Assert.True((await Download(content, seeder.EndPoint)).IsComplete);
        }

        string resumePath = ResumeStore.ForDestination(_folder).GetPath(content.Torrent.InfoHash);
        File.WriteAllText(resumePath, "d5:brokene");
        _log.Clear();

        await using var idle = new SeederDouble(content);
        TorrentDownloadResult again = await Download(content, idle.EndPoint);

        Assert.True(again.IsComplete);
        Assert.Equal(0, again.BytesDownloaded);
        Assert.Empty(idle.Requests);
        Assert.Contains(_log, line => line.Contains(resumePath, StringComparison.Ordinal));
        Assert.Contains(_log, line => line.Contains("16 good", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_stops_gracefully_and_keeps_what_was_verified()
    {
        SwarmContent content = SwarmContent.SingleFile(256 * 1024, 16 * 1024, seed: 17);
        await using var stalled = new SeederDouble(content, SeederBehaviour.FirstHalfOnly);
        using var cancel = new CancellationTokenSource();
        var session = new TorrentSession(content.Torrent, _folder, Options(stalled.EndPoint));
        var statuses = new ConcurrentQueue<TorrentStatus>();
        Task<TorrentDownloadResult> run = session.RunAsync(new SynchronousProgress(statuses.Enqueue), cancel.Token);

        while (!statuses.Any(s => s.PiecesDone == 8))
        {
            await Task.Delay(20).WaitAsync(Limit);
        }

        cancel.Cancel();
        TorrentDownloadResult result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(result.IsComplete);
        Assert.Equal(8, result.PiecesVerified);
        Assert.Equal(TorrentActivity.Stopped, statuses.Last().Activity);
        Assert.Contains(statuses, s => s.Activity == TorrentActivity.Downloading && s.PeersConnected == 1);
        Assert.StartsWith("-TP0100-", session.PeerId, StringComparison.Ordinal);
    }

    private async Task<TorrentDownloadResult> Download(SwarmContent content, params IPEndPoint[] peers)
    {
        var session = new TorrentSession(content.Torrent, _folder, Options(peers));
        return await session.RunAsync(null, CancellationToken.None).WaitAsync(Limit);
    }

    [Fact]
    public async Task Requests_outstanding_across_the_session_stay_within_the_byte_budget()
    {
        SwarmContent content = SwarmContent.SingleFile(256 * 1024, 64 * 1024, seed: 41);
        await using var seeder = new SeederDouble(content, SeederBehaviour.Hoarding);
        // 64 KiB is four blocks; the peer's own pipeline starts at 16.
        var session = new TorrentSession(content.Torrent, _folder, new TorrentSessionOptions
        {
            Peers = [seeder.EndPoint],
            UseTrackers = false,
            TickInterval = TimeSpan.FromMilliseconds(50),
            SnubTimeout = TimeSpan.FromSeconds(30),
            Log = _log.Enqueue,
            MaxOutstandingRequestBytes = 64 * 1024,
        });

        TorrentDownloadResult result = await session.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_folder);
        Assert.Equal(4, seeder.PeakHeld);
    }

    [Fact]
    public async Task Keeps_no_more_requests_out_than_the_peer_said_it_queues()
    {
        SwarmContent content = SwarmContent.SingleFile(256 * 1024, 64 * 1024, seed: 43);
        await using var seeder = new SeederDouble(content, SeederBehaviour.Hoarding, extensionHandshake: new ExtensionHandshake(maxRequests: 3));

        TorrentDownloadResult result = await Download(content, seeder.EndPoint);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_folder);
        Assert.Equal(3, seeder.PeakHeld);
    }

    [Fact]
    public async Task Tells_peers_its_client_queue_and_listening_port_in_the_extension_handshake()
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 47);
        await using var seeder = new SeederDouble(content, extensionHandshake: new ExtensionHandshake(maxRequests: 250));
        await using PeerListener listener = PeerListener.Start(new PeerListenerSettings { Port = 0, BindAddresses = [IPAddress.Loopback] });
        var session = new TorrentSession(content.Torrent, _folder, new TorrentSessionOptions
        {
            Peers = [seeder.EndPoint],
            UseTrackers = false,
            TickInterval = TimeSpan.FromMilliseconds(50),
            Log = _log.Enqueue,
            Listener = listener,
        });

        TorrentDownloadResult result = await session.RunAsync().WaitAsync(Limit);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        ExtensionHandshake ours = Assert.Single(seeder.ClientExtensionHandshakes);
        Assert.Equal(listener.Port, ours.ListenPort);
        Assert.StartsWith("TorrentPS", ours.Client, StringComparison.Ordinal);
        Assert.True(ours.MaxRequests > 0);
    }

    private TorrentSessionOptions Options(params IPEndPoint[] peers) => new()
    {
        Peers = peers,
        UseTrackers = false,
        TickInterval = TimeSpan.FromMilliseconds(50),
        SnubTimeout = TimeSpan.FromSeconds(2),
        ReconnectDelay = TimeSpan.FromSeconds(1),
        Log = _log.Enqueue,
    };

    private sealed class SynchronousProgress(Action<TorrentStatus> report) : IProgress<TorrentStatus>
    {
        public void Report(TorrentStatus value) => report(value);
    }
}
