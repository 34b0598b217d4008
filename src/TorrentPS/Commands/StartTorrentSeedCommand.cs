using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Threading;
using TorrentPS.Jobs;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Start-TorrentSeed: starts one seed job per torrent and returns the jobs at once; with -Wait, seeds in the
    /// foreground instead and returns the results. The seeding itself is the engine's SeedSession (data checked,
    /// peers served from a listening port, trackers told); the job is TorrentPS.TorrentSeedJob. It runs until
    /// -SeedRatio or -SeedTime is reached, or until it is stopped (Stop-Job, Ctrl+C with -Wait).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "TorrentSeed", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(TorrentSeedJob))]
    [OutputType(typeof(TorrentSeedResult))]
    public sealed class StartTorrentSeedCommand : PSCmdlet, IDisposable
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputObjectSet = "InputObject";

        private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

        /// <summary>How long Ctrl+C waits for the graceful stop of foreground seeding.</summary>
        private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(20);

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private TorrentFileReader? _reader;
        private string _dataPath = string.Empty;
        private IReadOnlyList<IPEndPoint> _peers = Array.Empty<IPEndPoint>();
        private int _foregroundRuns;

        /// <summary>Paths to .torrent files; wildcards expand.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Paths to .torrent files, used exactly as written; Get-ChildItem output binds here through PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Torrents already read by Get-TorrentInfo.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public TorrentInfo[] InputObject { get; set; } = Array.Empty<TorrentInfo>();

        /// <summary>
        /// Where the data is: the folder that holds the torrent's file or folder (what -Destination of
        /// Start-TorrentDownload was), or that file or folder itself. The current location when not given.
        /// </summary>
        [Parameter(Position = 1)]
        [Alias("Destination")]
        [ValidateNotNullOrEmpty]
        public string DataPath { get; set; } = string.Empty;

        /// <summary>The port to listen on, IPv4 and IPv6; 0 lets the system pick (the job's Port property says which).</summary>
        [Parameter]
        [ValidateRange(0, 65535)]
        public int Port { get; set; } = SeedOptions.Default.Port;

        /// <summary>Leechers to connect to, for peers that will not connect to us: host:port, or [IPv6]:port.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Peer { get; set; } = Array.Empty<string>();

        /// <summary>Trackers to announce to instead of the torrent's own.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tracker { get; set; } = Array.Empty<string>();

        /// <summary>Announce to no tracker: serve only the peers that connect and those given with -Peer.</summary>
        [Parameter]
        public SwitchParameter NoTracker { get; set; }

        /// <summary>Stop once this many times the torrent's size has been uploaded (1 = one full copy).</summary>
        [Parameter]
        [ValidateRange(0.001, 1000000.0)]
        public double SeedRatio { get; set; }

        /// <summary>Stop after seeding this long.</summary>
        [Parameter]
        [ValidatePositiveTimeSpan]
        public TimeSpan SeedTime { get; set; }

        /// <summary>Upload at most this many bytes per second (500KB, 2MB); 0, the default, is no limit.</summary>
        [Parameter]
        [ValidateRange(0L, long.MaxValue)]
        public long UploadLimit { get; set; }

        /// <summary>Connections kept open at most, per torrent.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxPeers { get; set; } = SeedOptions.Default.MaxPeers;

        /// <summary>Seeds in the foreground and returns the results instead of jobs.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void BeginProcessing()
        {
            _reader = new TorrentFileReader(this);
            _dataPath = ResolveDataPath();
            _peers = ParsePeers();

            foreach (string tracker in Tracker)
            {
                if (!TrackerFailures.IsTrackerUrl(tracker))
                {
                    var error = new ArgumentException($"'{tracker}' is not an http://, https:// or udp:// tracker URL.");
                    ThrowTerminatingError(ErrorRecords.Create(error, "InvalidTrackerUrl", ErrorCategory.InvalidArgument, tracker));
                }
            }
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                    foreach (string path in Path)
                    {
                        if (TorrentFileReader.IsMagnetLink(path))
                        {
                            var error = new NotSupportedException("Seeding needs the torrent's .torrent file (a magnet link has no metadata); give the file, or the TorrentInfo from Get-TorrentInfo.");
                            WriteError(ErrorRecords.Create(error, DownloadErrors.MagnetDownloadNotSupported, ErrorCategory.NotImplemented, path));
                            continue;
                        }

                        Seed(_reader!.ReadTorrents(path, literal: false));
                    }

                    break;

                case LiteralPathSet:
                    foreach (string path in LiteralPath)
                    {
                        Seed(_reader!.ReadTorrents(path, literal: true));
                    }

                    break;

                case InputObjectSet:
                    foreach (TorrentInfo torrent in InputObject)
                    {
                        Seed(torrent);
                    }

                    break;
            }
        }

        /// <summary>Ctrl+C, from another thread: only asks the foreground seeding to stop.</summary>
        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        private void Seed(IEnumerable<TorrentInfo> torrents)
        {
            foreach (TorrentInfo torrent in torrents)
            {
                _reader!.WriteWarnings(torrent);
                Seed(torrent);
            }
        }

        private void Seed(TorrentInfo torrent)
        {
            string folder;
            try
            {
                folder = TorrentDataLocation.Resolve(torrent, _dataPath);
            }
            catch (StorageException e)
            {
                WriteError(ErrorRecords.Create(e, SeedErrors.SeedDataNotFound, ErrorCategory.ObjectNotFound, _dataPath));
                return;
            }

            string where = Port == 0 ? "a port the system picks" : $"port {Port}";
            if (!ShouldProcess(folder, $"Seed '{torrent.Name}' ({ByteSize.Format(torrent.ContentSize)}) on {where}"))
            {
                return;
            }

            if (Wait)
            {
                RunInForeground(torrent, folder);
                return;
            }

            bool verbose = StreamPreferences.WantsVerbose(this);
            var job = new TorrentSeedJob(torrent, folder, log => Options(verbose ? log : null), StreamPreferences.WantsProgress(this));
            JobRepository.Add(job);
            job.StartJob();
            WriteObject(job);
        }

        /// <summary>-Wait: the job core in the foreground; its reports queue up for this (the pipeline) thread. Ctrl+C stops gracefully.</summary>
        private void RunInForeground(TorrentInfo torrent, string folder)
        {
            using var queue = new TorrentJobEventQueue<TorrentSeedResult>();
            bool verbose = StreamPreferences.WantsVerbose(this);
            var session = new SeedSession(torrent, folder, Options(verbose ? queue.Log : null));
            session.Started += (_, e) => queue.Log(e.IsComplete
                ? $"Seeding '{torrent.Name}' on port {e.Port}."
                : $"Seeding '{torrent.Name}' on port {e.Port}: the data is incomplete, only {e.PiecesSeeded} of {e.PieceCount} pieces are offered.");
            using var core = new TorrentJobCore<TorrentSeedResult>(session.RunAsync, queue, ProgressInterval);
            int activityId = ++_foregroundRuns;
            core.Start();
            try
            {
                foreach (TorrentJobEvent<TorrentSeedResult> report in queue.Take(_stop.Token))
                {
                    switch (report.Kind)
                    {
                        case TorrentJobEventKind.Output:
                            WriteObject(report.Result);
                            break;
                        case TorrentJobEventKind.Error:
                            WriteError(SeedErrors.ForJobFailure(report.Error!, torrent));
                            break;
                        case TorrentJobEventKind.Progress:
                            WriteProgress(ProgressRecords.From(activityId, report.Status!, report.IsFinal));
                            break;
                        case TorrentJobEventKind.Log:
                            WriteVerbose(report.Message);
                            break;
                        case TorrentJobEventKind.StateChanged:
                            WriteDebug($"{torrent.Name}: {report.State}.");
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Ctrl+C: nothing more may be written, but peers are closed and trackers told before the command ends.
                core.Stop(StopBound);
            }
        }

        private SeedOptions Options(Action<string>? log) => new SeedOptions
        {
            Port = Port,
            Peers = _peers,
            UseTrackers = !NoTracker,
            Trackers = Tracker,
            MaxPeers = MaxPeers,
            UploadLimit = UploadLimit,
            SeedRatio = MyInvocation.BoundParameters.ContainsKey(nameof(SeedRatio)) ? SeedRatio : (double?)null,
            SeedTime = MyInvocation.BoundParameters.ContainsKey(nameof(SeedTime)) ? SeedTime : (TimeSpan?)null,
            Log = log,
        };

        private string ResolveDataPath()
        {
            if (string.IsNullOrEmpty(DataPath))
            {
                return SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            }

            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(DataPath, out provider, out _);
            }
            catch (SessionStateException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, SeedErrors.SeedDataNotFound, ErrorCategory.InvalidArgument, DataPath));
                throw;
            }

            if (!string.Equals(provider?.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                var error = new ArgumentException($"The data path '{DataPath}' is on the {provider?.Name ?? "unknown"} provider; seeding reads from the file system.");
                ThrowTerminatingError(ErrorRecords.Create(error, ErrorRecords.NotFileSystemPath, ErrorCategory.InvalidArgument, DataPath));
            }

            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                var error = new ItemNotFoundException($"The data path '{resolved}' does not exist.");
                ThrowTerminatingError(ErrorRecords.Create(error, SeedErrors.SeedDataNotFound, ErrorCategory.ObjectNotFound, DataPath));
            }

            return resolved;
        }

        private List<IPEndPoint> ParsePeers()
        {
            var peers = new List<IPEndPoint>();
            foreach (string text in Peer)
            {
                try
                {
                    peers.Add(PeerEndPointParser.Parse(text));
                }
                catch (FormatException e)
                {
                    ThrowTerminatingError(ErrorRecords.Create(e, DownloadErrors.InvalidPeerAddress, ErrorCategory.InvalidArgument, text));
                }
            }

            return peers;
        }
    }
}
