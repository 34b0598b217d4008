using System.Collections.Generic;
using System.Linq;

namespace TorrentPS
{
    /// <summary>
    /// The files a torrent will be made of, found by <see cref="TorrentBuilder.Scan"/>: in torrent order
    /// (ordinal by the UTF-8 bytes of their '/'-separated paths, as mktorrent orders them), with what was left out.
    /// </summary>
    public sealed class TorrentContent
    {
        internal TorrentContent(string rootPath, string name, bool isSingleFile, IReadOnlyList<TorrentContentFile> files, IReadOnlyList<string> skippedPaths)
        {
            RootPath = rootPath;
            Name = name;
            IsSingleFile = isSingleFile;
            Files = files;
            SkippedPaths = skippedPaths;
            TotalSize = files.Sum(file => file.Length);
        }

        /// <summary>The full path of the file or folder given.</summary>
        public string RootPath { get; }

        /// <summary>The torrent's name: the file's or the folder's name.</summary>
        public string Name { get; }

        /// <summary>A file was given (a single-file torrent); a folder always makes a multi-file torrent, even with one file in it.</summary>
        public bool IsSingleFile { get; }

        public IReadOnlyList<TorrentContentFile> Files { get; }

        /// <summary>Full paths of hidden and junk files and folders left out (a folder's contents are not listed).</summary>
        public IReadOnlyList<string> SkippedPaths { get; }

        public long TotalSize { get; }

        public override string ToString() =>
            $"{Name}: {Files.Count} file{(Files.Count == 1 ? string.Empty : "s")}, {ByteSize.Format(TotalSize)}";
    }
}
