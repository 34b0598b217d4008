using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// New-Torrent: makes a .torrent file of each file or folder given, hashing it with the engine's
    /// TorrentBuilder (progress while hashing). -PassThru emits the new TorrentPS.TorrentInfo.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "Torrent", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(TorrentInfo))]
    public sealed class NewTorrentCommand : PSCmdlet, IDisposable
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        private readonly PipelineCancellation _cancellation = new PipelineCancellation();
        private TorrentCreationOptions _options = TorrentCreationOptions.Default;
        private string? _outFile;
        private bool _outFileWritten;
        private int _runs;

        /// <summary>The files or folders to make torrents of; wildcards expand. A folder makes a multi-file torrent.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>The files or folders, used exactly as written; Get-ChildItem output binds here through PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The .torrent file to write; NAME.torrent in the current location when not given.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; } = string.Empty;

        /// <summary>Tracker URLs; each value is a tier, and URLs joined by commas share one. The first is the announce URL.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tracker { get; set; } = Array.Empty<string>();

        /// <summary>Web seed URLs (BEP 19).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] WebSeed { get; set; } = Array.Empty<string>();

        /// <summary>Bytes per piece, a power of two from 16 KiB to 64 MiB; chosen for 1000-2000 pieces when not given.</summary>
        [Parameter]
        [ValidateRange(TorrentCreationOptions.MinPieceLength, TorrentCreationOptions.MaxPieceLength)]
        public int PieceSize { get; set; }

        /// <summary>Marks the torrent private (BEP 27).</summary>
        [Parameter]
        public SwitchParameter Private { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Comment { get; set; } = string.Empty;

        /// <summary>The info.source string private trackers ask for.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Source { get; set; } = string.Empty;

        /// <summary>Keeps hidden files and folders and OS junk files, which are left out by default.</summary>
        [Parameter]
        public SwitchParameter IncludeHidden { get; set; }

        /// <summary>Replaces an existing .torrent file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emits the new torrent as a TorrentPS.TorrentInfo.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            _options = new TorrentCreationOptions
            {
                Trackers = TorrentCreationOptions.ParseTrackerTiers(Tracker),
                WebSeeds = WebSeed,
                PieceLength = PieceSize,
                IsPrivate = Private.IsPresent,
                Comment = string.IsNullOrEmpty(Comment) ? null : Comment,
                Source = string.IsNullOrEmpty(Source) ? null : Source,
                IncludeHiddenFiles = IncludeHidden.IsPresent,
            };
            try
            {
                _options.Validate();
            }
            catch (TorrentCreationException e)
            {
                ThrowTerminatingError(TorrentDataErrorRecords.ForCreation(e, e.Option ?? string.Empty));
            }

            if (!string.IsNullOrEmpty(OutFile))
            {
                _outFile = ResolveOutFile(OutFile);
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == LiteralPathSet)
            {
                foreach (string path in LiteralPath)
                {
                    string? content = ResolveLiteral(path);
                    if (content != null)
                    {
                        Create(content);
                    }
                }

                return;
            }

            foreach (string path in Path)
            {
                foreach (string content in Resolve(path))
                {
                    Create(content);
                }
            }
        }

        /// <summary>Ctrl+C, from another thread: only cancels the hashing.</summary>
        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();

        private void Create(string contentPath)
        {
            string target = _outFile ?? System.IO.Path.Combine(
                SessionState.Path.CurrentFileSystemLocation.ProviderPath,
                System.IO.Path.GetFileName(contentPath.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar)) + ".torrent");
            if (_outFile != null && _outFileWritten)
            {
                WriteError(TorrentDataErrorRecords.OutFileUsedTwice(_outFile, contentPath));
                return;
            }

            TorrentCreationOptions options = WithExcluded(target);
            TorrentContent content;
            try
            {
                content = TorrentBuilder.Scan(contentPath, options);
            }
            catch (TorrentCreationException e)
            {
                WriteError(TorrentDataErrorRecords.ForCreation(e, contentPath));
                return;
            }

            foreach (string skipped in content.SkippedPaths)
            {
                WriteVerbose($"Leaving out '{skipped}' (hidden or OS junk; -IncludeHidden keeps it).");
            }

            if (Directory.Exists(target))
            {
                var error = new ArgumentException($"The path '{target}' is a folder; give -OutFile the name of the .torrent file to write.");
                WriteError(ErrorRecords.Create(error, ErrorRecords.PathIsDirectory, ErrorCategory.InvalidArgument, target));
                return;
            }

            if (File.Exists(target) && !Force)
            {
                WriteError(TorrentDataErrorRecords.OutFileIsTaken(target));
                return;
            }

            string files = content.Files.Count == 1 ? "1 file" : $"{content.Files.Count} files";
            if (!ShouldProcess(target, $"Create a torrent of '{content.RootPath}' ({files}, {ByteSize.Format(content.TotalSize)})"))
            {
                return;
            }

            BuiltTorrent? built = Hash(content, options);
            if (built is null)
            {
                return;
            }

            try
            {
                built.Save(target);
            }
            catch (StorageException e)
            {
                WriteError(TorrentDataErrorRecords.ForWrite(e));
                return;
            }

            _outFileWritten = true;
            WriteVerbose($"Wrote '{target}': {built.Torrent.Name}, info-hash {built.InfoHash}, {built.Torrent.PieceCount} pieces of {ByteSize.Format(built.Torrent.PieceLength)}.");
            if (PassThru)
            {
                TorrentInfo torrent = built.LoadAs(target);
                foreach (string warning in torrent.Warnings)
                {
                    WriteWarning($"{target}: {warning}");
                }

                WriteObject(torrent);
            }
        }

        private BuiltTorrent? Hash(TorrentContent content, TorrentCreationOptions options)
        {
            int activityId = ++_runs;
            string activity = $"Hashing {content.Name}";
            using var pump = new ProgressPump<TorrentHashProgress>();
            try
            {
                return pump.Run(
                    TorrentBuilder.CreateAsync(content, options, pump, _cancellation.Token),
                    report => WriteProgress(new ProgressRecord(activityId, activity, $"{report.PiecesHashed} of {report.PieceCount} pieces, {ByteSize.Format(report.BytesHashed)} of {ByteSize.Format(report.TotalBytes)}")
                    {
                        PercentComplete = (int)Math.Min(100, report.PercentComplete),
                        CurrentOperation = report.CurrentFile ?? string.Empty,
                    }),
                    _cancellation);
            }
            catch (TorrentCreationException e)
            {
                WriteError(TorrentDataErrorRecords.ForCreation(e, content.RootPath));
                return null;
            }
            finally
            {
                // After Ctrl+C nothing may be written; the host clears the bar of a stopped pipeline itself.
                if (!_cancellation.Token.IsCancellationRequested)
                {
                    WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
        }

        private TorrentCreationOptions WithExcluded(string target) => new TorrentCreationOptions
        {
            Trackers = _options.Trackers,
            WebSeeds = _options.WebSeeds,
            PieceLength = _options.PieceLength,
            IsPrivate = _options.IsPrivate,
            Comment = _options.Comment,
            Source = _options.Source,
            IncludeHiddenFiles = _options.IncludeHiddenFiles,
            // A .torrent written into the folder it describes must not describe itself.
            ExcludedPaths = new[] { target },
        };

        /// <summary>Expands a -Path argument to existing files and folders (a wildcard matching nothing is simply empty).</summary>
        private IEnumerable<string> Resolve(string path)
        {
            ProviderInfo provider;
            IEnumerable<string> resolved;
            try
            {
                resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
            }
            catch (ItemNotFoundException e)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(path))
                {
                    WriteError(ErrorRecords.Create(e, TorrentDataErrorRecords.ContentNotFound, ErrorCategory.ObjectNotFound, path));
                }

                return Array.Empty<string>();
            }
            catch (SessionStateException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidPath, ErrorCategory.InvalidArgument, path));
                return Array.Empty<string>();
            }

            return IsFileSystem(provider, path) ? resolved : Array.Empty<string>();
        }

        private string? ResolveLiteral(string path)
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (SessionStateException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidPath, ErrorCategory.InvalidArgument, path));
                return null;
            }

            if (!IsFileSystem(provider, path))
            {
                return null;
            }

            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                var error = new ItemNotFoundException($"Cannot find the file or folder '{resolved}' because it does not exist.");
                WriteError(ErrorRecords.Create(error, TorrentDataErrorRecords.ContentNotFound, ErrorCategory.ObjectNotFound, path));
                return null;
            }

            return resolved;
        }

        private string ResolveOutFile(string path)
        {
            string resolved = string.Empty;
            ProviderInfo? provider = null;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (SessionStateException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, ErrorRecords.InvalidPath, ErrorCategory.InvalidArgument, path));
            }

            if (!string.Equals(provider?.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                var error = new ArgumentException($"The path '{path}' is on the {provider?.Name ?? "unknown"} provider; a .torrent file goes on the file system.");
                ThrowTerminatingError(ErrorRecords.Create(error, ErrorRecords.NotFileSystemPath, ErrorCategory.InvalidArgument, path));
            }

            return resolved;
        }

        private bool IsFileSystem(ProviderInfo provider, string path)
        {
            if (string.Equals(provider?.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var error = new ArgumentException($"The path '{path}' is on the {provider?.Name ?? "unknown"} provider; only files and folders on the file system can go in a torrent.");
            WriteError(ErrorRecords.Create(error, ErrorRecords.NotFileSystemPath, ErrorCategory.InvalidArgument, path));
            return false;
        }
    }
}
