using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Stop-TorrentDownload: stops download jobs gracefully (verified data kept, resume state written, trackers
    /// told), all at once, each bounded in time. Stop-Job does the same for one job.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "TorrentDownload", SupportsShouldProcess = true)]
    [OutputType(typeof(TorrentDownloadJob))]
    public sealed class StopTorrentDownloadCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<TorrentDownloadJob> _jobs = new List<TorrentDownloadJob>();

        /// <summary>The download jobs to stop, from Start-TorrentDownload or Get-TorrentDownload.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public TorrentDownloadJob[] Job { get; set; } = Array.Empty<TorrentDownloadJob>();

        /// <summary>Returns the jobs once they have stopped.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (TorrentDownloadJob job in Job)
            {
                if (!_jobs.Contains(job) && ShouldProcess($"{job.Name} (job {job.Id})", "Stop download"))
                {
                    _jobs.Add(job);
                }
            }
        }

        protected override void EndProcessing()
        {
            foreach (ParallelJobAction.Outcome outcome in ParallelJobAction.Run(_jobs, job => job.StopDownload(), _stop.Token))
            {
                if (!outcome.FinishedInTime)
                {
                    WriteWarning($"{outcome.Job.Name} (job {outcome.Job.Id}) did not finish stopping in time; it is marked Stopped and winds down in the background.");
                }

                if (PassThru)
                {
                    WriteObject(outcome.Job);
                }
            }
        }

        /// <summary>Ctrl+C, from another thread: ends the wait; the stops go on.</summary>
        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();
    }
}
