using System.Globalization;

namespace TorrentPS
{
    /// <summary>A snapshot of a data check in progress.</summary>
    public sealed class CheckProgress
    {
        public CheckProgress(string name, int piecesChecked, int pieceCount, int piecesGood, int piecesBad, int piecesMissing, long bytesChecked, long totalBytes)
        {
            Name = name;
            PiecesChecked = piecesChecked;
            PieceCount = pieceCount;
            PiecesGood = piecesGood;
            PiecesBad = piecesBad;
            PiecesMissing = piecesMissing;
            BytesChecked = bytesChecked;
            TotalBytes = totalBytes;
        }

        /// <summary>The torrent's name.</summary>
        public string Name { get; }

        /// <summary>Pieces decided so far (good, bad or missing).</summary>
        public int PiecesChecked { get; }

        public int PieceCount { get; }

        public int PiecesGood { get; }

        public int PiecesBad { get; }

        public int PiecesMissing { get; }

        /// <summary>Bytes of the decided pieces, read or known missing.</summary>
        public long BytesChecked { get; }

        public long TotalBytes { get; }

        public double PercentComplete => PieceCount == 0 ? 100 : 100.0 * PiecesChecked / PieceCount;

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}: checked {1}/{2} pieces ({3:0.0}%), {4} good, {5} bad, {6} missing", Name, PiecesChecked, PieceCount, PercentComplete, PiecesGood, PiecesBad, PiecesMissing);
    }
}
