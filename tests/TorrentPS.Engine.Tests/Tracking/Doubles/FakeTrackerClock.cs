using TorrentPS.Tracking;

namespace TorrentPS.Engine.Tests.Tracking.Doubles;

/// <summary>A clock that only moves when a test calls <see cref="Advance"/>; delays end when their time is reached.</summary>
public sealed class FakeTrackerClock : ITrackerClock
{
    private readonly object _gate = new();
    private readonly List<(DateTimeOffset Due, TaskCompletionSource Done)> _delays = new();
    private readonly SemaphoreSlim _delayStarted = new(0);
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset UtcNow
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    /// <summary>The delays requested so far, as lengths.</summary>
    public List<TimeSpan> RequestedDelays { get; } = new();

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            RequestedDelays.Add(delay);
            if (delay <= TimeSpan.Zero)
            {
                return Task.CompletedTask;
            }

            _delays.Add((_now + delay, done));
        }

        cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        _delayStarted.Release();
        return done.Task;
    }

    /// <summary>Waits (in real time, bounded) until the code under test has started waiting on this clock.</summary>
    public async Task WaitForDelayAsync()
    {
        if (!await _delayStarted.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("The code under test never waited on the clock.");
        }
    }

    public void Advance(TimeSpan by)
    {
        List<TaskCompletionSource> due;
        lock (_gate)
        {
            _now += by;
            due = _delays.Where(d => d.Due <= _now).Select(d => d.Done).ToList();
            _delays.RemoveAll(d => d.Due <= _now);
        }

        foreach (TaskCompletionSource done in due)
        {
            done.TrySetResult();
        }
    }
}
