using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Tracking;

namespace TorrentPS.Session
{
    /// <summary>
    /// The session's tracker client, seen from the session: whether any tracker has answered yet, and when the
    /// "completed" announce has been made. A finished download waits for that announce before it stops, or the
    /// tracker would only ever hear "stopped" and never count the download.
    /// </summary>
    internal sealed class WatchedAnnouncer : ITrackerAnnouncer
    {
        private readonly ITrackerAnnouncer _inner;
        private readonly TaskCompletionSource<bool> _completedSent = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _answered;

        public WatchedAnnouncer(ITrackerAnnouncer inner)
        {
            _inner = inner;
        }

        /// <summary>Some tracker has taken an announce, so it will also be told "completed".</summary>
        public bool AnyAnswered => Volatile.Read(ref _answered) != 0;

        /// <summary>Completes once a "completed" announce has been answered or has failed.</summary>
        public Task CompletedSent => _completedSent.Task;

        public async Task<TrackerAnnounceResult> AnnounceAsync(string tracker, AnnounceRequest request, CancellationToken cancellationToken)
        {
            try
            {
                TrackerAnnounceResult result = await _inner.AnnounceAsync(tracker, request, cancellationToken).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    Interlocked.Exchange(ref _answered, 1);
                }

                return result;
            }
            finally
            {
                if (request.Event == TrackerEvent.Completed)
                {
                    _completedSent.TrySetResult(true);
                }
            }
        }
    }
}
