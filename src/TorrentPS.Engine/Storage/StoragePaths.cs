using System;
using System.IO;
using System.Runtime.InteropServices;

namespace TorrentPS.Storage
{
    /// <summary>
    /// Where a torrent's files go on disk. The metainfo layer already rejects names that climb out of the
    /// download folder; this checks again on the resolved path, so no future parser bug can write elsewhere.
    /// </summary>
    public static class StoragePaths
    {
        private static readonly StringComparison PathComparison =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? StringComparison.OrdinalIgnoreCase
                : StringComparison.Ordinal;

        /// <summary>The full path of the download folder, without a trailing separator.</summary>
        public static string NormalizeDestination(string destination)
        {
            if (string.IsNullOrWhiteSpace(destination))
            {
                throw new ArgumentException("A download folder is required.", nameof(destination));
            }

            string full;
            try
            {
                full = Path.GetFullPath(destination);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || StorageErrors.IsFileSystemError(e))
            {
                throw new StorageException(StorageErrorKind.UnsafePath, destination, "use as the download folder", e.Message.TrimEnd('.'), e);
            }

            string root = Path.GetPathRoot(full) ?? string.Empty;
            return full.Length > root.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        }

        /// <summary>The full path of <paramref name="file"/> under <paramref name="destination"/>; throws <see cref="StorageException"/> if it would leave it.</summary>
        public static string Resolve(string destination, TorrentFile file)
        {
            if (file is null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            string folder = NormalizeDestination(destination);
            var parts = new string[file.PathSegments.Count + 1];
            parts[0] = folder;
            for (int i = 0; i < file.PathSegments.Count; i++)
            {
                parts[i + 1] = file.PathSegments[i];
            }

            string full;
            try
            {
                full = Path.GetFullPath(Path.Combine(parts));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || StorageErrors.IsFileSystemError(e))
            {
                throw new StorageException(StorageErrorKind.UnsafePath, folder + Path.DirectorySeparatorChar + file.Path, "resolve the path of", e.Message.TrimEnd('.'), e);
            }

            string prefix = folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + Path.DirectorySeparatorChar;
            if (!full.StartsWith(prefix, PathComparison) || full.Length == prefix.Length)
            {
                throw new StorageException(StorageErrorKind.UnsafePath, full, "place torrent file '" + file.Path + "' at", "the path is outside the download folder '" + folder + "'");
            }

            return full;
        }
    }
}
