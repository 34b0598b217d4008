using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Swarm.RateLimiting
{
    /// <summary>
    /// Limits a transfer must pass together, e.g. the global upload limit and the torrent's: it waits until
    /// every one of them has room and then counts the bytes against all of them. All share one clock.
    /// </summary>
    public sealed class RateLimitChain
    {
        private readonly RateLimiter[] _limiters;
        private readonly IRateLimitClock _clock;

        public RateLimitChain(params RateLimiter[] limiters)
        {
            if (limiters is null || limiters.Length == 0 || limiters.Any(l => l is null))
            {
                throw new ArgumentException("A chain needs at least one limiter and no null ones.", nameof(limiters));
            }

            _clock = limiters[0].Clock;
            if (limiters.Any(l => !ReferenceEquals(l.Clock, _clock)))
            {
                throw new ArgumentException("Every limiter of a chain must run on the same clock.", nameof(limiters));
            }

            _limiters = limiters.ToArray();
        }

        public IReadOnlyList<RateLimiter> Limiters => _limiters;

        public bool IsUnlimited => _limiters.All(l => l.IsUnlimited);

        /// <summary>Completes when a transfer of <paramref name="bytes"/> may go, having counted it against every limit.</summary>
        public ValueTask WaitAsync(long bytes, CancellationToken cancellationToken = default) =>
            WaitAsync(_limiters, _clock, bytes, cancellationToken);

        public override string ToString() => string.Join(" + ", _limiters.Select(l => l.ToString()));

        internal static ValueTask WaitAsync(RateLimiter[] limiters, IRateLimitClock clock, long bytes, CancellationToken cancellationToken)
        {
            if (bytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "A transfer is not negative.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            return TryTake(limiters, clock.Elapsed, bytes) == TimeSpan.Zero
                ? default
                : new ValueTask(SleepAndTakeAsync(limiters, clock, bytes, cancellationToken));
        }

        private static async Task SleepAndTakeAsync(RateLimiter[] limiters, IRateLimitClock clock, long bytes, CancellationToken cancellationToken)
        {
            while (true)
            {
                // Read the change signals before computing the wait, so a change in between still wakes us.
                Task[] changes = limiters.Select(l => l.Changed).ToArray();
                TimeSpan wait = TryTake(limiters, clock.Elapsed, bytes);
                if (wait == TimeSpan.Zero)
                {
                    return;
                }

                using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task delay = clock.Delay(wait, sleep.Token);
                Task woke = await Task.WhenAny(changes.Append(delay)).ConfigureAwait(false);
                sleep.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
                if (woke == delay && delay.IsFaulted)
                {
                    await delay.ConfigureAwait(false);
                }
            }
        }

        /// <summary>Takes the bytes from every limiter and returns zero, or returns how long to wait (taking nothing).</summary>
        private static TimeSpan TryTake(RateLimiter[] limiters, TimeSpan now, long bytes)
        {
            TimeSpan longest = TimeSpan.Zero;
            foreach (RateLimiter limiter in limiters)
            {
                TimeSpan wait = limiter.Bucket.TimeUntilAvailable(bytes, now);
                if (wait > longest)
                {
                    longest = wait;
                }
            }

            if (longest > TimeSpan.Zero)
            {
                return longest;
            }

            // Two callers may both see room and both take: the bucket goes into debt and the next transfer waits it off.
            foreach (RateLimiter limiter in limiters)
            {
                limiter.Bucket.Take(bytes, now);
            }

            return TimeSpan.Zero;
        }
    }
}
