using System;
using System.Collections.Generic;
using System.Globalization;

namespace TorrentPS.Storage
{
    /// <summary>
    /// What a session needs to skip checking data on start: the verified pieces, and each file's size and
    /// last-write time when they were captured. Capture it after <see cref="TorrentStorage.FlushAsync"/>,
    /// so that nothing it calls verified is still only in the OS cache.
    /// </summary>
    public sealed class ResumeData
    {
        public const int CurrentFormatVersion = 1;

        public ResumeData(InfoHash infoHash, int pieceLength, int pieceCount, long totalSize, PieceSet verifiedPieces, IReadOnlyList<ResumeFileStamp> files, int formatVersion = CurrentFormatVersion)
        {
            VerifiedPieces = verifiedPieces ?? throw new ArgumentNullException(nameof(verifiedPieces));
            Files = files ?? throw new ArgumentNullException(nameof(files));
            if (verifiedPieces.PieceCount != pieceCount)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The piece set is for {0} pieces, not {1}.", verifiedPieces.PieceCount, pieceCount), nameof(verifiedPieces));
            }

            InfoHash = infoHash;
            PieceLength = pieceLength;
            PieceCount = pieceCount;
            TotalSize = totalSize;
            FormatVersion = formatVersion;
        }

        public int FormatVersion { get; }

        public InfoHash InfoHash { get; }

        public int PieceLength { get; }

        public int PieceCount { get; }

        public long TotalSize { get; }

        public PieceSet VerifiedPieces { get; }

        /// <summary>One stamp per file on disk (padding files left out), in torrent order.</summary>
        public IReadOnlyList<ResumeFileStamp> Files { get; }

        /// <summary>Resume data for <paramref name="verifiedPieces"/>, stamping the torrent's files under <paramref name="destination"/> as they are now.</summary>
        public static ResumeData Capture(TorrentInfo torrent, string destination, PieceSet verifiedPieces)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            string folder = StoragePaths.NormalizeDestination(destination);
            var stamps = new List<ResumeFileStamp>(torrent.Files.Count);
            foreach (TorrentFile file in torrent.Files)
            {
                string path = StoragePaths.Resolve(folder, file);
                try
                {
                    stamps.Add(ResumeFileStamp.Read(file.Path, path));
                }
                catch (Exception e) when (StorageErrors.IsFileSystemError(e))
                {
                    throw StorageErrors.Wrap(e, path, "stamp for resume data");
                }
            }

            return new ResumeData(torrent.InfoHash, torrent.PieceLength, torrent.PieceCount, torrent.TotalSize, verifiedPieces, stamps);
        }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}: {1} verified", InfoHash, VerifiedPieces);
    }
}
