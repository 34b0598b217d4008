using System.Net;
using System.Net.Sockets;
using TorrentPS.Engine.Tests.Metainfo;
using TorrentPS.Engine.Tests.Tracking.Doubles;
using TorrentPS.Tracking.Hosting;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking.Hosting;

/// <summary>A host's announce and scrape, against HTTP tracker doubles on loopback.</summary>
public class TrackerQueryTests
{
    private static readonly byte[] TwoPeers = Latin1("d8:completei3e10:incompletei4e8:intervali900e5:peers12:\u007f\u0000\u0000\u0001\u001a\u00e1\u007f\u0000\u0000\u0001\u001a\u00e2e");

    private static readonly byte[] ScrapeReply = Latin1("d5:filesd20:\u0001\u0023\u0045\u0067\u0089\u00ab\u00cd\u00ef\u0001\u0023\u0045\u0067\u0089\u00ab\u00cd\u00ef\u0001\u0023\u0045\u0067d8:completei5e10:downloadedi9e10:incompletei6eeee");

    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Announce_sends_the_options_and_the_targets_size()
    {
        using var tracker = HttpTrackerDouble.Answering(TwoPeers);
        using var query = new TrackerQuery(new TrackerQueryOptions { Event = TrackerEvent.Started, Port = 51413, NumWant = 7, Timeout = Quick });
        TrackerTarget target = Target(70_000, tracker.AnnounceUrl);

        TrackerAnnounceResult result = Assert.Single(await query.AnnounceAsync(target));

        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal(["127.0.0.1:6881", "127.0.0.1:6882"], result.Peers.Select(p => p.ToString()));
        Assert.Equal((3, 4), (result.Seeders, result.Leechers));
        HttpDoubleRequest request = Assert.Single(tracker.Requests);
        Assert.Equal(target.InfoHash.ToArray(), request.Bytes("info_hash"));
        Assert.Equal("started", request.RawValue("event"));
        Assert.Equal("51413", request.RawValue("port"));
        Assert.Equal("7", request.RawValue("numwant"));
        Assert.Equal("70000", request.RawValue("left"));
        Assert.StartsWith(PeerIdGenerator.Prefix, System.Text.Encoding.ASCII.GetString(request.Bytes("peer_id")));
    }

    [Fact]
    public async Task Every_announce_of_one_query_uses_the_same_peer_id_and_key()
    {
        using var tracker = HttpTrackerDouble.Answering(TwoPeers);
        using var query = new TrackerQuery(new TrackerQueryOptions { Timeout = Quick });

        await query.AnnounceAsync(Target(1, tracker.AnnounceUrl));
        await query.AnnounceAsync(Target(2, tracker.AnnounceUrl));

        Assert.Equal(2, tracker.Requests.Count);
        Assert.Single(tracker.Requests.Select(r => Convert.ToHexString(r.Bytes("peer_id"))).Distinct());
        Assert.Single(tracker.Requests.Select(r => r.RawValue("key")).Distinct());
        Assert.Equal(query.PeerId, System.Text.Encoding.ASCII.GetString(tracker.Requests[0].Bytes("peer_id")));
        Assert.Null(tracker.Requests[0].RawValue("event"));
    }

    [Fact]
    public async Task A_completed_announce_says_nothing_is_left()
    {
        using var tracker = HttpTrackerDouble.Answering(TwoPeers);
        using var query = new TrackerQuery(new TrackerQueryOptions { Event = TrackerEvent.Completed, Timeout = Quick });

        await query.AnnounceAsync(Target(70_000, tracker.AnnounceUrl));

        Assert.Equal("0", Assert.Single(tracker.Requests).RawValue("left"));
        Assert.Equal("completed", tracker.Requests[0].RawValue("event"));
    }

    [Fact]
    public async Task Tiers_stop_at_the_first_tracker_that_answers_and_All_asks_every_one()
    {
        using var first = HttpTrackerDouble.Answering(TwoPeers);
        using var second = HttpTrackerDouble.Answering(TwoPeers);
        string dead = $"http://127.0.0.1:{ClosedTcpPort()}/announce";
        TrackerTarget target = Target(10, dead, first.AnnounceUrl, second.AnnounceUrl);

        using (var query = new TrackerQuery(new TrackerQueryOptions { Timeout = Quick }))
        {
            IReadOnlyList<TrackerAnnounceResult> results = await query.AnnounceAsync(target);

            Assert.Equal([(dead, TrackerStatus.Failed), (first.AnnounceUrl, TrackerStatus.Success)], results.Select(r => (r.Tracker, r.Status)));
            Assert.Empty(second.Requests);
        }

        using (var query = new TrackerQuery(new TrackerQueryOptions { All = true, Timeout = Quick }))
        {
            IReadOnlyList<TrackerAnnounceResult> results = await query.AnnounceAsync(target);

            Assert.Equal([TrackerStatus.Failed, TrackerStatus.Success, TrackerStatus.Success], results.Select(r => r.Status));
            Assert.Single(second.Requests);
            Assert.NotNull(results[0].Error);
        }
    }

