using TorrentPS.Swarm.RateLimiting;

namespace TorrentPS.Engine.Tests.Swarm.RateLimiting;

/// <summary>A clock that moves only when the test says so; each sleeper is recorded with the time it wants to wake.</summary>
internal sealed class ManualRateClock : IRateLimitClock
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly object _gate = new();
    private readonly List<(TimeSpan Due, TaskCompletionSource Done)> _sleepers = new();
    private TimeSpan _now;

    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (delay <= TimeSpan.Zero)
            {
                return Task.CompletedTask;
            }

            _sleepers.Add((_now + delay, done));
        }

        cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _sleepers.RemoveAll(s => s.Done == done);
            }

            done.TrySetCanceled(cancellationToken);
        });
        return done.Task;
    }

    public void Advance(TimeSpan by)
    {
        List<TaskCompletionSource> due;
        lock (_gate)
        {
            _now += by;
            due = _sleepers.Where(s => s.Due <= _now).Select(s => s.Done).ToList();
            _sleepers.RemoveAll(s => s.Due <= _now);
        }

        due.ForEach(d => d.TrySetResult());
    }

    /// <summary>Waits (in real time, bounded) until someone sleeps on this clock, and returns when it wants to wake.</summary>
    public async Task<TimeSpan> NextWakeAsync(int sleepers = 1)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            lock (_gate)
            {
                if (_sleepers.Count >= sleepers)
                {
                    return _sleepers.Min(s => s.Due);
                }
            }

            await Task.Delay(5, patience.Token);
        }
    }

    public int Sleepers
    {
        get
        {
            lock (_gate)
            {
                return _sleepers.Count;
            }
        }
    }
}
