using System.Collections.Concurrent;
using System.Net;
using TorrentPS.Engine.Tests.Peers;
using TorrentPS.Engine.Tests.Peers.Doubles;
using TorrentPS.Engine.Tests.Peers.Listening;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Engine.Tests.Tracking.Doubles;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Seeding;

/// <summary>The production seed session on loopback: the engine's own download session and scripted peers download from it.</summary>
public sealed class SeedSessionTests : IDisposable
{
    private readonly TempFolder _seedFolder = new();
    private readonly TempFolder _downloadFolder = new();
    private readonly ConcurrentQueue<string> _downloadLog = new();

    public void Dispose()
    {
        _seedFolder.Dispose();
        _downloadFolder.Dispose();
    }

    [Fact]
    public async Task A_download_session_gets_a_multi_file_torrent_from_it_and_the_result_counts_the_upload()
    {
        SwarmContent content = SwarmContent.MultiFile(32 * 1024, 41, ("a/one.bin", 300_000, false), (".pad/1", 27_680, true), ("b/two.bin", 500_001, false));
        await SeedData.WriteAsync(content, _seedFolder.Path);
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path);

        TorrentDownloadResult download = await DownloadAsync(content, seeder.EndPoint);
        TorrentSeedResult result = await seeder.StopAsync();

