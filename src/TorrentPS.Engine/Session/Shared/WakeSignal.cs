using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Session
{
    /// <summary>Cuts a session's wait between two ticks short, so that new peers or a freed slot are handled at once.</summary>
    internal sealed class WakeSignal
    {
        private TaskCompletionSource<bool> _current = NewSignal();

        /// <summary>
        /// A fresh signal, taken before a tick: whatever happens from then on completes the task returned, so an
        /// event during the tick still cuts the following wait short.
        /// </summary>
        public Task Renew()
        {
            TaskCompletionSource<bool> signal = NewSignal();
            Interlocked.Exchange(ref _current, signal);
            return signal.Task;
        }

        /// <summary>Runs the housekeeping now rather than at the next tick.</summary>
        public void Wake() => Volatile.Read(ref _current).TrySetResult(true);

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
