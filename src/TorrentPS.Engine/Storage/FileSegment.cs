using System;
using System.Globalization;

namespace TorrentPS.Storage
{
    /// <summary>A run of bytes of a piece or block that lies inside one file.</summary>
    public readonly struct FileSegment : IEquatable<FileSegment>
    {
        public FileSegment(TorrentFile file, long fileOffset, int length, int bufferOffset)
        {
            File = file ?? throw new ArgumentNullException(nameof(file));
            FileOffset = fileOffset;
            Length = length;
            BufferOffset = bufferOffset;
        }

        public TorrentFile File { get; }

        /// <summary>Where the run starts inside <see cref="File"/>.</summary>
        public long FileOffset { get; }

        public int Length { get; }

        /// <summary>Where the run starts inside the mapped piece or block.</summary>
        public int BufferOffset { get; }

        /// <summary>BEP 47 padding: zeros that are never read from or written to disk.</summary>
        public bool IsPadding => File.IsPadding;

        public bool Equals(FileSegment other) =>
            ReferenceEquals(File, other.File) && FileOffset == other.FileOffset && Length == other.Length && BufferOffset == other.BufferOffset;

        public override bool Equals(object? obj) => obj is FileSegment other && Equals(other);

        public override int GetHashCode() => ((File?.Index ?? 0) * 397) ^ FileOffset.GetHashCode() ^ (Length * 31) ^ BufferOffset;

        public static bool operator ==(FileSegment left, FileSegment right) => left.Equals(right);

        public static bool operator !=(FileSegment left, FileSegment right) => !left.Equals(right);

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} [{1}..{2}) -> buffer {3}", File?.Path, FileOffset, FileOffset + Length, BufferOffset);
    }
}
