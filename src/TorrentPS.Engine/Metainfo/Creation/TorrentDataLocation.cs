using System;
using System.IO;
using TorrentPS.Storage;

namespace TorrentPS
{
    /// <summary>
    /// Where a torrent's data is, from what a person points at. Clients take the download folder (the one that
    /// holds the torrent's top folder or file); people who just made a torrent of a folder or a file tend to
    /// point at that folder or file itself, as the torrent creators take it. Both mean the same data, so both are
    /// accepted: this turns either into the download folder that <see cref="DataChecker"/> expects. It lives
    /// beside the builder because it is the builder's layout read backwards.
    /// </summary>
    public static class TorrentDataLocation
    {
        private const string Operation = "find the data in";

        /// <summary>
        /// The download folder for <paramref name="torrent"/> given <paramref name="path"/>: the download folder itself,
        /// the torrent's own folder (multi-file), or its file (single-file). Throws <see cref="StorageException"/>
        /// (kind NotFound) when the path does not exist or is a file that is not the torrent's.
        /// </summary>
        public static string Resolve(TorrentInfo torrent, string path)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            string full = StoragePaths.NormalizeDestination(path);
            if (File.Exists(full))
            {
                string fileName = Path.GetFileName(full);
                if (!torrent.IsMultiFile && string.Equals(fileName, torrent.Files[0].Path, StringComparison.Ordinal))
                {
                    return Path.GetDirectoryName(full) ?? full;
                }

                string expected = torrent.IsMultiFile
                    ? $"the torrent holds a folder '{torrent.Name}': give that folder or the folder it is in"
                    : $"the torrent's file is named '{torrent.Files[0].Path}': give that file or the folder it is in";
                throw new StorageException(StorageErrorKind.NotFound, full, Operation, "is a file that is not the torrent's data; " + expected);
            }

            if (!Directory.Exists(full))
            {
                throw new StorageException(StorageErrorKind.NotFound, full, Operation, "no such file or folder");
            }

            if (torrent.IsMultiFile
                && !Directory.Exists(Path.Combine(full, torrent.Name))
                && string.Equals(Path.GetFileName(full), torrent.Name, StringComparison.Ordinal))
            {
                // The torrent's own folder, given by name: its parent is the download folder.
                return Path.GetDirectoryName(full) ?? full;
            }

            return full;
        }
    }
}
