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
        private readonly PSCmdlet _cmdlet;
        private readonly TorrentFileReader _reader;

        public TrackerTargetReader(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            _reader = new TorrentFileReader(cmdlet);
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
                if (TorrentFileReader.IsMagnetLink(path))
                {
                    TrackerTarget? link = ReadMagnetLink(path);
                    if (link != null)
                    {
                        yield return link;
                    }

                    continue;
                }

                foreach (TorrentInfo torrent in _reader.ReadTorrents(path, literal: false))
                {
                    yield return TrackerTarget.FromTorrent(torrent);
                }
            }
        }

        public IEnumerable<TrackerTarget> FromLiteralPaths(IEnumerable<string> paths)
        {
            foreach (string path in paths)
            {
                foreach (TorrentInfo torrent in _reader.ReadTorrents(path, literal: true))
                {
                    yield return TrackerTarget.FromTorrent(torrent);
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

        private TrackerTarget? ReadMagnetLink(string uri)
            => _reader.ReadMagnetLink(uri) is MagnetLink link ? TrackerTarget.FromMagnetLink(link) : null;
    }
}
