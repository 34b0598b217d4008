using System;
using System.Globalization;

namespace TorrentPS.Peers
{
    /// <summary>
    /// Which pieces a peer (or we) have, one bit per piece, most significant bit first, exactly as the
    /// bitfield message carries it. Not thread-safe: the session that owns one serialises access.
    /// </summary>
    public sealed class Bitfield
    {
        private readonly byte[] _bits;

        public Bitfield(int pieceCount)
        {
            if (pieceCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(pieceCount), pieceCount, "A piece count is not negative.");
            }

            PieceCount = pieceCount;
            _bits = new byte[GetWireLength(pieceCount)];
        }

        private Bitfield(int pieceCount, byte[] bits, int count)
        {
            PieceCount = pieceCount;
            _bits = bits;
            Count = count;
        }

        public int PieceCount { get; }

        /// <summary>How many pieces are set.</summary>
        public int Count { get; private set; }

        public bool IsComplete => Count == PieceCount;

        public bool IsEmpty => Count == 0;

        /// <summary>The size of the wire form in bytes: one bit per piece, rounded up.</summary>
        public int WireLength => _bits.Length;

        public bool this[int index]
        {
            get
            {
                CheckIndex(index);
                return (_bits[index >> 3] & Mask(index)) != 0;
            }

            set
            {
                if (value)
                {
                    Set(index);
                }
                else
                {
                    Clear(index);
                }
            }
        }

        public static int GetWireLength(int pieceCount) => (int)(((long)pieceCount + 7) / 8);

        /// <summary>A bitfield with every piece set (a seed, or a peer that sent have-all).</summary>
        public static Bitfield All(int pieceCount)
        {
            var all = new Bitfield(pieceCount);
            all.SetAll();
            return all;
        }

        /// <summary>Reads the wire form; a wrong length or a spare bit set is a <see cref="PeerProtocolException"/>.</summary>
        public static Bitfield FromWire(ReadOnlySpan<byte> wire, int pieceCount)
        {
            if (pieceCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(pieceCount), pieceCount, "A piece count is not negative.");
            }

            int expected = GetWireLength(pieceCount);
            if (wire.Length != expected)
            {
                throw new PeerProtocolException(
                    PeerProtocolError.BadBitfield,
                    string.Format(CultureInfo.InvariantCulture, "A bitfield of {0} bytes is not the {1} bytes that {2} pieces need.", wire.Length, expected, pieceCount));
            }

            if (!HasZeroSpareBits(wire, pieceCount))
            {
                throw new PeerProtocolException(
                    PeerProtocolError.BadBitfield,
                    string.Format(CultureInfo.InvariantCulture, "The bitfield sets spare bits after the last of {0} pieces.", pieceCount));
            }

            int count = 0;
            foreach (byte b in wire)
            {
                count += PopCount(b);
            }

            return new Bitfield(pieceCount, wire.ToArray(), count);
        }

        /// <summary>True when the bits past the last piece in the final byte are all zero, as BEP 3 requires.</summary>
        public static bool HasZeroSpareBits(ReadOnlySpan<byte> wire, int pieceCount)
        {
            int used = pieceCount & 7;
            if (used == 0 || wire.Length == 0)
            {
                return true;
            }

            int spareMask = 0xFF >> used;
            return (wire[wire.Length - 1] & spareMask) == 0;
        }

        public void Set(int index)
        {
            CheckIndex(index);
            byte mask = Mask(index);
            if ((_bits[index >> 3] & mask) == 0)
            {
                _bits[index >> 3] |= mask;
                Count++;
            }
        }

        public void Clear(int index)
        {
            CheckIndex(index);
            byte mask = Mask(index);
            if ((_bits[index >> 3] & mask) != 0)
            {
                _bits[index >> 3] &= (byte)~mask;
                Count--;
            }
        }

        public void SetAll()
        {
            if (_bits.Length == 0)
            {
                return;
            }

            _bits.AsSpan().Fill(0xFF);
            int used = PieceCount & 7;
            if (used != 0)
            {
                _bits[_bits.Length - 1] = (byte)(0xFF << (8 - used));
            }

            Count = PieceCount;
        }

        public void ClearAll()
        {
            Array.Clear(_bits, 0, _bits.Length);
            Count = 0;
        }

        /// <summary>Writes the wire form (<see cref="WireLength"/> bytes).</summary>
        public void CopyTo(Span<byte> destination) => _bits.CopyTo(destination);

        public byte[] ToWire() => (byte[])_bits.Clone();

        public Bitfield Clone() => new Bitfield(PieceCount, (byte[])_bits.Clone(), Count);

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}/{1} pieces", Count, PieceCount);

        private static byte Mask(int index) => (byte)(0x80 >> (index & 7));

        private static int PopCount(byte value)
        {
            int count = 0;
            for (int v = value; v != 0; v &= v - 1)
            {
                count++;
            }

            return count;
        }

        private void CheckIndex(int index)
        {
            if ((uint)index >= (uint)PieceCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Piece indexes run from 0 to {PieceCount - 1}.");
            }
        }
    }
}
