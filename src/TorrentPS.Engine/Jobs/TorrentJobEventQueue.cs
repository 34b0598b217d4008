using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace TorrentPS.Jobs
{
    /// <summary>
    /// A job sink for foreground hosts: a cmdlet may write only from its pipeline thread, so the job core's
    /// reports (from worker threads) wait here until that thread takes them. The queue ends after the report of
    /// a final state (Completed, Failed, Stopped); reports and log lines that arrive later are dropped.
    /// </summary>
    public sealed class TorrentJobEventQueue<TResult> : ITorrentJobSink<TResult>, IDisposable
        where TResult : class
    {
        private readonly BlockingCollection<TorrentJobEvent<TResult>> _events = new BlockingCollection<TorrentJobEvent<TResult>>();

        public void Output(TResult result) => Add(TorrentJobEvent<TResult>.ForOutput(result));

        public void Error(Exception error) => Add(TorrentJobEvent<TResult>.ForError(error));

        public void Progress(TorrentStatus status, bool final) => Add(TorrentJobEvent<TResult>.ForProgress(status, final));

        public void StateChanged(TorrentJobState state)
        {
            Add(TorrentJobEvent<TResult>.ForState(state));
            if (state == TorrentJobState.Completed || state == TorrentJobState.Failed || state == TorrentJobState.Stopped)
            {
                _events.CompleteAdding();
            }
        }

        /// <summary>A line of the work's log (verbose output); safe from any thread.</summary>
        public void Log(string message) => Add(TorrentJobEvent<TResult>.ForLog(message));

        /// <summary>
        /// The events in order, blocking until the next one arrives; ends after the final state. Cancelling the
        /// token (Ctrl+C) ends the wait with OperationCanceledException.
        /// </summary>
        public IEnumerable<TorrentJobEvent<TResult>> Take(CancellationToken cancellationToken) => _events.GetConsumingEnumerable(cancellationToken);

        public void Dispose() => _events.Dispose();

        private void Add(TorrentJobEvent<TResult> item)
        {
            try
            {
                _events.Add(item);
            }
            catch (InvalidOperationException)
            {
                // The job has already finished (or the host has gone, ObjectDisposedException):
                // a late log line has nobody left to read it.
            }
        }
    }
}
