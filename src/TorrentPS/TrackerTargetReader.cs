using System;
using System.Collections.Generic;
using System.Management.Automation;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Turns the inputs of the tracker cmdlets (torrent objects, paths, magnet links, info-hashes) into
    /// <see cref="TrackerTarget"/>s. A bad input is written as a non-terminating error, with the same ids as
    /// Get-TorrentInfo, and left out; the others go on.
    /// </summary>
    internal sealed class TrackerTargetReader
    {
        private const string MagnetScheme = "magnet:";

        private readonly PSCmdlet _cmdlet;
        private readonly FileSystemPathResolver _resolver;

        public TrackerTargetReader(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            _resolver = new FileSystemPathResolver(cmdlet, ErrorRecords.TorrentFileNotFound);
        }

        public static IEnumerable<TrackerTarget> FromTorrents(IEnumerable<TorrentInfo> torrents)
        {
            foreach (TorrentInfo torrent in torrents)
            {
                yield return TrackerTarget.FromTorrent(torrent);
            }
        }

        /// <summary>-Path: wildcards expand; strings that start with "magnet:" are magnet links (as in Get-TorrentInfo).</summary>
        public IEnumerable<TrackerTarget> FromPaths(IEnumerable<string> paths)
        {
            foreach (string path in paths)
            {
                if (path.StartsWith(MagnetScheme, StringComparison.OrdinalIgnoreCase))
                {
                    TrackerTarget? link = ReadMagnetLink(path);
                    if (link != null)
                    {
                        yield return link;
                    }

                    continue;
                }

                foreach (string file in _resolver.ResolvePath(path))
                {
                    TrackerTarget? torrent = ReadFile(file);
                    if (torrent != null)
                    {
                        yield return torrent;
                    }
                }
            }
        }

        public IEnumerable<TrackerTarget> FromLiteralPaths(IEnumerable<string> paths)
        {
            foreach (string path in paths)
            {
                string? file = _resolver.ResolveLiteralPath(path);
                TrackerTarget? torrent = file is null ? null : ReadFile(file);
                if (torrent != null)
                {
                    yield return torrent;
                }
            }
        }

        public IEnumerable<TrackerTarget> FromUris(IEnumerable<string> uris)
        {
            foreach (string uri in uris)
            {
                TrackerTarget? link = ReadMagnetLink(uri);
                if (link != null)
                {
                    yield return link;
                }
            }
        }

        public IEnumerable<TrackerTarget> FromInfoHashes(IEnumerable<string> infoHashes)
        {
            foreach (string text in infoHashes)
            {
                if (InfoHash.TryParse(text?.Trim(), out InfoHash hash))
                {
                    yield return TrackerTarget.FromInfoHash(hash);
                }
                else
                {
                    _cmdlet.WriteError(TrackerErrorRecords.BadInfoHash(text ?? string.Empty));
                }
            }
        }

        private TrackerTarget? ReadFile(string file)
        {
            _cmdlet.WriteVerbose($"Reading torrent '{file}'.");
            try
            {
                return TrackerTarget.FromTorrent(TorrentInfo.LoadFile(file));
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

        private TrackerTarget? ReadMagnetLink(string uri)
        {
            try
            {
                return TrackerTarget.FromMagnetLink(MagnetLink.Parse(uri));
            }
            catch (MetainfoException e)
            {
                _cmdlet.WriteError(ErrorRecords.Create(e, ErrorRecords.InvalidMagnetLink, ErrorCategory.InvalidArgument, uri));
                return null;
            }
        }
    }
}
