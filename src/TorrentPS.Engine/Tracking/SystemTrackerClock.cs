using System;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking
{
    public sealed class SystemTrackerClock : ITrackerClock
    {
        public static SystemTrackerClock Instance { get; } = new SystemTrackerClock();

        private SystemTrackerClock()
        {
        }

        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
            => delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
