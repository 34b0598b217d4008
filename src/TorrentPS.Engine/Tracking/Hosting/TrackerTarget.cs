using System;
using System.Collections.Generic;
using System.IO;

namespace TorrentPS.Tracking.Hosting
{
    /// <summary>
    /// What a host asks trackers about: a torrent, a magnet link or a bare info-hash, reduced to the info-hash,
    /// the trackers it names (BEP 12 tiers) and the bytes a fresh client still lacks. Immutable.
    /// </summary>
    public sealed class TrackerTarget
    {
        /// <summary>
        /// The "left" announced when the size is unknown (a magnet link without xl=, a bare hash): not zero, which
        /// would count us as a seeder. libtorrent sends the same 16 KiB before it has the metadata.
        /// </summary>
        public const long UnknownSizeLeft = 16 * 1024;

        private const string MagnetScheme = "magnet:";

        private TrackerTarget(InfoHash infoHash, string name, IReadOnlyList<IReadOnlyList<string>> tiers, long left, object source)
        {
            InfoHash = infoHash;
            Name = name;
            Tiers = tiers;
            Left = left;
            Source = source;
        }

        public InfoHash InfoHash { get; }

        /// <summary>The torrent's name, the magnet link's display name, or the info-hash when there is neither.</summary>
        public string Name { get; }

        /// <summary>The trackers the input names, tier by tier; empty for a bare info-hash or a trackerless torrent.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Tiers { get; }

        /// <summary>The bytes a client that has nothing yet still needs.</summary>
        public long Left { get; }

        /// <summary>The object this was made from: a <see cref="TorrentInfo"/>, a <see cref="MagnetLink"/> or an <see cref="InfoHash"/>.</summary>
        public object Source { get; }

        public static TrackerTarget FromTorrent(TorrentInfo torrent)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            // Padding files (BEP 47) are never downloaded, so they are not "left".
            return new TrackerTarget(torrent.InfoHash, torrent.Name, torrent.Trackers, torrent.ContentSize, torrent);
        }

        /// <summary>Each tr= of a magnet link is a tier of its own, tried in order, as libtorrent reads them.</summary>
        public static TrackerTarget FromMagnetLink(MagnetLink link)
        {
            if (link is null)
            {
                throw new ArgumentNullException(nameof(link));
            }

            var tiers = new List<IReadOnlyList<string>>(link.Trackers.Count);
            foreach (string tracker in link.Trackers)
            {
                tiers.Add(new[] { tracker });
            }

            return new TrackerTarget(link.InfoHash, link.DisplayName ?? link.InfoHash.ToString(), tiers, link.ExactLength ?? UnknownSizeLeft, link);
        }

        /// <summary>A bare info-hash names no tracker: the host must supply them.</summary>
        public static TrackerTarget FromInfoHash(InfoHash infoHash)
            => new TrackerTarget(infoHash, infoHash.ToString(), Array.Empty<IReadOnlyList<string>>(), UnknownSizeLeft, infoHash);

        /// <summary>
        /// Reads what a user typed on a command line: a magnet link (starts with "magnet:"), a .torrent file, or an
        /// info-hash (40 hex or 32 base32 characters) when no file has that name.
        /// </summary>
        /// <exception cref="MetainfoException">The magnet link or the torrent file is not valid.</exception>
        /// <exception cref="IOException">The file cannot be read (FileNotFoundException when it does not exist).</exception>
        /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
        public static TrackerTarget FromInput(string input)
        {
            if (input is null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            if (input.StartsWith(MagnetScheme, StringComparison.OrdinalIgnoreCase))
            {
                return FromMagnetLink(MagnetLink.Parse(input));
            }

            if (!File.Exists(input) && !Directory.Exists(input) && InfoHash.TryParse(input, out InfoHash hash))
            {
                return FromInfoHash(hash);
            }

            if (Directory.Exists(input))
            {
                throw new IOException($"'{input}' is a directory, not a .torrent file.");
            }

            return FromTorrent(TorrentInfo.LoadFile(input));
        }

        public override string ToString() => $"{Name} ({InfoHash})";
    }
}
