using System;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking
{
    /// <summary>Time as the tracker layer sees it; tests pass a clock they move by hand.</summary>
    public interface ITrackerClock
    {
        DateTimeOffset UtcNow { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }
}
