using System;
using System.Buffers.Binary;

namespace TorrentPS.Peers
{
    /// <summary>
    /// The 8 reserved handshake bytes, where peers advertise extensions. Bytes are numbered as on the wire
    /// (reserved[0] first); an extension is usable only when both sides set its bit.
    /// </summary>
    public readonly struct ReservedBits : IEquatable<ReservedBits>
    {
        public const int Length = 8;

        // reserved[5] & 0x10 (BEP 10), reserved[7] & 0x04 (BEP 6), reserved[7] & 0x01 (BEP 5), as big-endian bit positions.
        private const ulong ExtensionProtocolBit = 0x10UL << (8 * (7 - 5));
        private const ulong FastBit = 0x04UL;
        private const ulong DhtBit = 0x01UL;

        private readonly ulong _bits;

        private ReservedBits(ulong bits) => _bits = bits;

        public static ReservedBits None => default;

        public static ReservedBits FromBytes(ReadOnlySpan<byte> reserved)
        {
            if (reserved.Length != Length)
            {
                throw new ArgumentException($"Reserved bits are {Length} bytes, not {reserved.Length}.", nameof(reserved));
            }

            return new ReservedBits(BinaryPrimitives.ReadUInt64BigEndian(reserved));
        }

        public bool SupportsExtensionProtocol => (_bits & ExtensionProtocolBit) != 0;

        public bool SupportsFast => (_bits & FastBit) != 0;

        public bool SupportsDht => (_bits & DhtBit) != 0;

        public ReservedBits WithExtensionProtocol(bool on = true) => With(ExtensionProtocolBit, on);

        public ReservedBits WithFast(bool on = true) => With(FastBit, on);

        public ReservedBits WithDht(bool on = true) => With(DhtBit, on);

        /// <summary>The bits both sides set: what this connection may use.</summary>
        public ReservedBits Intersect(ReservedBits other) => new ReservedBits(_bits & other._bits);

        public void CopyTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, _bits);

        public byte[] ToArray()
        {
            var bytes = new byte[Length];
            CopyTo(bytes);
            return bytes;
        }

        public bool Equals(ReservedBits other) => _bits == other._bits;

        public override bool Equals(object? obj) => obj is ReservedBits other && Equals(other);

        public override int GetHashCode() => _bits.GetHashCode();

        public static bool operator ==(ReservedBits left, ReservedBits right) => left.Equals(right);

        public static bool operator !=(ReservedBits left, ReservedBits right) => !left.Equals(right);

        /// <summary>The 16 hex digits of the wire bytes, e.g. 0000000000100005.</summary>
        public override string ToString() => _bits.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

        private ReservedBits With(ulong bit, bool on) => new ReservedBits(on ? _bits | bit : _bits & ~bit);
    }
}
