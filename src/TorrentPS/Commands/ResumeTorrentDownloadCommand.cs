using System;
using System.Management.Automation;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Resume-TorrentDownload: continues suspended download jobs where they stopped (the session trusts its
    /// resume state, so nothing verified is fetched again).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "TorrentDownload", SupportsShouldProcess = true)]
    [OutputType(typeof(TorrentDownloadJob))]
    public sealed class ResumeTorrentDownloadCommand : PSCmdlet
    {
        /// <summary>The suspended download jobs, from Suspend-TorrentDownload -PassThru or Get-TorrentDownload.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public TorrentDownloadJob[] Job { get; set; } = Array.Empty<TorrentDownloadJob>();

        /// <summary>Returns the jobs once they run again.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (TorrentDownloadJob job in Job)
            {
                if (!ShouldProcess($"{job.Name} (job {job.Id})", "Resume download"))
                {
                    continue;
                }

                try
                {
                    // Resuming a running download changes nothing, as suspending a suspended one does.
                    if (job.DownloadState != TorrentPS.Jobs.TorrentJobState.Running)
                    {
                        job.ResumeJob();
                    }
                }
                catch (InvalidOperationException e)
                {
                    WriteError(ErrorRecords.Create(e, DownloadErrors.DownloadNotSuspended, ErrorCategory.InvalidOperation, job));
                    continue;
                }

                if (PassThru)
                {
                    WriteObject(job);
                }
            }
        }
    }
}
