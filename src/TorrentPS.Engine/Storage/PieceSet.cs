using System;
using System.Collections.Generic;
using System.Globalization;

namespace TorrentPS.Storage
{
    /// <summary>
    /// An immutable set of piece indexes (the pieces verified on disk), stored as a BEP 3 bitfield: piece 0 is
    /// the high bit of the first byte. Named apart from the peer layer's wire Bitfield on purpose; convert with
    /// <see cref="ToBitfield"/>.
    /// </summary>
    public sealed class PieceSet
    {
        private readonly byte[] _bits;

        private PieceSet(byte[] bits, int pieceCount)
        {
            _bits = bits;
            PieceCount = pieceCount;
            int count = 0;
            foreach (byte b in bits)
            {
                count += PopCount(b);
            }

            Count = count;
        }

        /// <summary>How many pieces the torrent has (the set's universe).</summary>
        public int PieceCount { get; }

        /// <summary>How many pieces are in the set.</summary>
        public int Count { get; }

        public bool IsEmpty => Count == 0;

        public bool IsFull => Count == PieceCount;

        public static PieceSet Empty(int pieceCount) => new PieceSet(new byte[ByteLength(pieceCount)], pieceCount);

        public static PieceSet Full(int pieceCount)
        {
            var indexes = new int[pieceCount];
            for (int i = 0; i < pieceCount; i++)
            {
                indexes[i] = i;
            }

            return FromIndexes(pieceCount, indexes);
        }

        public static PieceSet FromIndexes(int pieceCount, IEnumerable<int> pieces)
        {
            if (pieces is null)
            {
                throw new ArgumentNullException(nameof(pieces));
            }

            var bits = new byte[ByteLength(pieceCount)];
            foreach (int piece in pieces)
            {
                if ((uint)piece >= (uint)pieceCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(pieces), piece, string.Format(CultureInfo.InvariantCulture, "The torrent has {0} pieces.", pieceCount));
                }

                bits[piece >> 3] |= (byte)(0x80 >> (piece & 7));
            }

            return new PieceSet(bits, pieceCount);
        }

        /// <summary>Reads a BEP 3 bitfield. Throws <see cref="ArgumentException"/> when its size is wrong or a spare bit is set.</summary>
        public static PieceSet FromBitfield(ReadOnlySpan<byte> bitfield, int pieceCount)
        {
            if (!TryFromBitfield(bitfield, pieceCount, out PieceSet? set, out string? problem))
            {
                throw new ArgumentException(problem, nameof(bitfield));
            }

            return set!;
        }

        internal static bool TryFromBitfield(ReadOnlySpan<byte> bitfield, int pieceCount, out PieceSet? set, out string? problem)
        {
            set = null;
            int expected = ByteLength(pieceCount);
            if (bitfield.Length != expected)
            {
                problem = string.Format(CultureInfo.InvariantCulture, "the bitfield is {0} bytes; {1} pieces need {2}", bitfield.Length, pieceCount, expected);
                return false;
            }

            int spare = (expected * 8) - pieceCount;
            if (spare > 0 && (bitfield[expected - 1] & ((1 << spare) - 1)) != 0)
            {
                problem = "the bitfield has bits set past the last piece";
                return false;
            }

            problem = null;
            set = new PieceSet(bitfield.ToArray(), pieceCount);
            return true;
        }

        public bool Contains(int piece)
        {
            if ((uint)piece >= (uint)PieceCount)
            {
                throw new ArgumentOutOfRangeException(nameof(piece), piece, string.Format(CultureInfo.InvariantCulture, "The torrent has {0} pieces.", PieceCount));
            }

            return (_bits[piece >> 3] & (0x80 >> (piece & 7))) != 0;
        }

        /// <summary>A copy of the set as a BEP 3 bitfield (what a peer's bitfield message carries).</summary>
        public byte[] ToBitfield() => (byte[])_bits.Clone();

        /// <summary>The pieces in the set, in ascending order.</summary>
        public IEnumerable<int> GetPieces()
        {
            for (int i = 0; i < PieceCount; i++)
            {
                if ((_bits[i >> 3] & (0x80 >> (i & 7))) != 0)
                {
                    yield return i;
                }
            }
        }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}/{1} pieces", Count, PieceCount);

        internal static int ByteLength(int pieceCount)
        {
            if (pieceCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(pieceCount), pieceCount, "A piece count cannot be negative.");
            }

            return (int)(((long)pieceCount + 7) / 8);
        }

        private static int PopCount(byte value)
        {
            int count = 0;
            while (value != 0)
            {
                value &= (byte)(value - 1);
                count++;
            }

            return count;
        }
    }
}
