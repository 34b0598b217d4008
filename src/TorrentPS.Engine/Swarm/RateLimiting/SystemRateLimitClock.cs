using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Swarm.RateLimiting
{
    /// <summary>The real clock: a stopwatch (immune to wall-clock changes) and Task.Delay.</summary>
    public sealed class SystemRateLimitClock : IRateLimitClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        private SystemRateLimitClock()
        {
        }

        public static SystemRateLimitClock Instance { get; } = new SystemRateLimitClock();

        public TimeSpan Elapsed => _watch.Elapsed;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }
}
