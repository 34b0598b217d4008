using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TorrentPS.Jobs;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Wait-TorrentDownload: waits for download jobs with a live progress bar for each (Wait-Job shows none),
    /// then passes the jobs that finished through. Ctrl+C ends the wait; the downloads go on.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "TorrentDownload")]
    [OutputType(typeof(TorrentDownloadJob))]
    public sealed class WaitTorrentDownloadCommand : PSCmdlet, IDisposable
    {
        private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

        // WaitHandle.WaitAny takes at most 64 handles; one is the Ctrl+C handle.
        private const int MaxWaitHandles = 63;

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<TorrentDownloadJob> _jobs = new List<TorrentDownloadJob>();

        /// <summary>The download jobs to wait for, from Start-TorrentDownload or Get-TorrentDownload.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public TorrentDownloadJob[] Job { get; set; } = Array.Empty<TorrentDownloadJob>();

        /// <summary>Returns as soon as one job finishes.</summary>
        [Parameter]
        public SwitchParameter Any { get; set; }

        /// <summary>Seconds to wait at most; the jobs still running are not passed through.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = int.MaxValue;

        protected override void ProcessRecord()
        {
            foreach (TorrentDownloadJob job in Job)
            {
                if (!_jobs.Contains(job))
                {
                    _jobs.Add(job);
                }
            }
        }

        protected override void EndProcessing()
        {
            var shown = new HashSet<TorrentDownloadJob>();
            Stopwatch waited = Stopwatch.StartNew();
            TimeSpan limit = Timeout == int.MaxValue ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Timeout);
            while (true)
            {
                foreach (TorrentDownloadJob job in _jobs)
                {
                    if (job.Status is not TorrentStatus status)
                    {
                        continue;
                    }

                    if (!IsSettled(job))
                    {
                        shown.Add(job);
                        WriteProgress(Bar(job, status, completed: false));
                    }
                    else if (shown.Remove(job))
                    {
                        // Each bar is closed once, when its job settles; a job that settled unseen gets none.
                        WriteProgress(Bar(job, status, completed: true));
                    }
                }

                int done = _jobs.Count(IsSettled);
                if (done == _jobs.Count || (Any && done > 0))
                {
                    break;
                }

                TimeSpan left = limit == System.Threading.Timeout.InfiniteTimeSpan ? Refresh : limit - waited.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                if (WaitForChange(left < Refresh ? left : Refresh))
                {
                    return;
                }
            }

            foreach (TorrentDownloadJob job in shown)
            {
                if (job.Status is TorrentStatus status)
                {
                    WriteProgress(Bar(job, status, completed: true));
                }
            }

            WriteObject(_jobs.Where(IsSettled), enumerateCollection: true);
        }

        /// <summary>Ctrl+C, from another thread: ends the wait only.</summary>
        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        private static ProgressRecord Bar(TorrentDownloadJob job, TorrentStatus status, bool completed) =>
            ProgressRecords.From(TorrentProgressRecord.ActivityIdForJob(job.Id), status, completed);

        /// <summary>Finished, or suspended (a persistent state, as Wait-Job treats it): nothing more to wait for.</summary>
        private static bool IsSettled(TorrentDownloadJob job)
        {
            JobState state = job.JobStateInfo.State;
            return state == JobState.Completed || state == JobState.Failed || state == JobState.Stopped || state == JobState.Suspended;
        }

        /// <summary>Sleeps until a job finishes, the refresh is due, or Ctrl+C (then returns true).</summary>
        private bool WaitForChange(TimeSpan timeout)
        {
            var handles = new List<WaitHandle> { _stop.Token.WaitHandle };
            handles.AddRange(_jobs.Where(j => !IsSettled(j)).Take(MaxWaitHandles).Select(j => j.Finished));
            int signalled = WaitHandle.WaitAny(handles.ToArray(), timeout);
            return signalled == 0 || _stop.IsCancellationRequested;
        }
    }
}
