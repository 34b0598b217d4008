using System;

namespace TorrentPS.Tracking
{
    /// <summary>
    /// When the next announce is due. Pure: it is told the time, never reads a clock. The tracker's interval is
    /// followed (never below our floor); an early announce is allowed only once the tracker's min interval has
    /// passed; failures retry with a doubling delay capped at the default interval.
    /// </summary>
    internal sealed class AnnounceSchedule
    {
        private readonly TrackerSettings _settings;
        private DateTimeOffset? _next;
        private DateTimeOffset _earliest = DateTimeOffset.MinValue;
        private int _failures;

        public AnnounceSchedule(TrackerSettings settings)
        {
            _settings = settings;
        }

        /// <summary>When the next regular announce is due; null means now.</summary>
        public DateTimeOffset? NextAnnounce => _next;

        /// <summary>Before this moment the tracker's min interval forbids an announce we choose to make early.</summary>
        public DateTimeOffset EarliestEarlyAnnounce => _earliest;

        public void Succeeded(DateTimeOffset now, TimeSpan interval, TimeSpan? minInterval)
        {
            _failures = 0;
            TimeSpan min = minInterval ?? TimeSpan.Zero;
            _earliest = now + min;
            _next = now + Max(Max(interval, min), _settings.MinimumInterval);
        }

        public void Failed(DateTimeOffset now)
        {
            _failures++;
            long ticks = _settings.MinimumInterval.Ticks << Math.Min(_failures - 1, 16);
            _next = now + TimeSpan.FromTicks(Math.Min(ticks, _settings.DefaultInterval.Ticks));
        }

        /// <summary>Moves the next announce as early as the tracker's min interval allows.</summary>
        public void RequestEarly(DateTimeOffset now)
        {
            DateTimeOffset allowed = now > _earliest ? now : _earliest;
            if (_next is null || allowed < _next)
            {
                _next = allowed;
            }
        }

        public TimeSpan TimeUntilNext(DateTimeOffset now)
        {
            if (_next is null || _next <= now)
            {
                return TimeSpan.Zero;
            }

            return _next.Value - now;
        }

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
