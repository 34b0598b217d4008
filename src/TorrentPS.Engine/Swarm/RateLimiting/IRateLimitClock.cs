using System;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Swarm.RateLimiting
{
    /// <summary>Time as the rate limiters see it: a monotonic elapsed time and a way to wait. Tests move one by hand.</summary>
    public interface IRateLimitClock
    {
        /// <summary>Time since an arbitrary, fixed origin; never goes backwards.</summary>
        TimeSpan Elapsed { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }
}
