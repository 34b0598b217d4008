using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Threading;
using TorrentPS.Jobs;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Start-TorrentDownload: starts one download job per torrent and returns the jobs at once; with -Wait,
    /// downloads in the foreground instead and returns the results. The download itself is the engine's
    /// TorrentSession; the job is TorrentPS.TorrentDownloadJob.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "TorrentDownload", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(TorrentDownloadJob))]
    [OutputType(typeof(TorrentDownloadResult))]
    public sealed class StartTorrentDownloadCommand : PSCmdlet, IDisposable
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputObjectSet = "InputObject";

        private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

        /// <summary>How long Ctrl+C waits for the graceful stop of a foreground download.</summary>
        private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(20);

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private TorrentFileReader? _reader;
        private string _destination = string.Empty;
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

        /// <summary>The folder the torrent's files go in; the current location when not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = string.Empty;

        /// <summary>Peers to connect to besides those the trackers name: host:port, or [IPv6]:port.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Peer { get; set; } = Array.Empty<string>();

        /// <summary>Connections kept open at most, per torrent.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxPeers { get; set; } = TorrentSessionOptions.Default.MaxPeers;

        /// <summary>The port told to trackers.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = TorrentSessionOptions.Default.Port;

        /// <summary>When complete, seed on -Port until this many times the torrent's size is uploaded (1 = one full copy).</summary>
        [Parameter]
        [ValidateRange(0.001, 1000000.0)]
        public double SeedRatio { get; set; }

        /// <summary>When complete, seed on -Port for this long.</summary>
        [Parameter]
        [ValidatePositiveTimeSpan]
        public TimeSpan SeedTime { get; set; }

        /// <summary>Downloads in the foreground and returns the results instead of jobs.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void BeginProcessing()
        {
            _reader = new TorrentFileReader(this);
            _destination = ResolveDestination();
            _peers = ParsePeers();
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
                            WriteMagnetNotSupported(path);
                            continue;
                        }

                        Download(_reader!.ReadTorrents(path, literal: false));
                    }

                    break;

                case LiteralPathSet:
                    foreach (string path in LiteralPath)
                    {
                        Download(_reader!.ReadTorrents(path, literal: true));
                    }

                    break;

                case InputObjectSet:
                    foreach (TorrentInfo torrent in InputObject)
                    {
                        Download(torrent);
                    }

                    break;
            }
        }

        /// <summary>Ctrl+C, from another thread: only asks the foreground download to stop.</summary>
        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        private void Download(IEnumerable<TorrentInfo> torrents)
        {
            foreach (TorrentInfo torrent in torrents)
            {
                _reader!.WriteWarnings(torrent);
                Download(torrent);
            }
        }

        private void Download(TorrentInfo torrent)
        {
            if (!ShouldProcess(_destination, $"Download '{torrent.Name}' ({ByteSize.Format(torrent.ContentSize)})"))
            {
                return;
            }

            if (Wait)
            {
                RunInForeground(torrent);
                return;
            }

            bool verbose = StreamPreferences.WantsVerbose(this);
            var job = new TorrentDownloadJob(torrent, _destination, log => Options(verbose ? log : null), StreamPreferences.WantsProgress(this), log => SeedOptions(verbose ? log : null));
            JobRepository.Add(job);
            job.StartJob();
            WriteObject(job);
        }

        /// <summary>
        /// -Wait: the same job core as a background job, but its reports queue up for this (the pipeline) thread,
        /// the only one allowed to write. Ctrl+C stops the download gracefully before the command ends.
        /// </summary>
        private void RunInForeground(TorrentInfo torrent)
        {
            using var queue = new TorrentJobEventQueue<TorrentDownloadResult>();
            bool verbose = StreamPreferences.WantsVerbose(this);
            var run = new DownloadThenSeed(torrent, _destination, Options(verbose ? queue.Log : null), SeedOptions(verbose ? queue.Log : null));
            using var core = new TorrentJobCore<TorrentDownloadResult>(run.RunAsync, queue, ProgressInterval);
            int activityId = ++_foregroundRuns;
            core.Start();
            try
            {
                foreach (TorrentJobEvent<TorrentDownloadResult> report in queue.Take(_stop.Token))
                {
                    switch (report.Kind)
                    {
                        case TorrentJobEventKind.Output:
                            WriteObject(report.Result);
                            break;
                        case TorrentJobEventKind.Error:
                            WriteError(DownloadErrors.ForJobFailure(report.Error!, torrent));
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
                // Ctrl+C: nothing more may be written, but the verified data and resume state must reach the disk.
                core.Stop(StopBound);
            }
        }

        private TorrentSessionOptions Options(Action<string>? log) => new TorrentSessionOptions
        {
            MaxPeers = MaxPeers,
            Port = Port,
            Peers = _peers,
            Log = log,
        };

        /// <summary>The seeding after a complete download, on the port told to trackers; null without -SeedRatio or -SeedTime.</summary>
        private SeedOptions? SeedOptions(Action<string>? log)
        {
            bool ratio = MyInvocation.BoundParameters.ContainsKey(nameof(SeedRatio));
            bool time = MyInvocation.BoundParameters.ContainsKey(nameof(SeedTime));
            return !ratio && !time ? null : new SeedOptions
            {
                Port = Port,
                Peers = _peers,
                MaxPeers = MaxPeers,
                SeedRatio = ratio ? SeedRatio : (double?)null,
                SeedTime = time ? SeedTime : (TimeSpan?)null,
                Log = log,
            };
        }

        private string ResolveDestination()
        {
            if (string.IsNullOrEmpty(Destination))
            {
                return SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            }

            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination, out provider, out _);
            }
            catch (SessionStateException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, DownloadErrors.InvalidDestination, ErrorCategory.InvalidArgument, Destination));
                throw;
            }

            if (!string.Equals(provider?.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                var error = new ArgumentException($"The destination '{Destination}' is on the {provider?.Name ?? "unknown"} provider; downloads go to a file-system folder.");
                ThrowTerminatingError(ErrorRecords.Create(error, ErrorRecords.NotFileSystemPath, ErrorCategory.InvalidArgument, Destination));
            }

            if (File.Exists(resolved))
            {
                var error = new ArgumentException($"The destination '{resolved}' is a file; downloads go to a folder (it is created when missing).");
                ThrowTerminatingError(ErrorRecords.Create(error, DownloadErrors.InvalidDestination, ErrorCategory.InvalidArgument, Destination));
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

        private void WriteMagnetNotSupported(string uri)
        {
            var error = new NotSupportedException("Downloading from a magnet link needs the torrent's metadata from peers (BEP 9), which TorrentPS cannot fetch yet. Download the .torrent file instead.");
            WriteError(ErrorRecords.Create(error, DownloadErrors.MagnetDownloadNotSupported, ErrorCategory.NotImplemented, uri));
        }
    }
}
