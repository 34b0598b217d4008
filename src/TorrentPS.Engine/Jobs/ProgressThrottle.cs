using System;

namespace TorrentPS.Jobs
{
    /// <summary>
    /// Lets at most one progress record through per interval (the first at once), so a fast download does not
    /// flood a job's progress collection or slow the console; state changes pass with <c>force</c>.
    /// </summary>
    public sealed class ProgressThrottle
    {
        private readonly TimeSpan _interval;
        private TimeSpan? _last;

        public ProgressThrottle(TimeSpan interval)
        {
            _interval = interval;
        }

        public bool ShouldEmit(TimeSpan now, bool force = false)
        {
            if (!force && _last.HasValue && now - _last.Value < _interval)
            {
                return false;
            }

            _last = now;
            return true;
        }
    }
}
