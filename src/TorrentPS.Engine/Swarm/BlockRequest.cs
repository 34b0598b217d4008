using System;

namespace TorrentPS.Swarm
{
    /// <summary>One block of a piece: what a request message asks for.</summary>
    public readonly struct BlockRequest : IEquatable<BlockRequest>
    {
        public BlockRequest(int piece, int offset, int length)
        {
            Piece = piece;
            Offset = offset;
            Length = length;
        }

        public int Piece { get; }

        public int Offset { get; }

        public int Length { get; }

        public bool Equals(BlockRequest other) => Piece == other.Piece && Offset == other.Offset && Length == other.Length;

        public override bool Equals(object? obj) => obj is BlockRequest other && Equals(other);

        public override int GetHashCode() => unchecked((Piece * 397) ^ Offset);

        public override string ToString() => $"piece {Piece} offset {Offset} length {Length}";

        public static bool operator ==(BlockRequest left, BlockRequest right) => left.Equals(right);

        public static bool operator !=(BlockRequest left, BlockRequest right) => !left.Equals(right);
    }
}
