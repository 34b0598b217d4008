using System.Globalization;

namespace TorrentPS
{
    /// <summary>A snapshot of the hashing of a torrent being created.</summary>
    public sealed class TorrentHashProgress
    {
        public TorrentHashProgress(string name, string? currentFile, int piecesHashed, int pieceCount, long bytesHashed, long totalBytes)
        {
            Name = name;
            CurrentFile = currentFile;
            PiecesHashed = piecesHashed;
            PieceCount = pieceCount;
            BytesHashed = bytesHashed;
            TotalBytes = totalBytes;
        }

        /// <summary>The torrent's name.</summary>
        public string Name { get; }

        /// <summary>The file being read (its path in the torrent); null once everything is read.</summary>
        public string? CurrentFile { get; }

        public int PiecesHashed { get; }

        public int PieceCount { get; }

        public long BytesHashed { get; }

        public long TotalBytes { get; }

        public double PercentComplete => PieceCount == 0 ? 100 : 100.0 * PiecesHashed / PieceCount;

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}: hashed {1}/{2} pieces ({3:0.0}%), {4} of {5}", Name, PiecesHashed, PieceCount, PercentComplete, ByteSize.Format(BytesHashed), ByteSize.Format(TotalBytes));
    }
}
