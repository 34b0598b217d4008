using System;
using System.Collections.Generic;
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

        private TorrentFileReader? _reader;

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
            _reader = new TorrentFileReader(this);
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
                            ReadMagnetLink(path);
                            continue;
                        }

                        Emit(_reader!.ReadTorrents(path, literal: false));
                    }

                    break;

                case LiteralPathSet:
                    foreach (string path in LiteralPath)
                    {
                        Emit(_reader!.ReadTorrents(path, literal: true));
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

        private void ReadMagnetLink(string uri)
        {
            if (_reader!.ReadMagnetLink(uri) is MagnetLink link)
            {
                WriteObject(link);
            }
        }

        private void Emit(IEnumerable<TorrentInfo> torrents)
        {
            foreach (TorrentInfo torrent in torrents)
            {
                Emit(torrent);
            }
        }

        private void Emit(TorrentInfo torrent)
        {
            _reader!.WriteWarnings(torrent);
            WriteObject(torrent);
        }
    }
}
