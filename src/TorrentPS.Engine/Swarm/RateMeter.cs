using System;

namespace TorrentPS.Swarm
{
    /// <summary>
    /// Bytes per second over a sliding window of whole-second slots. Time is passed in, so the meter is
    /// deterministic under test and costs nothing to read.
    /// </summary>
    public sealed class RateMeter
    {
        private readonly long[] _slots;
        private long _currentSecond = long.MinValue;
        private long _firstSecond = long.MinValue;

        public RateMeter(int windowSeconds = 5)
        {
            if (windowSeconds < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(windowSeconds));
            }

            _slots = new long[windowSeconds];
        }

        public long Total { get; private set; }

        public void Add(long bytes, TimeSpan now)
        {
            Advance(now);
            _slots[_currentSecond % _slots.Length] += bytes;
            Total += bytes;
        }

        /// <summary>Average over the completed seconds of the window (the current, partial second is left out).</summary>
        public double BytesPerSecond(TimeSpan now)
        {
            Advance(now);
            long completed = Math.Min(_slots.Length - 1, _currentSecond - _firstSecond);
            if (completed <= 0)
            {
                return 0;
            }

            long sum = 0;
            for (long s = _currentSecond - completed; s < _currentSecond; s++)
            {
                sum += _slots[s % _slots.Length];
            }

            return sum / (double)completed;
        }

        private void Advance(TimeSpan now)
        {
            long second = (long)now.TotalSeconds;
            if (_currentSecond == long.MinValue)
            {
                _currentSecond = _firstSecond = second;
                return;
            }

            if (second <= _currentSecond)
            {
                return;
            }

            for (long s = _currentSecond + 1; s <= second && s - _currentSecond <= _slots.Length; s++)
            {
                _slots[s % _slots.Length] = 0;
            }

            _currentSecond = second;
        }
    }
}
