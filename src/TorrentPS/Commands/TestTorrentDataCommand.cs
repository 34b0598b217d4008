using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using TorrentPS.Storage;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Test-TorrentData: checks data on disk against torrents' piece hashes with the engine's DataChecker
    /// (progress while hashing). Emits one TorrentPS.TorrentFileCheck per file; -Summary emits one
    /// TorrentPS.DataCheckResult per check instead, and -Quiet only $true or $false.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "TorrentData", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(TorrentFileCheck), typeof(DataCheckResult), typeof(bool))]
    public sealed class TestTorrentDataCommand : PSCmdlet, IDisposable
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string MagnetScheme = "magnet:";

        private readonly PipelineCancellation _cancellation = new PipelineCancellation();
        private FileSystemPathResolver? _torrentResolver;
        private bool _torrentFromPipeline;
        private bool _dataFromCommandLine;
        private int _runs;

        /// <summary>
        /// The torrents: TorrentPS.TorrentInfo objects (from Get-TorrentInfo or New-Torrent -PassThru), .torrent
        /// files (Get-ChildItem output), or paths to .torrent files (wildcards expand).
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public object[] Torrent { get; set; } = Array.Empty<object>();

        /// <summary>Where the data is: the download folder, or the torrent's own folder or file. Wildcards expand; the current location when not given.</summary>
        [Parameter(Position = 1, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Where the data is, used exactly as written; folders piped from Get-ChildItem bind here through PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Emits one TorrentPS.DataCheckResult per check instead of one object per file.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>Emits only $true (every piece good, every file exactly there) or $false per check.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            if (Summary && Quiet)
            {
                var error = new ArgumentException("-Summary and -Quiet cannot be used together: -Quiet emits only $true or $false.");
                ThrowTerminatingError(ErrorRecords.Create(error, "SummaryWithQuiet", ErrorCategory.InvalidArgument, null));
            }

            _torrentResolver = new FileSystemPathResolver(this, ErrorRecords.TorrentFileNotFound);
            // Parameters bound now came from the command line; the rest will come from the pipeline.
            _torrentFromPipeline = !MyInvocation.BoundParameters.ContainsKey(nameof(Torrent));
            _dataFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Path)) || MyInvocation.BoundParameters.ContainsKey(nameof(LiteralPath));
        }

        protected override void ProcessRecord()
        {
            IReadOnlyList<string>? data = DataPaths();
            if (data is null)
            {
                return;
            }

            foreach (object input in Torrent)
            {
                foreach (TorrentInfo torrent in ReadTorrents(input))
                {
                    foreach (string path in data)
                    {
                        Check(torrent, path);
                    }
                }
            }
        }

        /// <summary>Ctrl+C, from another thread: only cancels the check.</summary>
        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();

        /// <summary>
        /// The data locations for this record. A .torrent file piped in also binds its PSPath to -LiteralPath; that is
        /// the torrent, not its data, so when the torrent came from the pipeline and no data path was typed, the data
        /// is looked for in the current location.
        /// </summary>
        private IReadOnlyList<string>? DataPaths()
        {
            string current = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            if (_torrentFromPipeline && !_dataFromCommandLine)
            {
                return new[] { current };
            }

            if (ParameterSetName == LiteralPathSet)
            {
                var literal = new List<string>();
                foreach (string path in LiteralPath)
                {
                    if (ResolveData(() => new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out _, out _) }, path) is { } found)
                    {
                        literal.AddRange(found);
                    }
                }

                return literal;
            }

            if (Path.Length == 0)
            {
                return new[] { current };
            }

            var resolved = new List<string>();
            foreach (string path in Path)
            {
                if (ResolveData(() => SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _), path) is { } found)
                {
                    resolved.AddRange(found);
                }
            }

            return resolved;
        }

        private IEnumerable<string>? ResolveData(Func<IEnumerable<string>> resolve, string path)
        {
            try
            {
                return resolve();
            }
            catch (ItemNotFoundException e)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(path))
                {
                    WriteError(ErrorRecords.Create(e, TorrentDataErrorRecords.DataPathNotFound, ErrorCategory.ObjectNotFound, path));
                }
            }
            catch (SessionStateException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidPath, ErrorCategory.InvalidArgument, path));
            }

            return null;
        }

        private IEnumerable<TorrentInfo> ReadTorrents(object input)
        {
            object value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case TorrentInfo torrent:
                    return new[] { torrent };
                case FileInfo file:
                    return Load(file.FullName);
                case string text when text.StartsWith(MagnetScheme, StringComparison.OrdinalIgnoreCase):
                    var magnet = new ArgumentException("A magnet link carries no piece hashes, so data cannot be checked against it; use the .torrent file.");
                    WriteError(ErrorRecords.Create(magnet, TorrentDataErrorRecords.InvalidTorrentInput, ErrorCategory.InvalidArgument, text));
                    return Array.Empty<TorrentInfo>();
                case string text:
                    var torrents = new List<TorrentInfo>();
                    foreach (string file in _torrentResolver!.ResolvePath(text))
                    {
                        torrents.AddRange(Load(file));
                    }

                    return torrents;
                default:
                    var error = new ArgumentException($"-Torrent takes TorrentPS.TorrentInfo objects, .torrent files or paths, not {value?.GetType().FullName ?? "null"}.");
                    WriteError(ErrorRecords.Create(error, TorrentDataErrorRecords.InvalidTorrentInput, ErrorCategory.InvalidArgument, value));
                    return Array.Empty<TorrentInfo>();
            }
        }

        private TorrentInfo[] Load(string file)
        {
            WriteVerbose($"Reading torrent '{file}'.");
            try
            {
                TorrentInfo torrent = TorrentInfo.LoadFile(file);
                foreach (string warning in torrent.Warnings)
                {
                    WriteWarning($"{file}: {warning}");
                }

                return new[] { torrent };
            }
            catch (MetainfoException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidTorrent, ErrorCategory.InvalidData, file));
            }
            catch (Exception e) when (ErrorRecords.IsFileAccessError(e))
            {
                WriteError(ErrorRecords.ForRead(e, file, ErrorRecords.TorrentFileNotFound));
            }

            return Array.Empty<TorrentInfo>();
        }

        private void Check(TorrentInfo torrent, string path)
        {
            int activityId = ++_runs;
            string activity = $"Checking {torrent.Name}";
            DataCheckResult result;
            using (var pump = new ProgressPump<CheckProgress>())
            {
                try
                {
                    string destination = TorrentDataLocation.Resolve(torrent, path);
                    WriteVerbose($"Checking '{torrent.Name}' ({torrent.PieceCount} pieces) in '{destination}'.");
                    result = pump.Run(
                        DataChecker.CheckAsync(torrent, destination, pump, cancellationToken: _cancellation.Token),
                        report => WriteProgress(new ProgressRecord(activityId, activity, $"{report.PiecesChecked} of {report.PieceCount} pieces: {report.PiecesGood} good, {report.PiecesBad} bad, {report.PiecesMissing} missing")
                        {
                            PercentComplete = (int)Math.Min(100, report.PercentComplete),
                        }),
                        _cancellation);
                }
                catch (StorageException e)
                {
                    WriteError(TorrentDataErrorRecords.ForCheck(e));
                    return;
                }
                finally
                {
                    if (!_cancellation.Token.IsCancellationRequested)
                    {
                        WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
                    }
                }
            }

            WriteVerbose(result.ToString());
            if (Quiet)
            {
                WriteObject(result.IsComplete);
            }
            else if (Summary)
            {
                WriteObject(result);
            }
            else
            {
                WriteObject(result.Files, enumerateCollection: true);
            }
        }
    }
}
