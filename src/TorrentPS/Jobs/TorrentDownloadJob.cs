using System;
using System.Management.Automation;
using TorrentPS.Jobs;
using TorrentPS.PowerShell;

namespace TorrentPS
{
    /// <summary>
    /// A download as a PowerShell job (PSJobTypeName TorrentDownload): Get-Job lists it, Receive-Job gives its
    /// progress and its TorrentPS.TorrentDownloadResult, Stop-Job stops it gracefully, Remove-Job cleans up.
    /// A thin adapter: the engine's TorrentJobCore owns the state machine, throttling and the stop handshake;
    /// this class only turns its reports into the job's thread-safe collections and JobState.
    /// </summary>
    public sealed class TorrentDownloadJob : Job
    {
        public const string JobTypeName = "TorrentDownload";

        /// <summary>Long enough for the session's own graceful stop (peers closed, data flushed, trackers told).</summary>
        private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(20);

        private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

        private readonly TorrentJobCore<TorrentDownloadResult> _core;
        private readonly bool _writeProgress;
        private volatile bool _disposed;

        /// <param name="options">The session's options, given the job's verbose writer to use as their Log.</param>
        /// <param name="writeProgress">False when $ProgressPreference was SilentlyContinue: no records pile up unread.</param>
        /// <param name="seed">The seeding that follows a complete download (-SeedRatio, -SeedTime), given the same writer; null for none.</param>
        internal TorrentDownloadJob(TorrentInfo torrent, string destination, Func<Action<string>, TorrentSessionOptions> options, bool writeProgress, Func<Action<string>, SeedOptions?>? seed = null)
            : base(DownloadJobText.Command(torrent, destination), DownloadJobText.JobName(torrent))
        {
            Torrent = torrent;
            Destination = destination;
            PSJobTypeName = JobTypeName;
            _writeProgress = writeProgress;
            Action<string> verbose = message => Add(() => Verbose.Add(new VerboseRecord(message)));
            var run = new DownloadThenSeed(torrent, destination, options(verbose), seed?.Invoke(verbose));
            _core = new TorrentJobCore<TorrentDownloadResult>(run.RunAsync, new Sink(this), ProgressInterval);
        }

        public TorrentInfo Torrent { get; }

        public InfoHash InfoHash => Torrent.InfoHash;

        /// <summary>The folder the torrent's files go in.</summary>
        public string Destination { get; }

        /// <summary>The newest snapshot of the download, or null before the first one.</summary>
        public TorrentStatus? Status => _core.Status;

        /// <summary>The job core's own state, which has the same names as JobState.</summary>
        public TorrentJobState DownloadState => _core.State;

        public TorrentActivity Activity => Status?.Activity ?? TorrentActivity.Starting;

        public double PercentComplete => Status?.PercentComplete ?? 0;

        /// <summary>Payload bytes per second received.</summary>
        public double DownloadRate => Status?.DownloadRate ?? 0;

        public double UploadRate => Status?.UploadRate ?? 0;

        public int PeersConnected => Status?.PeersConnected ?? 0;

        public int PeersKnown => Status?.PeersKnown ?? 0;

        public int SeedsConnected => Status?.SeedsConnected ?? 0;

        /// <summary>Verified bytes.</summary>
        public long BytesDone => Status?.BytesDone ?? 0;

        public long BytesTotal => Status?.BytesTotal ?? Torrent.TotalSize;

        public TimeSpan? Eta => Status?.Eta;

        /// <summary>The result of the latest run (also in the job's output), or null while it runs.</summary>
        public TorrentDownloadResult? Result { get; private set; }

        public override string StatusMessage => DownloadJobText.StatusMessage(_core.State, _core.Status);

        public override bool HasMoreData =>
            HasItems(Output?.Count) || HasItems(Error?.Count) || HasItems(Progress?.Count) || HasItems(Verbose?.Count)
            || HasItems(Warning?.Count) || HasItems(Debug?.Count) || HasItems(Information?.Count);

        public override string Location => Destination;

        /// <summary>Stop-Job and Remove-Job: a graceful stop, bounded in time; calling it again does nothing.</summary>
        public override void StopJob() => StopDownload();

        /// <returns>False when the session did not wind down in time (the job is marked Stopped anyway).</returns>
        internal bool StopDownload() => _disposed || _core.Stop(StopBound);

        /// <summary>Pauses the download: connections close, verified data and resume state stay on disk.</summary>
        /// <returns>False when the session did not wind down in time (it is still marked Suspended once it does).</returns>
        public bool SuspendJob() => _core.Suspend(StopBound);

        /// <summary>Continues a suspended download where it stopped.</summary>
        public void ResumeJob() => _core.Resume();

        internal void StartJob() => _core.Start();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;

                // Cancelling is the graceful stop; the session finishes writing its resume state on its own.
                _core.Dispose();
            }

            base.Dispose(disposing);
        }

        private static bool HasItems(int? count) => count.GetValueOrDefault() > 0;

        private static JobState ToJobState(TorrentJobState state) => state switch
        {
            TorrentJobState.NotStarted => JobState.NotStarted,
            TorrentJobState.Running => JobState.Running,
            TorrentJobState.Suspending => JobState.Suspending,
            TorrentJobState.Suspended => JobState.Suspended,
            TorrentJobState.Stopping => JobState.Stopping,
            TorrentJobState.Stopped => JobState.Stopped,
            TorrentJobState.Completed => JobState.Completed,
            TorrentJobState.Failed => JobState.Failed,
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown torrent job state."),
        };

        /// <summary>
        /// Adds to a job collection from an engine thread. Remove-Job may dispose the job, and a final state closes
        /// its collections, while the engine still reports; those late reports have nowhere to go and are dropped.
        /// </summary>
        private void Add(Action add)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                add();
            }
            catch (ObjectDisposedException)
            {
            }
            catch (InvalidOperationException)
            {
                // PSInvalidOperationException: the collection was closed by the final SetJobState.
            }
        }

        /// <summary>The job core reports here, from worker threads, one report at a time, in PowerShell's order.</summary>
        private sealed class Sink : ITorrentJobSink<TorrentDownloadResult>
        {
            private readonly TorrentDownloadJob _job;

            public Sink(TorrentDownloadJob job)
            {
                _job = job;
            }

            public void Output(TorrentDownloadResult result)
            {
                _job.Result = result;
                _job.Add(() => _job.Output.Add(PSObject.AsPSObject(result)));
            }

            public void Error(Exception error) =>
                _job.Add(() => _job.Error.Add(DownloadErrors.ForJobFailure(error, _job.Torrent)));

            public void Progress(TorrentStatus status, bool final)
            {
                if (_job._writeProgress)
                {
                    _job.Add(() => _job.Progress.Add(ProgressRecords.From(TorrentProgressRecord.ActivityIdForJob(_job.Id), status, final)));
                }
            }

            public void StateChanged(TorrentJobState state) => _job.Add(() => _job.SetJobState(ToJobState(state)));
        }
    }
}
