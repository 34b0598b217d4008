using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Reads the .torrent files that -Path and -LiteralPath arguments name, and magnet links, the same way in every
    /// cmdlet that takes them: a verbose line per file, and each bad input written as a non-terminating error with
    /// the same ids (TorrentFileNotFound, InvalidTorrent, InvalidMagnetLink) so the rest of the pipeline goes on.
    /// </summary>
    internal sealed class TorrentFileReader
    {
        private const string MagnetScheme = "magnet:";

        private readonly PSCmdlet _cmdlet;
        private readonly FileSystemPathResolver _resolver;

        public TorrentFileReader(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            _resolver = new FileSystemPathResolver(cmdlet, ErrorRecords.TorrentFileNotFound);
        }

        /// <summary>
        /// Whether a -Path string is a magnet link. A string piped in binds to -Path, so magnet links arrive there
        /// too; no file-system path starts with "magnet:".
        /// </summary>
        public static bool IsMagnetLink(string path) => path.StartsWith(MagnetScheme, StringComparison.OrdinalIgnoreCase);

        /// <summary>The torrents one -Path (wildcards expand) or -LiteralPath argument names; unreadable ones are errors.</summary>
        public IEnumerable<TorrentInfo> ReadTorrents(string path, bool literal)
        {
            foreach (string file in _resolver.ResolveFiles(path, literal))
            {
                TorrentInfo? torrent = ReadTorrent(file);
                if (torrent != null)
                {
                    yield return torrent;
                }
            }
        }

        /// <summary>A magnet link, or null after writing InvalidMagnetLink.</summary>
        public MagnetLink? ReadMagnetLink(string uri)
        {
            try
            {
                return MagnetLink.Parse(uri);
            }
            catch (MetainfoException e)
            {
                _cmdlet.WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidMagnetLink, ErrorCategory.InvalidArgument, uri));
                return null;
            }
        }

        /// <summary>Writes what the parser had to repair (a reserved file name, say), prefixed with the file it came from.</summary>
        public void WriteWarnings(TorrentInfo torrent)
        {
            foreach (string warning in torrent.Warnings)
            {
                _cmdlet.WriteWarning(torrent.Source is null ? warning : $"{torrent.Source}: {warning}");
            }
        }

        private TorrentInfo? ReadTorrent(string file)
        {
            _cmdlet.WriteVerbose($"Reading torrent '{file}'.");
            try
            {
                return TorrentInfo.LoadFile(file);
            }
            catch (MetainfoException e)
            {
                _cmdlet.WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidTorrent, ErrorCategory.InvalidData, file));
            }
            catch (Exception e) when (ErrorRecords.IsFileAccessError(e))
            {
                _cmdlet.WriteError(ErrorRecords.ForRead(e, file, ErrorRecords.TorrentFileNotFound));
            }

            return null;
        }
    }
}
