using System;
using System.Globalization;

namespace TorrentPS.Swarm.RateLimiting
{
    /// <summary>
    /// The arithmetic of one rate limit: tokens (bytes) refill at <see cref="BytesPerSecond"/> up to
    /// <see cref="Capacity"/>. A transfer may start once the bucket holds its size (or a full bucket, for a
    /// transfer larger than the bucket) and then takes its whole size, possibly driving the level negative:
    /// that debt delays the next transfer, so the long-run rate is exact whatever the transfer sizes.
    /// Time is passed in; thread-safe.
    /// </summary>
    public sealed class TokenBucket
    {
        /// <summary>A limit's burst when none is given: one second of traffic, but never less than one block.</summary>
        public const int MinimumCapacity = 16 * 1024;

        private readonly object _gate = new object();
        private readonly long? _fixedCapacity;
        private long _rate;
        private long _capacity;
        private double _level;
        private TimeSpan _updated;
        private bool _started;

        /// <param name="bytesPerSecond">The rate; 0 means unlimited.</param>
        /// <param name="capacity">The largest burst; null means one second of traffic (at least <see cref="MinimumCapacity"/>).</param>
        public TokenBucket(long bytesPerSecond, long? capacity = null)
        {
            if (capacity is long c && c < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A bucket holds at least one byte.");
            }

            _fixedCapacity = capacity;
            SetRate(bytesPerSecond);
            _level = _capacity;
        }

        /// <summary>Bytes per second; 0 is unlimited. Changing it keeps the tokens already earned (up to the new capacity).</summary>
        public long BytesPerSecond
        {
            get
            {
                lock (_gate)
                {
                    return _rate;
                }
            }
        }

        public bool IsUnlimited => BytesPerSecond == 0;

        public long Capacity
        {
            get
            {
                lock (_gate)
                {
                    return _capacity;
                }
            }
        }

        /// <summary>The tokens available at <paramref name="now"/> (negative while in debt).</summary>
        public double Level(TimeSpan now)
        {
            lock (_gate)
            {
                Refill(now);
                return _level;
            }
        }

        public void SetRate(long bytesPerSecond)
        {
            if (bytesPerSecond < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), bytesPerSecond, "A rate is 0 (unlimited) or more bytes per second.");
            }

            lock (_gate)
            {
                _rate = bytesPerSecond;
                _capacity = _fixedCapacity ?? Math.Max(MinimumCapacity, bytesPerSecond);
                _level = Math.Min(_level, _capacity);
            }
        }

        /// <summary>How long until a transfer of <paramref name="bytes"/> may start; zero when it may start now.</summary>
        public TimeSpan TimeUntilAvailable(long bytes, TimeSpan now)
        {
            CheckBytes(bytes);
            lock (_gate)
            {
                if (_rate == 0)
                {
                    return TimeSpan.Zero;
                }

                Refill(now);
                double needed = Math.Min(bytes, _capacity) - _level;
                if (needed <= 0)
                {
                    return TimeSpan.Zero;
                }

                // Rounded up so that waking at the returned time always finds the tokens there.
                return TimeSpan.FromTicks((long)Math.Ceiling(needed * TimeSpan.TicksPerSecond / _rate));
            }
        }

        /// <summary>Takes <paramref name="bytes"/> tokens (the caller checked <see cref="TimeUntilAvailable"/>).</summary>
        public void Take(long bytes, TimeSpan now)
        {
            CheckBytes(bytes);
            lock (_gate)
            {
                if (_rate == 0)
                {
                    return;
                }

                Refill(now);
                _level -= bytes;
            }
        }

        public override string ToString() =>
            IsUnlimited ? "unlimited" : string.Format(CultureInfo.InvariantCulture, "{0} B/s (burst {1} B)", BytesPerSecond, Capacity);

        private static void CheckBytes(long bytes)
        {
            if (bytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "A transfer is not negative.");
            }
        }

        private void Refill(TimeSpan now)
        {
            if (!_started)
            {
                _started = true;
                _updated = now;
                return;
            }

            if (now <= _updated)
            {
                return;
            }

            _level = Math.Min(_capacity, _level + ((now - _updated).TotalSeconds * _rate));
            _updated = now;
        }
    }
}
