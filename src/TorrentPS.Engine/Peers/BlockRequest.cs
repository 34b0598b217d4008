using System;
using System.Globalization;

namespace TorrentPS.Peers
{
    /// <summary>A block of a piece: what request, cancel and reject name, and what a piece message carries.</summary>
    public readonly struct BlockRequest : IEquatable<BlockRequest>
    {
        /// <summary>The block size every client uses; larger requests are refused (BEP 3 and practice).</summary>
        public const int MaxLength = 16 * 1024;

        public BlockRequest(int pieceIndex, int begin, int length)
        {
            PieceIndex = pieceIndex;
            Begin = begin;
            Length = length;
        }

        public int PieceIndex { get; }

        public int Begin { get; }

        public int Length { get; }

        public bool Equals(BlockRequest other) => PieceIndex == other.PieceIndex && Begin == other.Begin && Length == other.Length;

        public override bool Equals(object? obj) => obj is BlockRequest other && Equals(other);

        public override int GetHashCode() => unchecked((PieceIndex * 397) ^ (Begin * 31) ^ Length);

        public static bool operator ==(BlockRequest left, BlockRequest right) => left.Equals(right);

        public static bool operator !=(BlockRequest left, BlockRequest right) => !left.Equals(right);

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "piece {0} [{1}+{2}]", PieceIndex, Begin, Length);
    }
}
