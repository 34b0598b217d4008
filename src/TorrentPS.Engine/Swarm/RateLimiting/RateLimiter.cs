using System;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Swarm.RateLimiting
{
    /// <summary>
    /// One rate limit (global upload, one torrent's download, ...): a <see cref="TokenBucket"/> on a clock.
    /// Await <see cref="WaitAsync"/> before moving bytes; combine limits that must all pass with
    /// <see cref="RateLimitChain"/>. A rate change wakes the waiters at once, so lifting a limit takes effect
    /// immediately.
    /// </summary>
    public sealed class RateLimiter
    {
        private readonly TokenBucket _bucket;
        private TaskCompletionSource<bool> _changed = NewSignal();

        /// <param name="bytesPerSecond">0 means unlimited.</param>
        /// <param name="clock">Null means the real clock.</param>
        /// <param name="capacity">The largest burst; null means one second of traffic (at least one block).</param>
        public RateLimiter(long bytesPerSecond = 0, IRateLimitClock? clock = null, long? capacity = null)
        {
            Clock = clock ?? SystemRateLimitClock.Instance;
            _bucket = new TokenBucket(bytesPerSecond, capacity);
        }

        public IRateLimitClock Clock { get; }

        /// <summary>Bytes per second; 0 is unlimited. May be changed at any time.</summary>
        public long BytesPerSecond
        {
            get => _bucket.BytesPerSecond;
            set
            {
                _bucket.SetRate(value);
                Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult(true);
            }
        }

        public bool IsUnlimited => _bucket.IsUnlimited;

        internal TokenBucket Bucket => _bucket;

        /// <summary>Completes when a transfer of <paramref name="bytes"/> may go, having counted it against the limit.</summary>
        public ValueTask WaitAsync(long bytes, CancellationToken cancellationToken = default) =>
            RateLimitChain.WaitAsync(new[] { this }, Clock, bytes, cancellationToken);

        public override string ToString() => _bucket.ToString();

        /// <summary>Completes when the rate changes (so sleepers recompute their wait).</summary>
        internal Task Changed => Volatile.Read(ref _changed).Task;

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
