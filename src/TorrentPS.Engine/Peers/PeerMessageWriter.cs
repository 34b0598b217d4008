using System;
using System.Buffers.Binary;

namespace TorrentPS.Peers
{
    /// <summary>
    /// Encodes peer messages into caller-supplied spans (pooled buffers on the send path). A piece message is
    /// written as a 13-byte header only; the block data follows from wherever it already is, so it is never
    /// copied into a message buffer.
    /// </summary>
    public static class PeerMessageWriter
    {
        public const int KeepAliveLength = 4;
        public const int SimpleLength = 5;
        public const int IndexMessageLength = 9;
        public const int BlockMessageLength = 17;
        public const int PieceHeaderLength = 13;
        public const int PortLength = 7;
        public const int ExtendedHeaderLength = 6;

        public static int WriteKeepAlive(Span<byte> destination)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, 0);
            return KeepAliveLength;
        }

        /// <summary>Choke, unchoke, interested, not interested, have all, have none: an id and nothing else.</summary>
        public static int WriteSimple(Span<byte> destination, PeerMessageType type)
        {
            switch (type)
            {
                case PeerMessageType.Choke:
                case PeerMessageType.Unchoke:
                case PeerMessageType.Interested:
                case PeerMessageType.NotInterested:
                case PeerMessageType.HaveAll:
                case PeerMessageType.HaveNone:
                    return WriteHeader(destination, 1, type);
                default:
                    throw new ArgumentException($"{type} carries more than its id.", nameof(type));
            }
        }

        /// <summary>Have, suggest and allowed fast: an id and a piece index.</summary>
        public static int WriteIndexMessage(Span<byte> destination, PeerMessageType type, int pieceIndex)
        {
            if (type != PeerMessageType.Have && type != PeerMessageType.Suggest && type != PeerMessageType.AllowedFast)
            {
                throw new ArgumentException($"{type} is not a piece-index message.", nameof(type));
            }

            CheckNotNegative(pieceIndex, nameof(pieceIndex));
            WriteHeader(destination, 5, type);
            BinaryPrimitives.WriteInt32BigEndian(destination.Slice(5), pieceIndex);
            return IndexMessageLength;
        }

        public static int WriteHave(Span<byte> destination, int pieceIndex) => WriteIndexMessage(destination, PeerMessageType.Have, pieceIndex);

        /// <summary>Request, cancel and reject: an id and the block.</summary>
        public static int WriteBlockMessage(Span<byte> destination, PeerMessageType type, BlockRequest block)
        {
            if (type != PeerMessageType.Request && type != PeerMessageType.Cancel && type != PeerMessageType.Reject)
            {
                throw new ArgumentException($"{type} is not a block message.", nameof(type));
            }

            CheckBlock(block.PieceIndex, block.Begin, block.Length);
            WriteHeader(destination, 13, type);
            BinaryPrimitives.WriteInt32BigEndian(destination.Slice(5), block.PieceIndex);
            BinaryPrimitives.WriteInt32BigEndian(destination.Slice(9), block.Begin);
            BinaryPrimitives.WriteInt32BigEndian(destination.Slice(13), block.Length);
            return BlockMessageLength;
        }

        /// <summary>The part of a piece message before its data; send the <paramref name="dataLength"/> data bytes right after.</summary>
        public static int WritePieceHeader(Span<byte> destination, int pieceIndex, int begin, int dataLength)
        {
            CheckBlock(pieceIndex, begin, dataLength);
            WriteHeader(destination, 9 + dataLength, PeerMessageType.Piece);
            BinaryPrimitives.WriteInt32BigEndian(destination.Slice(5), pieceIndex);
            BinaryPrimitives.WriteInt32BigEndian(destination.Slice(9), begin);
            return PieceHeaderLength;
        }

        public static int GetBitfieldLength(Bitfield bitfield) => SimpleLength + bitfield.WireLength;

        public static int WriteBitfield(Span<byte> destination, Bitfield bitfield)
        {
            WriteHeader(destination, 1 + bitfield.WireLength, PeerMessageType.Bitfield);
            bitfield.CopyTo(destination.Slice(SimpleLength));
            return SimpleLength + bitfield.WireLength;
        }

        /// <summary>The part of a bitfield message before its bits; send the <paramref name="wireLength"/> bytes right after.</summary>
        public static int WriteBitfieldHeader(Span<byte> destination, int wireLength)
        {
            CheckNotNegative(wireLength, nameof(wireLength));
            return WriteHeader(destination, 1 + wireLength, PeerMessageType.Bitfield);
        }

        public static int WritePort(Span<byte> destination, int port)
        {
            if (port < 0 || port > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 0 to 65535.");
            }

            WriteHeader(destination, 3, PeerMessageType.Port);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(5), (ushort)port);
            return PortLength;
        }

        /// <summary>The part of an extended message before its payload; send the <paramref name="payloadLength"/> bytes right after.</summary>
        public static int WriteExtendedHeader(Span<byte> destination, byte extendedId, int payloadLength)
        {
            CheckNotNegative(payloadLength, nameof(payloadLength));
            WriteHeader(destination, 2 + payloadLength, PeerMessageType.Extended);
            destination[5] = extendedId;
            return ExtendedHeaderLength;
        }

        private static int WriteHeader(Span<byte> destination, int length, PeerMessageType type)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, length);
            destination[4] = (byte)type;
            return SimpleLength;
        }

        private static void CheckBlock(int pieceIndex, int begin, int length)
        {
            CheckNotNegative(pieceIndex, nameof(pieceIndex));
            CheckNotNegative(begin, nameof(begin));
            if (length < 1 || length > BlockRequest.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, $"A block is 1 to {BlockRequest.MaxLength} bytes.");
            }
        }

        private static void CheckNotNegative(int value, string name)
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(name, value, "The value is not negative.");
            }
        }
    }
}
