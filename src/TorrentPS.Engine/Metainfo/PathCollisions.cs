using System;
using System.Collections.Generic;
using System.Globalization;

namespace TorrentPS.Metainfo
{
    /// <summary>
    /// Refuses a multi-file torrent whose paths collide: the same file twice, or a name that is both a file and
    /// a folder. Torrents list files folder by folder, so when a file has the same parent folder as the one
    /// before it, its folders were already recorded and checked: only the first file of each folder pays for them.
    /// </summary>
    internal sealed class PathCollisions
    {
        private readonly HashSet<string> _files = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _folders = new HashSet<string>(StringComparer.Ordinal);
        private string? _previous;

        /// <summary>Records file <paramref name="fileIndex"/>'s '/'-separated path, which starts with the torrent's name.</summary>
        public void Add(string path, int fileIndex)
        {
            if (_folders.Contains(path))
            {
                throw Collision(fileIndex, $"'{path}' is both a file and a folder");
            }

            if (!_files.Add(path))
            {
                throw Collision(fileIndex, $"'{path}' appears more than once");
            }

            int parentEnd = path.LastIndexOf('/');
            bool sameParent = _previous is not null
                && parentEnd >= 0
                && _previous.LastIndexOf('/') == parentEnd
                && string.CompareOrdinal(_previous, 0, path, 0, parentEnd) == 0;
            _previous = path;
            if (sameParent)
            {
                return;
            }

            // Every folder below the torrent's own: each '/' after the first ends one.
            int slash = path.IndexOf('/');
            while (slash >= 0 && (slash = path.IndexOf('/', slash + 1)) >= 0)
            {
                string folder = path.Substring(0, slash);
                if (_files.Contains(folder))
                {
                    throw Collision(fileIndex, $"'{folder}' is both a file and a folder");
                }

                _folders.Add(folder);
            }
        }

        private static MetainfoException Collision(int fileIndex, string message) =>
            new MetainfoException(string.Format(CultureInfo.InvariantCulture, "info.files[{0}]", fileIndex), message);
    }
}
