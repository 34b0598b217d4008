using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace TorrentPS.Metainfo.Creation
{
    /// <summary>
    /// Finds the files of a torrent to be: the file given, or every file under the folder given (following
    /// symbolic links, refusing those that loop back), leaving out hidden and junk files unless asked, in a
    /// deterministic order that does not depend on the file system's listing order.
    /// </summary>
    internal sealed class ContentScanner
    {
        private static readonly StringComparer PathComparer =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? StringComparer.OrdinalIgnoreCase
                : StringComparer.Ordinal;

        private readonly TorrentCreationOptions _options;
        private readonly HashSet<string> _excluded;
        private readonly List<(byte[] SortKey, TorrentContentFile File)> _files = new List<(byte[], TorrentContentFile)>();
        private readonly List<string> _skipped = new List<string>();
        private readonly List<string> _ignoredWarnings = new List<string>();

        private ContentScanner(TorrentCreationOptions options)
        {
            _options = options;
            _excluded = new HashSet<string>(options.ExcludedPaths.Where(p => !string.IsNullOrEmpty(p)).Select(SafeFullPath), PathComparer);
        }

        public static TorrentContent Scan(string path, TorrentCreationOptions options)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.NotFound, null, "no file or folder was given");
            }

            return new ContentScanner(options).Run(path);
        }

        private TorrentContent Run(string path)
        {
            string full = TrimSeparators(FullPath(path));
            if (File.Exists(full))
            {
                var file = new FileInfo(full);
                string name = CheckName(file.Name, full);
                AddFile(file, Array.Empty<string>(), name);
                return Finish(full, name, isSingleFile: true);
            }

            if (!Directory.Exists(full))
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.NotFound, full, "no such file or folder");
            }

            var root = new DirectoryInfo(full);
            if (root.Parent is null)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.InvalidName, full, "a drive or file-system root has no name to give a torrent; make a torrent of a folder in it");
            }

            string rootName = CheckName(root.Name, full);
            var ancestors = new List<string> { RealPaths.TryResolve(root) ?? full };
            // Paths in the torrent start with its name, as TorrentFile.Path does for multi-file torrents.
            Walk(root, new List<string> { rootName }, ancestors);
            return Finish(full, rootName, isSingleFile: false);
        }

        private void Walk(DirectoryInfo folder, List<string> segments, List<string> ancestors)
        {
            if (segments.Count > PathSegmentRules.MaxDepth)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.InvalidName, folder.FullName, $"is deeper than {PathSegmentRules.MaxDepth} folders, the most a torrent may hold (a symbolic link loop?)");
            }

            FileSystemInfo[] entries;
            try
            {
                entries = folder.GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.ReadFailed, folder.FullName, "cannot list the folder: " + e.Message, e);
            }

            foreach (FileSystemInfo entry in entries)
            {
                if (_excluded.Contains(entry.FullName))
                {
                    _skipped.Add(entry.FullName);
                    continue;
                }

                if (!_options.IncludeHiddenFiles && HiddenFiles.ShouldSkip(entry))
                {
                    _skipped.Add(entry.FullName);
                    continue;
                }

                string name = CheckName(entry.Name, entry.FullName);
                segments.Add(name);
                if (entry is DirectoryInfo directory)
                {
                    EnterFolder(directory, segments, ancestors);
                }
                else
                {
                    AddFile((FileInfo)entry, segments.ToArray(), name);
                }

                segments.RemoveAt(segments.Count - 1);
            }
        }

        private void EnterFolder(DirectoryInfo directory, List<string> segments, List<string> ancestors)
        {
            bool isLink = (directory.Attributes & FileAttributes.ReparsePoint) != 0;
            string canonical = (isLink ? RealPaths.TryResolve(directory) : null)
                ?? Path.Combine(ancestors[ancestors.Count - 1], directory.Name);
            if (isLink && !Directory.Exists(directory.FullName))
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.ReadFailed, directory.FullName, "is a symbolic link whose target does not exist");
            }

            foreach (string ancestor in ancestors)
            {
                if (PathComparer.Equals(ancestor, canonical))
                {
                    throw new TorrentCreationException(
                        TorrentCreationErrorKind.SymbolicLinkLoop,
                        directory.FullName,
                        $"is a symbolic link to '{canonical}', a folder that contains it: following it would never end");
                }
            }

            ancestors.Add(canonical);
            Walk(directory, segments, ancestors);
            ancestors.RemoveAt(ancestors.Count - 1);
        }

        private void AddFile(FileInfo file, string[] segments, string name)
        {
            long length;
            try
            {
                length = (file.Attributes & FileAttributes.ReparsePoint) == 0 ? file.Length : LinkedFileLength(file);
            }
            catch (FileNotFoundException e)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.ReadFailed, file.FullName, "is a symbolic link whose target does not exist", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.ReadFailed, file.FullName, "cannot read the file's size: " + e.Message, e);
            }

            string[] torrentPath = segments.Length == 0 ? new[] { name } : segments;
            _files.Add((Encoding.UTF8.GetBytes(string.Join("/", torrentPath)), new TorrentContentFile(file.FullName, torrentPath, length)));
        }

        /// <summary>
        /// A symbolic link lists with the link's own size; opening it follows the link to the file's, which works on
        /// every runtime (netstandard2.0 has no API to resolve a link).
        /// </summary>
        private static long LinkedFileLength(FileInfo link)
        {
            using var stream = new FileStream(link.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            return stream.Length;
        }

        private TorrentContent Finish(string root, string name, bool isSingleFile)
        {
            if (_files.Count == 0)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.NoContent, root, _skipped.Count == 0
                    ? "the folder holds no files"
                    : $"the folder holds no files besides {_skipped.Count} hidden or junk one(s); include them with the option for hidden files");
            }

            if (_files.All(f => f.File.Length == 0))
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.NoContent, root, "every file is empty; a torrent needs at least one byte");
            }

            // Ordinal by UTF-8 bytes: the order mktorrent uses (strcmp), independent of culture and file system.
            _files.Sort((a, b) => CompareBytes(a.SortKey, b.SortKey));
            return new TorrentContent(root, name, isSingleFile, _files.Select(f => f.File).ToArray(), _skipped.ToArray());
        }

        private string CheckName(string name, string fullPath)
        {
            try
            {
                PathSegmentRules.Check(name, "name", _ignoredWarnings);
                return name;
            }
            catch (MetainfoException e)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.InvalidName, fullPath, "cannot be named in a torrent: " + e.Reason, e);
            }
        }

        private static int CompareBytes(byte[] a, byte[] b)
        {
            int common = Math.Min(a.Length, b.Length);
            for (int i = 0; i < common; i++)
            {
                if (a[i] != b[i])
                {
                    return a[i] - b[i];
                }
            }

            return a.Length - b.Length;
        }

        private static string FullPath(string path)
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.NotFound, path, "not a usable path: " + e.Message, e);
            }
        }

        private static string SafeFullPath(string path)
        {
            try
            {
                return TrimSeparators(Path.GetFullPath(path));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return path;
            }
        }

        private static string TrimSeparators(string full)
        {
            string root = Path.GetPathRoot(full) ?? string.Empty;
            return full.Length > root.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        }
    }
}
