using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorrentPS.Metainfo;

namespace TorrentPS
{
    /// <summary>A validated, immutable .torrent file (v1, or the v1 part of a hybrid).</summary>
    public sealed class TorrentInfo
    {
        /// <summary>.torrent files larger than this are refused before they are read (the largest real ones are a few tens of MiB).</summary>
        public const int MaxTorrentFileSize = 256 * 1024 * 1024;

        private readonly ReadOnlyMemory<byte> _infoBytes;

        internal TorrentInfo(
            string name,
            InfoHash infoHash,
            ReadOnlyMemory<byte> infoBytes,
            long totalSize,
            int pieceLength,
            PieceHashList pieceHashes,
            IReadOnlyList<TorrentFile> layout,
            bool isMultiFile,
            bool isHybrid,
            IReadOnlyList<IReadOnlyList<string>> trackers,
            IReadOnlyList<string> webSeeds,
            bool isPrivate,
            DateTimeOffset? creationDate,
            string? comment,
            string? createdBy,
            string? encoding,
            string? source,
            IReadOnlyList<string> warnings)
        {
            Name = name;
            InfoHash = infoHash;
            _infoBytes = infoBytes;
            TotalSize = totalSize;
            PieceLength = pieceLength;
            PieceHashes = pieceHashes;
            Layout = layout;
            Files = layout.Any(f => f.IsPadding) ? layout.Where(f => !f.IsPadding).ToArray() : layout;
            ContentSize = Files.Sum(f => f.Length);
            IsMultiFile = isMultiFile;
            IsHybrid = isHybrid;
            Trackers = trackers;
            AnnounceUrls = trackers.SelectMany(t => t).Distinct(StringComparer.Ordinal).ToArray();
            WebSeeds = webSeeds;
            IsPrivate = isPrivate;
            CreationDate = creationDate;
            Comment = comment;
            CreatedBy = createdBy;
            Encoding = encoding;
            Source = source;
            Warnings = warnings;
        }

        public string Name { get; }

        public InfoHash InfoHash { get; }

        /// <summary>Bytes in the torrent's byte stream, BEP 47 padding included: what pieces cover.</summary>
        public long TotalSize { get; }

        /// <summary>Bytes of real files, padding left out: what lands on disk.</summary>
        public long ContentSize { get; }

        public int PieceLength { get; }

        public int PieceCount => PieceHashes.Count;

        public PieceHashList PieceHashes { get; }

        /// <summary>The files a user sees: BEP 47 padding files are left out.</summary>
        public IReadOnlyList<TorrentFile> Files { get; }

        /// <summary>Every file in torrent order, padding included: how pieces map onto files.</summary>
        public IReadOnlyList<TorrentFile> Layout { get; }

        /// <summary>Announce tiers (BEP 12), or the single announce URL as one tier.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Trackers { get; }

        /// <summary>Every tracker URL once, tier by tier.</summary>
        public IReadOnlyList<string> AnnounceUrls { get; }

        /// <summary>BEP 19 web seeds (url-list).</summary>
        public IReadOnlyList<string> WebSeeds { get; }

        /// <summary>BEP 27: only the torrent's own trackers may be used to find peers.</summary>
        public bool IsPrivate { get; }

        public bool IsMultiFile { get; }

        /// <summary>A BEP 52 hybrid: the v1 part is what is loaded.</summary>
        public bool IsHybrid { get; }

        public DateTimeOffset? CreationDate { get; }

        public string? Comment { get; }

        public string? CreatedBy { get; }

        public string? Encoding { get; }

        /// <summary>The file the torrent was loaded from, if it came from a file.</summary>
        public string? Source { get; }

        /// <summary>What was accepted but changed or ignored, such as a file name that is reserved on Windows.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Parses and validates a torrent. Throws <see cref="MetainfoException"/> saying which field is wrong.</summary>
        public static TorrentInfo Load(ReadOnlyMemory<byte> data, string? source = null)
        {
            // A private copy keeps the object immutable even if the caller reuses its buffer.
            return MetainfoParser.Parse(data.ToArray(), source);
        }

        /// <summary>Reads and parses a .torrent file. I/O errors pass through; bad content is a <see cref="MetainfoException"/>.</summary>
        public static TorrentInfo LoadFile(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxTorrentFileSize)
            {
                throw new MetainfoException(null, $"the file is {stream.Length} bytes; torrent files over {MaxTorrentFileSize / (1024 * 1024)} MiB are refused", path);
            }

            var data = new byte[stream.Length];
            int read = 0;
            while (read < data.Length)
            {
                int n = stream.Read(data, read, data.Length - read);
                if (n == 0)
                {
                    throw new IOException($"{path}: the file shrank while it was being read.");
                }

                read += n;
            }

            return MetainfoParser.Parse(data, path);
        }

        /// <summary>The exact bytes of the info dictionary, as the info-hash was computed over them.</summary>
        public byte[] GetMetadata() => _infoBytes.ToArray();

        /// <summary>The size of the piece at <paramref name="index"/>: the last one is usually shorter.</summary>
        public int GetPieceSize(int index)
        {
            if ((uint)index >= (uint)PieceCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The torrent has {PieceCount} pieces.");
            }

            return index < PieceCount - 1 ? PieceLength : (int)(TotalSize - ((long)PieceLength * (PieceCount - 1)));
        }

        public MagnetLink ToMagnetLink() => MagnetLink.Create(InfoHash, Name, AnnounceUrls, WebSeeds, TotalSize);

        public override string ToString() => $"{Name} ({InfoHash})";
    }
}
