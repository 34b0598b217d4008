using System.Collections.Generic;

namespace TorrentPS
{
    /// <summary>One file of a torrent, where it sits in the torrent's byte stream and which pieces cover it.</summary>
    public sealed class TorrentFile
    {
        internal TorrentFile(int index, IReadOnlyList<string> pathSegments, long length, long offset, int firstPiece, int lastPiece, string attributes)
            : this(index, pathSegments, string.Join("/", pathSegments), length, offset, firstPiece, lastPiece, attributes)
        {
        }

        /// <summary>With <paramref name="path"/>, the segments already joined with '/' (the parser joins them once for its own checks).</summary>
        internal TorrentFile(int index, IReadOnlyList<string> pathSegments, string path, long length, long offset, int firstPiece, int lastPiece, string attributes)
        {
            Index = index;
            PathSegments = pathSegments;
            Path = path;
            Length = length;
            Offset = offset;
            FirstPiece = firstPiece;
            LastPiece = lastPiece;
            Attributes = attributes;
        }

        /// <summary>Position in the torrent's full layout (padding files included).</summary>
        public int Index { get; }

        /// <summary>'/'-separated path relative to the download folder; multi-file torrents start with the torrent's name.</summary>
        public string Path { get; }

        public IReadOnlyList<string> PathSegments { get; }

        public long Length { get; }

        /// <summary>Where the file starts in the torrent's concatenated byte stream.</summary>
        public long Offset { get; }

        public int FirstPiece { get; }

        public int LastPiece { get; }

        /// <summary>BEP 47 attribute letters: p (padding), x (executable), h (hidden), l (symlink).</summary>
        public string Attributes { get; }

        public bool IsPadding => Attributes.IndexOf('p') >= 0;

        public bool IsExecutable => Attributes.IndexOf('x') >= 0;

        public bool IsHidden => Attributes.IndexOf('h') >= 0;

        public override string ToString() => Path;
    }
}