    [Fact]
    public async Task Trackers_given_by_the_host_replace_the_torrents_and_are_asked_in_order()
    {
        using var own = HttpTrackerDouble.Answering(TwoPeers);
        using var a = HttpTrackerDouble.Answering(TwoPeers);
        using var b = HttpTrackerDouble.Answering(TwoPeers);
        using var query = new TrackerQuery(new TrackerQueryOptions { Trackers = [b.AnnounceUrl, a.AnnounceUrl, b.AnnounceUrl, " "], All = true, Timeout = Quick });
        TrackerTarget target = Target(10, own.AnnounceUrl);

        IReadOnlyList<TrackerAnnounceResult> results = await query.AnnounceAsync(target);

        Assert.Equal([b.AnnounceUrl, a.AnnounceUrl], results.Select(r => r.Tracker));
        Assert.Equal([[b.AnnounceUrl], [a.AnnounceUrl]], query.TiersFor(target).Select(t => t.ToArray()));
        Assert.Empty(own.Requests);
    }

    [Fact]
    public async Task Nothing_is_asked_when_there_is_no_tracker()
    {
        using var query = new TrackerQuery(new TrackerQueryOptions());
        TrackerTarget bare = TrackerTarget.FromInfoHash(OtherHash);

        Assert.Empty(await query.AnnounceAsync(bare));
        Assert.Empty(await query.ScrapeAsync(bare));
        Assert.Empty(query.TrackersFor(bare));
    }

    [Fact]
    public async Task Scrape_asks_every_tracker_once_and_reports_each()
    {
        using var tracker = HttpTrackerDouble.Answering(ScrapeReply);
        string dead = $"http://127.0.0.1:{ClosedTcpPort()}/announce";
        string noScrape = tracker.BaseUrl + "/a";
        using var query = new TrackerQuery(new TrackerQueryOptions { Timeout = Quick });
        TrackerTarget target = TrackerTarget.FromInfoHash(OtherHash);
        using var withOverride = new TrackerQuery(new TrackerQueryOptions { Trackers = [tracker.AnnounceUrl, dead, noScrape, tracker.AnnounceUrl], Timeout = Quick });

        IReadOnlyList<TrackerScrapeResult> results = await withOverride.ScrapeAsync(target);

        Assert.Equal([tracker.AnnounceUrl, dead, noScrape], results.Select(r => r.Tracker));
        Assert.Equal((5, 9, 6), (results[0].Seeders!.Value, results[0].Completed!.Value, results[0].Leechers!.Value));
        Assert.Equal(TrackerStatus.Failed, results[1].Status);
        Assert.Contains("scrape", results[2].Error);
        Assert.Equal("/scrape", Assert.Single(tracker.Requests).Path);
        Assert.Empty(await query.ScrapeAsync(target));
    }

    [Fact]
    public void A_timeout_sets_the_http_timeout_and_fits_the_udp_retries_into_it()
    {
        TrackerSettings settings = new TrackerQueryOptions { Timeout = TimeSpan.FromSeconds(7) }.CreateSettings();

        Assert.Equal(TimeSpan.FromSeconds(7), settings.HttpTimeout);
        Assert.Equal(2, settings.UdpMaxRetransmissions);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.UdpBaseTimeout);
        Assert.Same(TrackerSettings.Default, new TrackerQueryOptions().CreateSettings());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackerQueryOptions { Timeout = TimeSpan.Zero }.CreateSettings());
    }

    [Theory]
    [InlineData(-1, 50)]
    [InlineData(65536, 50)]
    [InlineData(6881, -1)]
    [InlineData(6881, TrackerQueryOptions.MaxNumWant + 1)]
    public void Out_of_range_options_are_refused(int port, int numWant)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackerQuery(new TrackerQueryOptions { Port = port, NumWant = numWant }));
    }

    private static TrackerTarget Target(long length, params string[] trackers)
    {
        var root = TestTorrent.SingleFile(length: length, pieceLength: 16384);
        root["announce-list"] = trackers.Select(t => (object)new List<object> { t }).ToList();
        return TrackerTarget.FromTorrent(TorrentInfo.Load(TestTorrent.Encode(root)));
    }

    private static int ClosedTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
