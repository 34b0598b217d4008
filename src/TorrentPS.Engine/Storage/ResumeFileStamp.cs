using System;
using System.Globalization;

namespace TorrentPS.Storage
{
    /// <summary>A file's size and last-write time when resume data was captured: if either changed, the resume data is stale.</summary>
    public sealed class ResumeFileStamp : IEquatable<ResumeFileStamp>
    {
        public ResumeFileStamp(string path, long length, long lastWriteUtcTicks)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Length = length;
            LastWriteUtcTicks = lastWriteUtcTicks;
        }

        /// <summary>The file's path in the torrent ('/'-separated).</summary>
        public string Path { get; }

        /// <summary>The file's size on disk, or -1 when it did not exist.</summary>
        public long Length { get; }

        /// <summary>The file's last-write time in UTC ticks, or 0 when it did not exist.</summary>
        public long LastWriteUtcTicks { get; }

        public bool Exists => Length >= 0;

        /// <summary>The stamp of the file at <paramref name="fullPath"/> as it is now.</summary>
        public static ResumeFileStamp Read(string torrentPath, string fullPath)
        {
            var info = new System.IO.FileInfo(fullPath);
            return info.Exists
                ? new ResumeFileStamp(torrentPath, info.Length, info.LastWriteTimeUtc.Ticks)
                : new ResumeFileStamp(torrentPath, -1, 0);
        }

        public bool Equals(ResumeFileStamp? other) =>
            other is not null && string.Equals(Path, other.Path, StringComparison.Ordinal) && Length == other.Length && LastWriteUtcTicks == other.LastWriteUtcTicks;

        public override bool Equals(object? obj) => Equals(obj as ResumeFileStamp);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path) ^ Length.GetHashCode() ^ LastWriteUtcTicks.GetHashCode();

        public override string ToString() => Exists
            ? string.Format(CultureInfo.InvariantCulture, "{0}: {1} bytes, written {2:u}", Path, Length, new DateTime(LastWriteUtcTicks, DateTimeKind.Utc))
            : Path + ": absent";
    }
}
