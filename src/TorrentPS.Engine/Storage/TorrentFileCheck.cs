using System.Globalization;

namespace TorrentPS
{
    /// <summary>
    /// What a data check found for one file. A piece that spans files counts for each of them, so a file whose
    /// own bytes are all present can still have missing pieces when a neighbouring file is missing: without the
    /// neighbour, its shared piece cannot be verified.
    /// </summary>
    public sealed class TorrentFileCheck
    {
        public TorrentFileCheck(string path, string fullPath, long length, long? sizeOnDisk, int pieceCount, int piecesGood, int piecesBad, int piecesMissing)
        {
            Path = path;
            FullPath = fullPath;
            Length = length;
            SizeOnDisk = sizeOnDisk;
            PieceCount = pieceCount;
            PiecesGood = piecesGood;
            PiecesBad = piecesBad;
            PiecesMissing = piecesMissing;
        }

        /// <summary>The file's path in the torrent ('/'-separated, relative to the download folder).</summary>
        public string Path { get; }

        /// <summary>Where the file is on disk.</summary>
        public string FullPath { get; }

        /// <summary>The file's length in the torrent.</summary>
        public long Length { get; }

        /// <summary>The file's length on disk; null when it does not exist.</summary>
        public long? SizeOnDisk { get; }

        public bool Exists => SizeOnDisk.HasValue;

        /// <summary>How many pieces hold bytes of this file (0 for an empty file).</summary>
        public int PieceCount { get; }

        public int PiecesGood { get; }

        public int PiecesBad { get; }

        public int PiecesMissing { get; }

        /// <summary>Every piece of the file is good and the file on disk has exactly the torrent's length.</summary>
        public bool IsComplete => PiecesGood == PieceCount && SizeOnDisk == Length;

        public override string ToString()
        {
            if (IsComplete)
            {
                return Path + ": complete";
            }

            return !Exists
                ? Path + ": missing"
                : string.Format(CultureInfo.InvariantCulture, "{0}: {1}/{2} pieces good, {3} bad, {4} missing", Path, PiecesGood, PieceCount, PiecesBad, PiecesMissing);
        }
    }
}
