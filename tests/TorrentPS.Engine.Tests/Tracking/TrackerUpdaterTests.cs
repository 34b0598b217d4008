using System.Net;
using TorrentPS.Engine.Tests.Tracking.Doubles;
using TorrentPS.Tracking;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking;

/// <summary>The session's tracker updater, driven by a clock the test moves: no real waiting.</summary>
public sealed class TrackerUpdaterTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1800);
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(900);
    private static readonly TrackerPeer SomePeer = new(IPAddress.Parse("10.0.0.9"), 7000);

    private readonly FakeTrackerClock _clock = new();
    private readonly CancellationTokenSource _stop = new();
    private TrackerProgress _progress = new(0, 0, 1000);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    [Fact]
    public async Task Announces_started_then_again_on_the_interval_with_current_totals()
    {
        var announcer = new ScriptedAnnouncer((tracker, request) => ScriptedAnnouncer.Success(tracker, request, Interval, MinInterval));
        TrackerUpdater updater = Updater(announcer, "t1");
        Task run = updater.RunAsync(_stop.Token);

        var first = await announcer.NextCallAsync();
        Assert.Equal(("t1", TrackerEvent.Started, 1000L), (first.Tracker, first.Request.Event, first.Request.Left));
        await _clock.WaitForDelayAsync();
        Assert.Equal(Interval, _clock.RequestedDelays[^1]);
        Assert.Equal(_clock.UtcNow + Interval, updater.NextAnnounce);

        _progress = new TrackerProgress(uploaded: 5, downloaded: 600, left: 400);
        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await announcer.NextCallAsync();

        Assert.Equal(TrackerEvent.None, second.Request.Event);
        Assert.Equal((5L, 600L, 400L), (second.Request.Uploaded, second.Request.Downloaded, second.Request.Left));
        Assert.Equal(first.Request.PeerId.ToArray(), second.Request.PeerId.ToArray());
        Assert.Equal(first.Request.Key, second.Request.Key);
        Assert.Equal(2, announcer.Calls.Count);
        await StopAsync(run);
    }

    [Fact]
    public async Task An_early_announce_request_waits_for_the_min_interval()
    {
        var announcer = new ScriptedAnnouncer((tracker, request) => ScriptedAnnouncer.Success(tracker, request, Interval, MinInterval));
        TrackerUpdater updater = Updater(announcer, "t1");
        Task run = updater.RunAsync(_stop.Token);
        await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();

        _clock.Advance(TimeSpan.FromSeconds(100));
        updater.RequestAnnounce();
        await _clock.WaitForDelayAsync();

        Assert.Equal(MinInterval - TimeSpan.FromSeconds(100), _clock.RequestedDelays[^1]);
        Assert.Single(announcer.Calls);

        _clock.Advance(MinInterval - TimeSpan.FromSeconds(100));
        var early = await announcer.NextCallAsync();
        Assert.Equal(TrackerEvent.None, early.Request.Event);
        await StopAsync(run);
    }

    [Fact]
    public async Task Completed_is_announced_at_once_then_regular_announces_resume()
    {
        var announcer = new ScriptedAnnouncer((tracker, request) => ScriptedAnnouncer.Success(tracker, request, Interval, MinInterval));
        TrackerUpdater updater = Updater(announcer, "t1");
        Task run = updater.RunAsync(_stop.Token);
        await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();

        _progress = new TrackerProgress(0, 1000, 0);
        updater.NotifyCompleted();
        var completed = await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();

        Assert.Equal((TrackerEvent.Completed, 0L), (completed.Request.Event, completed.Request.Left));
        Assert.Equal(Interval, _clock.RequestedDelays[^1]);

        _clock.Advance(Interval);
        Assert.Equal(TrackerEvent.None, (await announcer.NextCallAsync()).Request.Event);
        await StopAsync(run);
    }

    [Fact]
    public async Task Stopped_goes_to_the_tracker_that_knows_us_with_its_tracker_id_on_shutdown()
    {
        int calls = 0;
        var announcer = new ScriptedAnnouncer((tracker, request) => tracker == "dead"
            ? throw new TrackerException(tracker, "refused (scripted)")
            : ScriptedAnnouncer.Success(tracker, request, Interval, MinInterval, trackerId: Interlocked.Increment(ref calls) == 1 ? "id-from-tracker" : null));
        TrackerUpdater updater = Updater(announcer, "dead", "live");
        Task run = updater.RunAsync(_stop.Token);
        await announcer.NextCallAsync();
        await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();

        _clock.Advance(Interval);
        var regular = await announcer.NextCallAsync();
        Assert.Equal(("live", "id-from-tracker"), (regular.Tracker, regular.Request.TrackerId));
        await _clock.WaitForDelayAsync();

        _progress = new TrackerProgress(1, 2, 3);
        await StopAsync(run);

        var stopped = announcer.Calls[^1];
        Assert.Equal(("live", TrackerEvent.Stopped, "id-from-tracker"), (stopped.Tracker, stopped.Request.Event, stopped.Request.TrackerId));
        Assert.Equal((1L, 2L, 3L), (stopped.Request.Uploaded, stopped.Request.Downloaded, stopped.Request.Left));
        Assert.DoesNotContain(announcer.Calls, c => c.Tracker == "dead" && c.Request.Event == TrackerEvent.Stopped);
    }

    [Fact]
    public async Task Started_is_retried_with_back_off_until_a_tracker_takes_it()
    {
        bool up = false;
        var announcer = new ScriptedAnnouncer((tracker, request) => up
            ? ScriptedAnnouncer.Success(tracker, request, Interval, null)
            : throw new TrackerException(tracker, "down (scripted)"));
        var failures = new List<TrackerAnnounceResult>();
        TrackerUpdater updater = Updater(announcer, "t1");
        updater.Announced += (_, result) => failures.Add(result);
        Task run = updater.RunAsync(_stop.Token);

        await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();
        Assert.Equal(TimeSpan.FromSeconds(30), _clock.RequestedDelays[^1]);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();
        Assert.Equal(TimeSpan.FromSeconds(60), _clock.RequestedDelays[^1]);

        up = true;
        _clock.Advance(TimeSpan.FromSeconds(60));
        var third = await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();

        Assert.Equal(TrackerEvent.Started, third.Request.Event);
        Assert.Equal(new[] { TrackerStatus.Failed, TrackerStatus.Failed, TrackerStatus.Success }, failures.Select(f => f.Status));
        Assert.Equal(Interval, _clock.RequestedDelays[^1]);
        await StopAsync(run);
    }

    [Fact]
    public async Task Peers_flow_to_listeners()
    {
        var announcer = new ScriptedAnnouncer((tracker, request) => ScriptedAnnouncer.Success(tracker, request, Interval, null, null, SomePeer));
        TrackerUpdater updater = Updater(announcer, "t1");
        var received = new List<TrackerPeersEventArgs>();
        updater.PeersReceived += (_, e) => received.Add(e);
        Task run = updater.RunAsync(_stop.Token);

        await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();

        TrackerPeersEventArgs args = Assert.Single(received);
        Assert.Equal("t1", args.Tracker);
        Assert.Equal(SomePeer, Assert.Single(args.Peers));
        Assert.Equal(TrackerStatus.Success, Assert.Single(updater.LastResults).Status);
        await StopAsync(run);
    }

    [Fact]
    public async Task A_session_that_never_reached_a_tracker_sends_no_stopped()
    {
        var announcer = ScriptedAnnouncer.Working(Interval, null);
        TrackerUpdater updater = Updater(announcer, "t1");
        Task run = updater.RunAsync(_stop.Token);
        await announcer.NextCallAsync();
        await _clock.WaitForDelayAsync();

        await StopAsync(run);

        Assert.Single(announcer.Calls);
    }

    [Fact]
    public async Task Against_a_real_udp_socket_the_updater_announces_and_says_goodbye()
    {
        using var tracker = new UdpTrackerDouble((request, _) => Doubles.UdpPackets.Action(request) == 0
            ? new[] { Doubles.UdpPackets.ConnectReply(Doubles.UdpPackets.TransactionId(request), 42) }
            : new[] { Doubles.UdpPackets.AnnounceReply(Doubles.UdpPackets.TransactionId(request), 1800, 0, 1, Doubles.UdpPackets.Peer("127.0.0.1", 9999)) });
        using var client = new TrackerClient(FastSettings, _clock);
        var updater = new TrackerUpdater(client, new TrackerTiers(new[] { new[] { tracker.Url } }), Request(), () => _progress, FastSettings, _clock);
        var peers = new List<TrackerPeer>();
        updater.PeersReceived += (_, e) => peers.AddRange(e.Peers);
        Task run = updater.RunAsync(_stop.Token);
        await _clock.WaitForDelayAsync();

        await StopAsync(run);

        Assert.Equal("127.0.0.1:9999", Assert.Single(peers).ToString());
        Assert.Equal(new[] { 2, 3 }, tracker.Received.Where(p => Doubles.UdpPackets.Action(p) == 1).Select(p => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(p.AsSpan(80))).Distinct());
    }

    private TrackerUpdater Updater(ScriptedAnnouncer announcer, params string[] tier)
        => new(announcer, new TrackerTiers(new[] { tier }, new NoShuffle()), Request(trackerEvent: TrackerEvent.None), () => _progress, new TrackerSettings(), _clock);

    private async Task StopAsync(Task run)
    {
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class NoShuffle : Random
    {
        public override int Next(int maxValue) => maxValue - 1;
    }
}
