using TorrentPS.Tracking;

namespace TorrentPS.Engine.Tests.Tracking;

public class AnnounceScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TrackerSettings Settings = new() { MinimumInterval = TimeSpan.FromSeconds(30), DefaultInterval = TimeSpan.FromMinutes(30) };

    [Fact]
    public void The_first_announce_is_due_at_once()
    {
        var schedule = new AnnounceSchedule(Settings);
        Assert.Equal(TimeSpan.Zero, schedule.TimeUntilNext(T0));
        Assert.Null(schedule.NextAnnounce);
    }

    [Fact]
    public void The_next_announce_follows_the_trackers_interval()
    {
        var schedule = new AnnounceSchedule(Settings);
        schedule.Succeeded(T0, TimeSpan.FromSeconds(1800), TimeSpan.FromSeconds(900));

        Assert.Equal(T0.AddSeconds(1800), schedule.NextAnnounce);
        Assert.Equal(TimeSpan.FromSeconds(1700), schedule.TimeUntilNext(T0.AddSeconds(100)));
        Assert.Equal(TimeSpan.Zero, schedule.TimeUntilNext(T0.AddSeconds(1801)));
    }

    [Fact]
    public void An_early_announce_waits_for_the_min_interval()
    {
        var schedule = new AnnounceSchedule(Settings);
        schedule.Succeeded(T0, TimeSpan.FromSeconds(1800), TimeSpan.FromSeconds(900));

        schedule.RequestEarly(T0.AddSeconds(100));
        Assert.Equal(T0.AddSeconds(900), schedule.NextAnnounce);

        schedule.RequestEarly(T0.AddSeconds(1000));
        Assert.Equal(T0.AddSeconds(900), schedule.NextAnnounce);
    }

    [Fact]
    public void An_early_announce_after_the_min_interval_is_due_at_once()
    {
        var schedule = new AnnounceSchedule(Settings);
        schedule.Succeeded(T0, TimeSpan.FromSeconds(1800), TimeSpan.FromSeconds(60));

        schedule.RequestEarly(T0.AddSeconds(100));

        Assert.Equal(TimeSpan.Zero, schedule.TimeUntilNext(T0.AddSeconds(100)));
    }

    [Fact]
    public void An_interval_below_the_min_interval_or_our_floor_is_raised()
    {
        var schedule = new AnnounceSchedule(Settings);
        schedule.Succeeded(T0, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(120));
        Assert.Equal(T0.AddSeconds(120), schedule.NextAnnounce);

        schedule.Succeeded(T0, TimeSpan.FromSeconds(5), null);
        Assert.Equal(T0.AddSeconds(30), schedule.NextAnnounce);
    }

    [Fact]
    public void Failures_back_off_doubling_up_to_the_default_interval_and_success_resets()
    {
        var schedule = new AnnounceSchedule(Settings);
        var delays = new List<TimeSpan>();
        for (int i = 0; i < 8; i++)
        {
            schedule.Failed(T0);
            delays.Add(schedule.TimeUntilNext(T0));
        }

        Assert.Equal(new[] { 30, 60, 120, 240, 480, 960, 1800, 1800 }, delays.Select(d => (int)d.TotalSeconds));

        schedule.Succeeded(T0, TimeSpan.FromSeconds(600), null);
        schedule.Failed(T0);
        Assert.Equal(TimeSpan.FromSeconds(30), schedule.TimeUntilNext(T0));
    }
}
