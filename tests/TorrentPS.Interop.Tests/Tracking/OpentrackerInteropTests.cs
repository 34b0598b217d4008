using System.Net;
using TorrentPS.Tracking;

namespace TorrentPS.Interop.Tests.Tracking;

/// <summary>The tracker client against a real opentracker on loopback, over HTTP and over UDP (BEP 15).</summary>
public class OpentrackerInteropTests
{
    private static readonly InfoHash Torrent = InfoHash.Parse("0123456789abcdef0123456789abcdef01234567");
    private static readonly InfoHash OtherTorrent = InfoHash.Parse("89abcdef0123456789abcdef0123456789abcdef");
    private static readonly InfoHash NotWhitelisted = InfoHash.Parse("fedcba9876543210fedcba9876543210fedcba98");

    private static readonly TrackerSettings Settings = new()
    {
        HttpTimeout = TimeSpan.FromSeconds(10),
        UdpBaseTimeout = TimeSpan.FromSeconds(1),
        UdpMaxRetransmissions = 3,
        StoppedAnnounceTimeout = TimeSpan.FromSeconds(10),
    };

    [Theory]
    [InlineData("http")]
    [InlineData("udp")]
    public async Task Two_clients_announcing_the_same_torrent_see_each_other(string protocol)
    {
        using Opentracker tracker = await Opentracker.StartAsync(Torrent);
        using var client = new TrackerClient(Settings);
        AnnounceRequest leecher = Client(Torrent, 40001, left: 1000);
        AnnounceRequest seeder = Client(Torrent, 40002, left: 0);

        TrackerAnnounceResult first = await client.AnnounceAsync(tracker.Url(protocol), leecher);
        TrackerAnnounceResult second = await client.AnnounceAsync(tracker.Url(protocol), seeder);
        TrackerAnnounceResult firstAgain = await client.AnnounceAsync(tracker.Url(protocol), leecher.WithEvent(TrackerEvent.None));

        Assert.DoesNotContain(first.Peers, p => p.Port == 40002);
        Assert.Contains(second.Peers, p => p.Port == 40001 && p.Address.Equals(IPAddress.Loopback));
        Assert.Contains(firstAgain.Peers, p => p.Port == 40002 && p.Address.Equals(IPAddress.Loopback));
        Assert.Equal((1, 1), (second.Seeders, second.Leechers));
        Assert.True(second.Interval > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("udp")]
    public async Task Stopped_removes_a_peer(string protocol)
    {
        using Opentracker tracker = await Opentracker.StartAsync(Torrent);
        using var client = new TrackerClient(Settings);
        AnnounceRequest a = Client(Torrent, 40011, left: 1000);
        AnnounceRequest b = Client(Torrent, 40012, left: 1000);
        await client.AnnounceAsync(tracker.Url(protocol), a);
        TrackerAnnounceResult before = await client.AnnounceAsync(tracker.Url(protocol), b);
        Assert.Contains(before.Peers, p => p.Port == 40011);

        await client.AnnounceAsync(tracker.Url(protocol), a.WithEvent(TrackerEvent.Stopped));
        TrackerAnnounceResult after = await client.AnnounceAsync(tracker.Url(protocol), b.WithEvent(TrackerEvent.None));

        Assert.DoesNotContain(after.Peers, p => p.Port == 40011);
        Assert.Equal(1, after.Leechers);
        TrackerScrapeResult scrape = Assert.Single(await client.ScrapeAsync(tracker.Url(protocol), new[] { Torrent }));
        Assert.Equal((0, 1), (scrape.Seeders, scrape.Leechers));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("udp")]
    public async Task Scrape_counts_match_what_was_announced_for_several_torrents_at_once(string protocol)
    {
        using Opentracker tracker = await Opentracker.StartAsync(Torrent, OtherTorrent);
        using var client = new TrackerClient(Settings);
        string url = tracker.Url(protocol);
        await client.AnnounceAsync(url, Client(Torrent, 40021, left: 0));
        AnnounceRequest finisher = Client(Torrent, 40022, left: 500);
        await client.AnnounceAsync(url, finisher);
        await client.AnnounceAsync(url, finisher.WithProgress(0, 500, 0).WithEvent(TrackerEvent.Completed));
        await client.AnnounceAsync(url, Client(Torrent, 40023, left: 100));
        TrackerAnnounceResult other = await client.AnnounceAsync(url, Client(OtherTorrent, 40024, left: 100));

        IReadOnlyList<TrackerScrapeResult> results = await client.ScrapeAsync(url, new[] { Torrent, OtherTorrent });

        Assert.Equal(new[] { Torrent, OtherTorrent }, results.Select(r => r.InfoHash));
        Assert.All(results, r => Assert.Equal(TrackerStatus.Success, r.Status));
        Assert.Equal((2, 1, 1), (results[0].Seeders!.Value, results[0].Completed!.Value, results[0].Leechers!.Value));
        Assert.Equal((0, 0, 1), (results[1].Seeders!.Value, results[1].Completed!.Value, results[1].Leechers!.Value));
        Assert.Equal((other.Seeders, other.Leechers), (results[1].Seeders, results[1].Leechers));
    }

    [Fact]
    public async Task A_torrent_the_tracker_does_not_serve_gets_its_failure_reason_over_http()
    {
        using Opentracker tracker = await Opentracker.StartAsync(Torrent);
        using var client = new TrackerClient(Settings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.HttpUrl, Client(NotWhitelisted, 40031, left: 1)));

        Assert.True(e.IsTrackerFailureReason, e.Message);
        Assert.Contains("not authorized", e.Message);
        Assert.Equal(tracker.HttpUrl, e.Tracker);
    }

