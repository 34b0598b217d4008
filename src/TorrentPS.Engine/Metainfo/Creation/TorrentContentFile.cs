using System.Collections.Generic;

namespace TorrentPS
{
    /// <summary>One file that will go into a torrent being created.</summary>
    public sealed class TorrentContentFile
    {
        internal TorrentContentFile(string fullPath, IReadOnlyList<string> pathSegments, long length)
        {
            FullPath = fullPath;
            PathSegments = pathSegments;
            Path = string.Join("/", pathSegments);
            Length = length;
        }

        /// <summary>Where the file is on disk.</summary>
        public string FullPath { get; }

        /// <summary>The path inside the torrent's folder, '/'-separated; for a single-file torrent, the file's name.</summary>
        public string Path { get; }

        public IReadOnlyList<string> PathSegments { get; }

        public long Length { get; }

        public override string ToString() => Path;
    }
}
