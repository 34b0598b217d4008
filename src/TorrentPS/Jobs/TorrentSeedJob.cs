using System;
using System.Management.Automation;
using TorrentPS.Jobs;
using TorrentPS.PowerShell;

namespace TorrentPS
{
    /// <summary>
    /// Seeding as a PowerShell job (PSJobTypeName TorrentSeed): Get-Job lists it, Receive-Job gives its progress and,
    /// once it ends, its TorrentPS.TorrentSeedResult; Stop-Job stops it gracefully (peers closed, trackers told);
    /// Remove-Job cleans up. A thin adapter like TorrentDownloadJob: the engine's TorrentJobCore runs the
    /// SeedSession and owns the state machine, throttling and stop handshake. Without -SeedRatio or -SeedTime the
    /// job runs until it is stopped, and a stopped job still outputs its result.
    /// </summary>
    public sealed class TorrentSeedJob : Job
    {
        public const string JobTypeName = "TorrentSeed";

        /// <summary>Long enough for the session's graceful stop (peers closed, trackers told "stopped").</summary>
        private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(20);

        private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

        private readonly TorrentJobCore<TorrentSeedResult> _core;
        private readonly SeedSession _session;
        private readonly bool _writeProgress;
        private volatile bool _disposed;

        /// <param name="options">The session's options, given the job's verbose writer to use as their Log.</param>
        /// <param name="writeProgress">False when $ProgressPreference was SilentlyContinue: no records pile up unread.</param>
        internal TorrentSeedJob(TorrentInfo torrent, string dataFolder, Func<Action<string>, SeedOptions> options, bool writeProgress)
            : base(SeedJobText.Command(torrent, dataFolder), DownloadJobText.JobName(torrent))
        {
            Torrent = torrent;
            DataPath = dataFolder;
            PSJobTypeName = JobTypeName;
            _writeProgress = writeProgress;
            _session = new SeedSession(torrent, dataFolder, options(message => Add(() => Verbose.Add(new VerboseRecord(message)))));
            _core = new TorrentJobCore<TorrentSeedResult>(_session.RunAsync, new Sink(this), ProgressInterval);
        }

        public TorrentInfo Torrent { get; }

        public InfoHash InfoHash => Torrent.InfoHash;

        /// <summary>The download folder the data is read from.</summary>
        public string DataPath { get; }

        /// <summary>The port peers connect to while it listens; 0 before that.</summary>
        public int Port => _session.Port;

        /// <summary>The newest snapshot, or null before the first one.</summary>
        public TorrentStatus? Status => _core.Status;

        /// <summary>The job core's own state, which has the same names as JobState.</summary>
        public TorrentJobState SeedState => _core.State;

        public TorrentActivity Activity => Status?.Activity ?? TorrentActivity.Starting;

        /// <summary>Payload bytes per second sent.</summary>
        public double UploadRate => Status?.UploadRate ?? 0;

        public long BytesUploaded => Status?.BytesUploaded ?? 0;

        /// <summary>Bytes uploaded per byte of the torrent in this run.</summary>
        public double Ratio => Torrent.ContentSize <= 0 ? 0 : (double)BytesUploaded / Torrent.ContentSize;

        public int PeersConnected => Status?.PeersConnected ?? 0;

        /// <summary>The result of the latest run (also in the job's output), or null while it runs.</summary>
        public TorrentSeedResult? Result { get; private set; }

        public override string StatusMessage => DownloadJobText.StatusMessage(_core.State, _core.Status);

        public override bool HasMoreData =>
            HasItems(Output?.Count) || HasItems(Error?.Count) || HasItems(Progress?.Count) || HasItems(Verbose?.Count)
            || HasItems(Warning?.Count) || HasItems(Debug?.Count) || HasItems(Information?.Count);

        public override string Location => DataPath;

        /// <summary>Stop-Job and Remove-Job: a graceful stop, bounded in time; calling it again does nothing.</summary>
        public override void StopJob() => StopSeeding();

        /// <returns>False when the session did not wind down in time (the job is marked Stopped anyway).</returns>
        internal bool StopSeeding() => _disposed || _core.Stop(StopBound);

        internal void StartJob() => _core.Start();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
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

        /// <summary>Adds to a job collection from an engine thread; late reports after Remove-Job or the final state are dropped.</summary>
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

        private sealed class Sink : ITorrentJobSink<TorrentSeedResult>
        {
            private readonly TorrentSeedJob _job;

            public Sink(TorrentSeedJob job)
            {
                _job = job;
            }

            public void Output(TorrentSeedResult result)
            {
                _job.Result = result;
                _job.Add(() => _job.Output.Add(PSObject.AsPSObject(result)));
            }

            public void Error(Exception error) =>
                _job.Add(() => _job.Error.Add(SeedErrors.ForJobFailure(error, _job.Torrent)));

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
