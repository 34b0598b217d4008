using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Runs a blocking job action (a graceful stop or pause, each bounded in time) on every job at once, so
    /// stopping ten downloads takes as long as the slowest, not the sum. The results come back to the caller's
    /// thread, which is the only one allowed to write them.
    /// </summary>
    internal static class ParallelJobAction
    {
        public sealed class Outcome
        {
            public Outcome(TorrentDownloadJob job, bool finishedInTime, Exception? error)
            {
                Job = job;
                FinishedInTime = finishedInTime;
                Error = error;
            }

            public TorrentDownloadJob Job { get; }

            public bool FinishedInTime { get; }

            public Exception? Error { get; }
        }

        /// <summary>Waits for every action; Ctrl+C (the token) ends the wait with OperationCanceledException, the actions go on.</summary>
        public static IReadOnlyList<Outcome> Run(IReadOnlyList<TorrentDownloadJob> jobs, Func<TorrentDownloadJob, bool> action, CancellationToken cancellationToken)
        {
            Task<Outcome>[] tasks = jobs.Select(job => Task.Run(() =>
            {
                try
                {
                    return new Outcome(job, action(job), null);
                }
                catch (InvalidOperationException e)
                {
                    return new Outcome(job, true, e);
                }
            })).ToArray();
            Task.WhenAll(tasks).Wait(cancellationToken);
            return tasks.Select(t => t.Result).ToArray();
        }
    }
}
