using System;
using System.Management.Automation;

namespace TorrentPS.PowerShell.Commands
{
    /// <summary>
    /// Get-TorrentInfo: reads .torrent files (or bytes already in memory) into TorrentPS.TorrentInfo objects,
    /// and magnet links into TorrentPS.MagnetLink objects. All parsing is the engine's.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TorrentInfo", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(TorrentInfo), ParameterSetName = new[] { PathSet, LiteralPathSet, BytesSet })]
    [OutputType(typeof(MagnetLink), ParameterSetName = new[] { UriSet })]
    public sealed class GetTorrentInfoCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string UriSet = "Uri";
        private const string BytesSet = "Bytes";
        private const string MagnetScheme = "magnet:";

        private FileSystemPathResolver? _resolver;

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

        /// <summary>Magnet links (BEP 9).</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Uri { get; set; } = Array.Empty<string>();

        /// <summary>The content of a .torrent file, for hosts that already hold it in memory.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
        [ValidateNotNullOrEmpty]
        public byte[] Bytes { get; set; } = Array.Empty<byte>();

        protected override void BeginProcessing()
        {
            _resolver = new FileSystemPathResolver(this, ErrorRecords.TorrentFileNotFound);
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                    foreach (string path in Path)
                    {
                        // A string piped in binds to -Path (the default set wins the tie with -Uri), so magnet
                        // links arriving that way are recognised here; no file-system path starts with "magnet:".
                        if (path.StartsWith(MagnetScheme, StringComparison.OrdinalIgnoreCase))
                        {
                            ReadMagnetLink(path);
                            continue;
                        }

                        foreach (string file in _resolver!.ResolvePath(path))
                        {
                            ReadFile(file);
                        }
                    }

                    break;

                case LiteralPathSet:
                    foreach (string path in LiteralPath)
                    {
                        string? file = _resolver!.ResolveLiteralPath(path);
                        if (file != null)
                        {
                            ReadFile(file);
                        }
                    }

                    break;

                case UriSet:
                    foreach (string uri in Uri)
                    {
                        ReadMagnetLink(uri);
                    }

                    break;

                case BytesSet:
                    try
                    {
                        Emit(TorrentInfo.Load(Bytes));
                    }
                    catch (MetainfoException e)
                    {
                        WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidTorrent, ErrorCategory.InvalidData, null));
                    }

                    break;
            }
        }

        private void ReadFile(string file)
        {
            WriteVerbose($"Reading torrent '{file}'.");
            TorrentInfo torrent;
            try
            {
                torrent = TorrentInfo.LoadFile(file);
            }
            catch (MetainfoException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidTorrent, ErrorCategory.InvalidData, file));
                return;
            }
            catch (Exception e) when (ErrorRecords.IsFileAccessError(e))
            {
                WriteError(ErrorRecords.ForRead(e, file, ErrorRecords.TorrentFileNotFound));
                return;
            }

            Emit(torrent);
        }

        private void ReadMagnetLink(string uri)
        {
            MagnetLink link;
            try
            {
                link = MagnetLink.Parse(uri);
            }
            catch (MetainfoException e)
            {
                WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidMagnetLink, ErrorCategory.InvalidArgument, uri));
                return;
            }

            WriteObject(link);
        }

        private void Emit(TorrentInfo torrent)
        {
            foreach (string warning in torrent.Warnings)
            {
                WriteWarning(torrent.Source is null ? warning : $"{torrent.Source}: {warning}");
            }

            WriteObject(torrent);
        }
    }
}