        Assert.True(download.IsComplete, DownloadLog + seeder.LogText);
        content.AssertWritten(_downloadFolder.Path);
        Assert.Equal(SeedStopReason.Stopped, result.StopReason);
        Assert.True(result.IsComplete);
        Assert.Equal(1, result.PeersServed);
        Assert.Equal(seeder.StartedWith.Port, result.Port);
        Assert.InRange(result.BytesUploaded, content.Torrent.ContentSize, content.Torrent.TotalSize * 2);
        Assert.Contains(seeder.Statuses, s => s.Activity == TorrentActivity.Seeding && s.BytesUploaded > 0);
        Assert.Equal(TorrentActivity.Stopped, seeder.Statuses.Last().Activity);
    }

    [Fact]
    public async Task It_serves_over_IPv6_and_stops_by_itself_when_the_seed_ratio_is_reached()
    {
        SwarmContent content = SwarmContent.SingleFile(300_000, 16 * 1024, seed: 42);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path, o => With(o, ratio: 1.0));

        TorrentDownloadResult download = await DownloadAsync(content, seeder.EndPointV6);
        TorrentSeedResult result = await seeder.Run.WaitAsync(SeedSessionHarness.Patience);

        Assert.True(download.IsComplete, DownloadLog + seeder.LogText);
        content.AssertWritten(_downloadFolder.Path);
        Assert.Equal(SeedStopReason.RatioReached, result.StopReason);
        Assert.True(result.Ratio >= 1.0, result.ToString());
        Assert.Contains("ratio reached", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_stops_by_itself_when_the_seed_time_is_up_even_with_no_peer()
    {
        SwarmContent content = SwarmContent.SingleFile(50_000, 16 * 1024, seed: 43);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path, o => With(o, time: TimeSpan.FromMilliseconds(300)));

        TorrentSeedResult result = await seeder.Run.WaitAsync(SeedSessionHarness.Patience);

        Assert.Equal(SeedStopReason.TimeReached, result.StopReason);
        Assert.Equal(0, result.BytesUploaded);
        Assert.Equal(0, result.PeersServed);
    }

    [Fact]
    public async Task Data_with_no_verified_piece_is_refused_with_the_folder_named()
    {
        SwarmContent content = SwarmContent.SingleFile(50_000, 16 * 1024, seed: 44, name: "wanted.bin");
        var session = new SeedSession(content.Torrent, _seedFolder.Path, SeedSessionHarness.Options(_ => { }));

        TorrentSeedException error = await Assert.ThrowsAsync<TorrentSeedException>(() => session.RunAsync());

        Assert.Equal(_seedFolder.Path, error.DataFolder);
        Assert.Contains(_seedFolder.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("wanted.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incomplete_data_is_seeded_as_far_as_it_is_verified_and_said_so()
    {
        SwarmContent content = SwarmContent.SingleFile(160_000, 16 * 1024, seed: 45);
        await SeedData.WriteAsync(content, _seedFolder.Path, piece => piece % 2 == 0);
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path);
        using RawPeer peer = await RawPeer.ConnectAsync(seeder.EndPoint);
        await peer.HandshakeAsync(content.Torrent.InfoHash);

        (int id, byte[] payload) = await peer.ReceiveMessageAsync();
        TorrentSeedResult result = await seeder.StopAsync();

        Assert.Equal(5, id); // a bitfield, not have-all
        Bitfield offered = Bitfield.FromWire(payload, content.Torrent.PieceCount);
        Assert.All(Enumerable.Range(0, content.Torrent.PieceCount), p => Assert.Equal(p % 2 == 0, offered[p]));
        Assert.Equal(5, seeder.StartedWith.PiecesSeeded);
        Assert.False(seeder.StartedWith.IsComplete);
        Assert.False(result.IsComplete);
        Assert.Contains("only 5/10 pieces", result.ToString(), StringComparison.Ordinal);
        Assert.Contains(seeder.Log, line => line.Contains("incomplete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_run_trusts_the_resume_data_the_first_one_wrote()
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 46);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        await using (SeedSessionHarness first = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path))
        {
            await first.StopAsync();
            Assert.Contains(first.Statuses, s => s.Activity == TorrentActivity.CheckingData);
        }

        await using SeedSessionHarness second = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path);
        await second.StopAsync();

        Assert.DoesNotContain(second.Statuses, s => s.Activity == TorrentActivity.CheckingData);
        Assert.Contains(second.Log, line => line.StartsWith("Resume data from", StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_connects_out_to_a_given_peer_and_tells_it_it_has_everything()
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 47);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        using ScriptedPeer leecher = ScriptedPeer.Listen();
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path, o => With(o, peers: [leecher.EndPoint]));

        await leecher.AcceptAsync();
        byte[] reserved = new byte[8];
        reserved[7] = 0x04;
        byte[] theirs = await leecher.AnswerHandshakeAsync(Frames.Handshake(content.Torrent.InfoHash, Frames.PeerId("-LE0001-"), reserved));
        byte[] first = await leecher.ReceiveExactlyAsync(5);

        Assert.Equal(content.Torrent.InfoHash.ToArray(), theirs.AsSpan(28, 20).ToArray());
        Assert.Equal("-TP0100-", System.Text.Encoding.ASCII.GetString(theirs, 48, 8));
        Assert.Equal(new byte[] { 0, 0, 0, 1, 0x0E }, first); // have-all
    }

    [Fact]
    public async Task A_peer_that_speaks_the_extension_protocol_hears_how_many_requests_it_may_queue_before_the_pieces()
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 49);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path);
        using RawPeer peer = await RawPeer.ConnectAsync(seeder.EndPoint);
        byte[] reserved = new byte[8];
        reserved[5] = 0x10;
        reserved[7] = 0x04;

        await peer.SendAsync(Frames.Handshake(content.Torrent.InfoHash, Frames.PeerId("-LT2080-"), reserved));
        byte[] ours = await peer.ReceiveExactlyAsync(68);
        (int id, byte[] payload) = await peer.ReceiveMessageAsync();
        (int next, _) = await peer.ReceiveMessageAsync();

        Assert.Equal(0x10, ours[20 + 5] & 0x10);
        Assert.Equal(20, id);
        Assert.Equal(ExtensionHandshake.MessageId, payload[0]);
        ExtensionHandshake handshake = ExtensionHandshake.Parse(payload.AsMemory(1));
        Assert.Equal(TorrentPS.Peers.Serving.UploadSettings.Default.MaxQueuedRequests, handshake.MaxRequests);
        Assert.Equal(seeder.StartedWith.Port, handshake.ListenPort);
        Assert.Equal("TorrentPS 0.1.0", handshake.Client);
        Assert.Empty(handshake.Messages);
        Assert.Equal(0x0E, next); // have-all
    }

    [Fact]
    public async Task A_peer_that_has_everything_is_let_go()
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 48);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path);
        using RawPeer peer = await RawPeer.ConnectAsync(seeder.EndPoint);
        await peer.HandshakeAsync(content.Torrent.InfoHash);

        await peer.SendAsync(Frames.Message(0x0E));
        await peer.WaitUntilClosedAsync().WaitAsync(SeedSessionHarness.Patience);

        Assert.Contains(seeder.Log, line => line.Contains("has every piece", StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_announces_started_with_nothing_left_on_its_listening_port_and_stopped_at_the_end()
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 49);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        using HttpTrackerDouble tracker = HttpTrackerDouble.Answering("d8:intervali1800e5:peers0:e"u8.ToArray());
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path, o => With(o, tracker: tracker.AnnounceUrl));
        // Answered, not just received: only a tracker that took "started" is told "stopped".
        await WaitUntilAsync(() => seeder.Log.Any(line => line.StartsWith("Tracker ", StringComparison.Ordinal) && line.Contains("0 peers", StringComparison.Ordinal)));

        await seeder.StopAsync();

        HttpDoubleRequest[] announces = tracker.Requests.ToArray();
        Assert.Equal("started", announces[0].RawValue("event"));
        Assert.Equal("0", announces[0].RawValue("left"));
        Assert.Equal(seeder.StartedWith.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), announces[0].RawValue("port"));
        Assert.Equal("stopped", announces[^1].RawValue("event"));
    }

    [Fact]
    public async Task Two_torrents_seeded_on_the_same_port_share_one_listener_and_both_serve()
    {
        SwarmContent first = SwarmContent.SingleFile(120_000, 16 * 1024, seed: 51, name: "first.bin");
        SwarmContent second = SwarmContent.SingleFile(90_000, 16 * 1024, seed: 52, name: "second.bin");
        await SeedData.WriteAsync(first, _seedFolder.Path);
        await SeedData.WriteAsync(second, _seedFolder.Path);
        int port = FreeLoopbackPort();
        await using SeedSessionHarness one = await SeedSessionHarness.StartAsync(first.Torrent, _seedFolder.Path, o => WithPort(o, port));
        await using SeedSessionHarness two = await SeedSessionHarness.StartAsync(second.Torrent, _seedFolder.Path, o => WithPort(o, port));
        using var secondDownload = new TempFolder();

        TorrentDownloadResult a = await DownloadAsync(first, one.EndPoint);
        TorrentDownloadResult b = await DownloadIntoAsync(second, two.EndPoint, secondDownload.Path);
        await one.StopAsync();
        TorrentDownloadResult afterFirstLeft = await DownloadIntoAsync(second, two.EndPoint, _downloadFolder.Combine("again"));

        Assert.Equal(port, one.StartedWith.Port);
        Assert.Equal(port, two.StartedWith.Port);
        Assert.True(a.IsComplete && b.IsComplete, DownloadLog + one.LogText + two.LogText);
        Assert.True(afterFirstLeft.IsComplete, DownloadLog + two.LogText);
        first.AssertWritten(_downloadFolder.Path);
        second.AssertWritten(secondDownload.Path);
    }

    [Fact]
    public async Task Options_without_sense_are_refused()
    {
        SwarmContent content = SwarmContent.SingleFile(50_000, 16 * 1024, seed: 50);

        Assert.Throws<ArgumentOutOfRangeException>(() => new SeedSession(content.Torrent, _seedFolder.Path, new SeedOptions { SeedRatio = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeedSession(content.Torrent, _seedFolder.Path, new SeedOptions { SeedRatio = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeedSession(content.Torrent, _seedFolder.Path, new SeedOptions { SeedTime = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeedSession(content.Torrent, _seedFolder.Path, new SeedOptions { Port = 70000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeedSession(content.Torrent, _seedFolder.Path, new SeedOptions { UploadLimit = -1 }));
        await Task.CompletedTask;
    }

    internal static SeedOptions With(SeedOptions o, double? ratio = null, TimeSpan? time = null, IPEndPoint[]? peers = null, string? tracker = null) => new()
    {
        Port = o.Port,
        BindAddresses = o.BindAddresses,
        UseTrackers = tracker is not null,
        Trackers = tracker is null ? [] : [tracker],
        TrackerSettings = new TrackerSettings { HttpTimeout = TimeSpan.FromSeconds(5), StoppedAnnounceTimeout = TimeSpan.FromSeconds(5) },
        Peers = peers ?? o.Peers,
        TickInterval = o.TickInterval,
        ReconnectDelay = o.ReconnectDelay,
        PeerSettings = o.PeerSettings,
        Choker = o.Choker,
        SeedRatio = ratio,
        SeedTime = time,
        Log = o.Log,
    };

    private string DownloadLog => string.Join(Environment.NewLine, _downloadLog) + Environment.NewLine;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(SeedSessionHarness.Patience);
        while (!condition())
        {
            await Task.Delay(20, patience.Token);
        }
    }

    private static SeedOptions WithPort(SeedOptions o, int port) => new()
    {
        Port = port,
        BindAddresses = [IPAddress.Loopback],
        UseTrackers = false,
        TickInterval = o.TickInterval,
        PeerSettings = o.PeerSettings,
        Choker = o.Choker,
        Log = o.Log,
    };

    private static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private Task<TorrentDownloadResult> DownloadAsync(SwarmContent content, IPEndPoint seeder) => DownloadIntoAsync(content, seeder, _downloadFolder.Path);

    private async Task<TorrentDownloadResult> DownloadIntoAsync(SwarmContent content, IPEndPoint seeder, string folder)
    {
        var session = new TorrentSession(content.Torrent, folder, new TorrentSessionOptions
        {
            Peers = [seeder],
            UseTrackers = false,
            TickInterval = TimeSpan.FromMilliseconds(50),
            SnubTimeout = TimeSpan.FromSeconds(2),
            ReconnectDelay = TimeSpan.FromMilliseconds(500),
            Log = _downloadLog.Enqueue,
        });
        return await session.RunAsync().WaitAsync(SeedSessionHarness.Patience);
    }
}