    // Over UDP opentracker refuses with a bare 8-byte announce header, not the error action.
    [Fact]
    public async Task A_torrent_the_tracker_does_not_serve_is_a_clear_error_over_udp()
    {
        using Opentracker tracker = await Opentracker.StartAsync(Torrent);
        using var client = new TrackerClient(Settings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.UdpUrl, Client(NotWhitelisted, 40032, left: 1)));

        Assert.Contains("announce reply is empty", e.Message);
        Assert.Equal(tracker.UdpUrl, e.Tracker);
    }

    [Fact]
    public async Task Tiers_move_on_from_a_dead_tracker_to_a_live_one_and_all_asks_both()
    {
        using Opentracker tracker = await Opentracker.StartAsync(Torrent);
        using var client = new TrackerClient(Settings);
        string dead = $"udp://127.0.0.1:{Support.FreePort.Udp()}/announce";
        var tiers = new TrackerTiers(new[] { new[] { dead }, new[] { tracker.UdpUrl, tracker.HttpUrl } });

        IReadOnlyList<TrackerAnnounceResult> results = await client.AnnounceToTiersAsync(tiers, Client(Torrent, 40041, left: 1));

        Assert.Equal(2, results.Count);
        Assert.Equal((dead, TrackerStatus.Failed), (results[0].Tracker, results[0].Status));
        Assert.Equal(TrackerStatus.Success, results[1].Status);
        Assert.Equal(results[1].Tracker, tiers.Snapshot()[1][0]);

        IReadOnlyList<TrackerAnnounceResult> all = await client.AnnounceToTiersAsync(tiers, Client(Torrent, 40041, left: 1), all: true);
        Assert.Equal(new[] { TrackerStatus.Failed, TrackerStatus.Success, TrackerStatus.Success }, all.Select(r => r.Status));
    }

    [Fact]
    public async Task The_updater_announces_started_and_on_shutdown_stopped()
    {
        using Opentracker tracker = await Opentracker.StartAsync(Torrent);
        using var client = new TrackerClient(Settings);
        var announced = new TaskCompletionSource<TrackerAnnounceResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var updater = new TrackerUpdater(client, TrackerTiers.InOrder(new[] { tracker.HttpUrl }), Client(Torrent, 40051, left: 0), () => new TrackerProgress(0, 0, 0), Settings);
        updater.Announced += (_, result) => announced.TrySetResult(result);
        using var session = new CancellationTokenSource();
        Task run = updater.RunAsync(session.Token);

        TrackerAnnounceResult started = await announced.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TrackerStatus.Success, started.Status);
        TrackerScrapeResult during = Assert.Single(await client.ScrapeAsync(tracker.UdpUrl, new[] { Torrent }));
        Assert.Equal(1, during.Seeders);

        session.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        TrackerScrapeResult after = Assert.Single(await client.ScrapeAsync(tracker.UdpUrl, new[] { Torrent }));
        Assert.Equal(0, after.Seeders);
    }

    private static AnnounceRequest Client(InfoHash torrent, int port, long left)
        => new AnnounceRequest(torrent, PeerIdGenerator.Generate(), port) { Event = TrackerEvent.Started, Left = left, Key = (uint)port };
}
