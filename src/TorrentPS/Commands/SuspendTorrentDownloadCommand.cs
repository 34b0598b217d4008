using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Suspend-TorrentDownload: pauses running download jobs. Their connections close and their verified data
    /// and resume state are saved; Resume-TorrentDownload continues where they stopped.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Suspend, "TorrentDownload", SupportsShouldProcess = true)]
    [OutputType(typeof(TorrentDownloadJob))]
    public sealed class SuspendTorrentDownloadCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<TorrentDownloadJob> _jobs = new List<TorrentDownloadJob>();

        /// <summary>The download jobs to pause, from Start-TorrentDownload or Get-TorrentDownload.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public TorrentDownloadJob[] Job { get; set; } = Array.Empty<TorrentDownloadJob>();

        /// <summary>Returns the jobs once they are suspended.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (TorrentDownloadJob job in Job)
            {
                if (!_jobs.Contains(job) && ShouldProcess($"{job.Name} (job {job.Id})", "Suspend download"))
                {
                    _jobs.Add(job);
                }
            }
        }

        protected override void EndProcessing()
        {
            foreach (ParallelJobAction.Outcome outcome in ParallelJobAction.Run(_jobs, job => job.SuspendJob(), _stop.Token))
            {
                if (outcome.Error is not null)
                {
                    WriteError(ErrorRecords.Create(outcome.Error, DownloadErrors.DownloadNotRunning, ErrorCategory.InvalidOperation, outcome.Job));
                    continue;
                }

                if (!outcome.FinishedInTime)
                {
                    WriteWarning($"{outcome.Job.Name} (job {outcome.Job.Id}) is still winding down; it becomes Suspended when it has.");
                }

                if (PassThru)
                {
                    WriteObject(outcome.Job);
                }
            }
        }

        /// <summary>Ctrl+C, from another thread: ends the wait; the pauses go on.</summary>
        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();
    }
}
