using TorrentPS.Engine.Tests.Tracking.Doubles;
using TorrentPS.Tracking;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking;

/// <summary>BEP 12 order: shuffle once, tiers in order, trackers in order within a tier, promote what works.</summary>
public class TrackerTiersTests
{
    private static readonly string[][] TwoTiers =
    {
        new[] { "http://a/announce", "http://b/announce", "http://c/announce" },
        new[] { "udp://d:1/announce", "udp://e:1/announce" },
    };

    [Fact]
    public void Tiers_are_shuffled_once_within_each_tier_and_never_across()
    {
        var orders = new HashSet<string>();
        for (int seed = 0; seed < 30; seed++)
        {
            var tiers = new TrackerTiers(TwoTiers, new Random(seed));
            IReadOnlyList<IReadOnlyList<string>> snapshot = tiers.Snapshot();
            Assert.Equal(TwoTiers[0].OrderBy(x => x), snapshot[0].OrderBy(x => x));
            Assert.Equal(TwoTiers[1].OrderBy(x => x), snapshot[1].OrderBy(x => x));
            orders.Add(string.Join(",", snapshot[0]));

            // Once built, the order only changes by promotion.
            Assert.Equal(snapshot.Select(t => string.Join(",", t)), tiers.Snapshot().Select(t => string.Join(",", t)));
        }

        Assert.Equal(6, orders.Count);
    }

    [Fact]
    public void Blank_and_duplicate_urls_and_empty_tiers_are_dropped()
    {
        var tiers = new TrackerTiers(new[] { new[] { " http://a/announce ", "" }, Array.Empty<string>(), new[] { "http://a/announce", "http://b/announce" } }, new Random(1));
        Assert.Equal(new[] { new[] { "http://a/announce" }, new[] { "http://b/announce" } }, tiers.Snapshot().Select(t => t.ToArray()));
    }

    [Fact]
    public async Task Trackers_are_tried_in_order_until_one_answers_and_it_moves_to_the_front()
    {
        var tiers = new TrackerTiers(new[] { new[] { "t1", "t2", "t3" } }, new NoShuffle());
        var announcer = ScriptedAnnouncer.Working(TimeSpan.FromMinutes(30), null, "t3");

        IReadOnlyList<TrackerAnnounceResult> results = await MultiTrackerAnnouncer.AnnounceAsync(announcer, tiers, _ => Request(), all: false, CancellationToken.None);

        Assert.Equal(new[] { "t1", "t2", "t3" }, results.Select(r => r.Tracker));
        Assert.Equal(new[] { TrackerStatus.Failed, TrackerStatus.Failed, TrackerStatus.Success }, results.Select(r => r.Status));
        Assert.Contains("connection refused (scripted)", results[0].Error);
        Assert.Equal(new[] { "t3", "t1", "t2" }, tiers.Snapshot()[0]);

        IReadOnlyList<TrackerAnnounceResult> again = await MultiTrackerAnnouncer.AnnounceAsync(announcer, tiers, _ => Request(), all: false, CancellationToken.None);
        Assert.Equal(new[] { "t3" }, again.Select(r => r.Tracker));
    }

    [Fact]
    public async Task The_next_tier_is_tried_only_when_a_whole_tier_fails()
    {
        var tiers = new TrackerTiers(new[] { new[] { "a1", "a2" }, new[] { "b1", "b2" }, new[] { "c1" } }, new NoShuffle());
        var announcer = ScriptedAnnouncer.Working(TimeSpan.FromMinutes(30), null, "b2", "c1");

        IReadOnlyList<TrackerAnnounceResult> results = await MultiTrackerAnnouncer.AnnounceAsync(announcer, tiers, _ => Request(), all: false, CancellationToken.None);

        Assert.Equal(new[] { "a1", "a2", "b1", "b2" }, results.Select(r => r.Tracker));
        Assert.Equal(new[] { new[] { "a1", "a2" }, new[] { "b2", "b1" }, new[] { "c1" } }, tiers.Snapshot().Select(t => t.ToArray()));
    }

    [Fact]
    public async Task When_every_tracker_fails_each_is_reported_once()
    {
        var tiers = new TrackerTiers(new[] { new[] { "a1" }, new[] { "b1", "b2" } }, new NoShuffle());
        var announcer = ScriptedAnnouncer.Working(TimeSpan.FromMinutes(30), null);

        IReadOnlyList<TrackerAnnounceResult> results = await MultiTrackerAnnouncer.AnnounceAsync(announcer, tiers, _ => Request(), all: false, CancellationToken.None);

        Assert.Equal(new[] { "a1", "b1", "b2" }, results.Select(r => r.Tracker));
        Assert.All(results, r => Assert.Equal(TrackerStatus.Failed, r.Status));
        Assert.Equal(new[] { new[] { "a1" }, new[] { "b1", "b2" } }, tiers.Snapshot().Select(t => t.ToArray()));
    }

    [Fact]
    public async Task All_asks_every_tracker_and_reports_each_in_tier_order()
    {
        var tiers = new TrackerTiers(new[] { new[] { "a1", "a2" }, new[] { "b1" } }, new NoShuffle());
        var announcer = ScriptedAnnouncer.Working(TimeSpan.FromMinutes(30), null, "a2", "b1");

        IReadOnlyList<TrackerAnnounceResult> results = await MultiTrackerAnnouncer.AnnounceAsync(announcer, tiers, _ => Request(), all: true, CancellationToken.None);

        Assert.Equal(new[] { "a1", "a2", "b1" }, results.Select(r => r.Tracker));
        Assert.Equal(new[] { TrackerStatus.Failed, TrackerStatus.Success, TrackerStatus.Success }, results.Select(r => r.Status));
        Assert.Equal(new[] { "a2", "a1" }, tiers.Snapshot()[0]);
    }

    [Fact]
    public async Task The_client_facade_reports_every_tracker_asked_against_real_sockets()
    {
        using var good = HttpTrackerDouble.Answering(Latin1("d8:intervali600e5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e"));
        using var bad = HttpTrackerDouble.Answering(Latin1("d14:failure reason6:no thxe"));
        using var client = new TrackerClient(FastSettings);
        var tiers = new[] { new[] { bad.AnnounceUrl }, new[] { good.AnnounceUrl } };

        IReadOnlyList<TrackerAnnounceResult> results = await client.AnnounceToTiersAsync(tiers, Request());

        Assert.Equal(new[] { bad.AnnounceUrl, good.AnnounceUrl }, results.Select(r => r.Tracker));
        Assert.Equal("the tracker refused: no thx", results[0].Error);
        Assert.IsType<TrackerException>(results[0].Exception);
        Assert.Single(results[1].Peers);
    }

    [Fact]
    public async Task ScrapeEach_turns_a_failing_tracker_into_one_failure_per_torrent()
    {
        using var client = new TrackerClient(FastSettings);

        IReadOnlyList<TrackerScrapeResult> results = await client.ScrapeEachAsync(new[] { "http://127.0.0.1:1/no-scrape-here" }, new[] { AwkwardHash, OtherHash });

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Contains("does not support scrape", r.Error));
        Assert.Equal(new[] { AwkwardHash, OtherHash }, results.Select(r => r.InfoHash));
    }

    /// <summary>A Random whose shuffle leaves every list in its original order.</summary>
    private sealed class NoShuffle : Random
    {
        public override int Next(int maxValue) => maxValue - 1;
    }
}
