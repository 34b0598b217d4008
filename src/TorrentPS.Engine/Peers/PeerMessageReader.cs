using System;
using System.Buffers.Binary;
using System.Globalization;

namespace TorrentPS.Peers
{
    /// <summary>
    /// Decodes length-prefixed peer messages from whatever bytes have arrived. TCP splits and joins messages
    /// arbitrarily, so the reader either returns one whole message and how many bytes it used, or says it
    /// needs more. Lengths are checked against <see cref="PeerMessageLimits"/> as soon as the prefix (and id)
    /// are visible, so an oversized message is refused before anyone buffers it.
    /// </summary>
    public static class PeerMessageReader
    {
        private const int PrefixLength = 4;

        /// <summary>
        /// Reads one message from the start of <paramref name="buffer"/>. Returns false when the buffer does not
        /// yet hold a whole message (nothing is consumed); throws <see cref="PeerProtocolException"/> when what is
        /// there already breaks the protocol.
        /// </summary>
        public static bool TryRead(ReadOnlyMemory<byte> buffer, PeerMessageLimits limits, out PeerMessage message, out int consumed)
        {
            message = default;
            consumed = 0;
            ReadOnlySpan<byte> span = buffer.Span;
            if (span.Length < PrefixLength)
            {
                return false;
            }

            uint declared = BinaryPrimitives.ReadUInt32BigEndian(span);
            if (declared == 0)
            {
                message = PeerMessage.KeepAlive;
                consumed = PrefixLength;
                return true;
            }

            if (declared > (uint)limits.MaxMessageLength)
            {
                throw Error(PeerProtocolError.MessageTooLong, "A message of {0} bytes is longer than the {1} allowed.", declared, limits.MaxMessageLength);
            }

            int length = (int)declared;
            if (span.Length < PrefixLength + 1)
            {
                return false;
            }

            byte id = span[PrefixLength];
            CheckLength(id, length, limits);
            if (span.Length < PrefixLength + length)
            {
                return false;
            }

            ReadOnlyMemory<byte> body = buffer.Slice(PrefixLength + 1, length - 1);
            message = Decode(id, body, limits);
            consumed = PrefixLength + length;
            return true;
        }

        // Everything that can be judged from the length and id alone, so a bad message is refused before its body arrives.
        private static void CheckLength(byte id, int length, PeerMessageLimits limits)
        {
            switch ((PeerMessageType)id)
            {
                case PeerMessageType.Choke:
                case PeerMessageType.Unchoke:
                case PeerMessageType.Interested:
                case PeerMessageType.NotInterested:
                case PeerMessageType.HaveAll:
                case PeerMessageType.HaveNone:
                    Expect(id, length, 1);
                    break;
                case PeerMessageType.Have:
                case PeerMessageType.Suggest:
                case PeerMessageType.AllowedFast:
                    Expect(id, length, 5);
                    break;
                case PeerMessageType.Request:
                case PeerMessageType.Cancel:
                case PeerMessageType.Reject:
                    Expect(id, length, 13);
                    break;
                case PeerMessageType.Port:
                    Expect(id, length, 3);
                    break;
                case PeerMessageType.Piece:
                    if (length < 10 || length > PeerMessageLimits.MaxRegularMessageLength)
                    {
                        throw Error(PeerProtocolError.BadBlock, "A piece message of {0} bytes does not carry 1..{1} bytes of block data.", length, BlockRequest.MaxLength);
                    }

                    break;
                case PeerMessageType.Bitfield:
                    int wire = Bitfield.GetWireLength(limits.PieceCount ?? PeerMessageLimits.MaxPieceCount);
                    bool fits = limits.PieceCount is null ? length - 1 <= wire : length - 1 == wire;
                    if (!fits)
                    {
                        throw Error(
                            PeerProtocolError.BadBitfield,
                            limits.PieceCount is null ? "A bitfield of {0} bytes is longer than the {1} allowed." : "A bitfield of {0} bytes is not the {1} bytes this torrent's pieces need.",
                            length - 1,
                            wire);
                    }

                    break;
                case PeerMessageType.Extended:
                    if (length < 2 || length > limits.MaxExtendedMessageLength)
                    {
                        throw Error(PeerProtocolError.BadMessageLength, "An extended message of {0} bytes is not within 2..{1}.", length, limits.MaxExtendedMessageLength);
                    }

                    break;
                default:
                    if (length > PeerMessageLimits.MaxRegularMessageLength)
                    {
                        throw Error(PeerProtocolError.MessageTooLong, "A message of unknown id {0} and {1} bytes is longer than the {2} allowed.", id, length, PeerMessageLimits.MaxRegularMessageLength);
                    }

                    break;
            }
        }

        private static PeerMessage Decode(byte id, ReadOnlyMemory<byte> body, PeerMessageLimits limits)
        {
            ReadOnlySpan<byte> span = body.Span;
            var type = (PeerMessageType)id;
            switch (type)
            {
                case PeerMessageType.Choke:
                case PeerMessageType.Unchoke:
                case PeerMessageType.Interested:
                case PeerMessageType.NotInterested:
                case PeerMessageType.HaveAll:
                case PeerMessageType.HaveNone:
                    return PeerMessage.Simple(type);
                case PeerMessageType.Have:
                case PeerMessageType.Suggest:
                case PeerMessageType.AllowedFast:
                    return PeerMessage.WithIndex(type, ReadIndex(span, type, limits));
                case PeerMessageType.Request:
                case PeerMessageType.Cancel:
                case PeerMessageType.Reject:
                    int index = ReadIndex(span, type, limits);
                    int begin = ReadBegin(span, type);
                    uint blockLength = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(8));
                    if (blockLength == 0 || blockLength > BlockRequest.MaxLength)
                    {
                        throw Error(PeerProtocolError.BadBlock, "A {0} for {1} bytes is outside 1..{2}.", type, blockLength, BlockRequest.MaxLength);
                    }

                    return PeerMessage.WithBlock(type, index, begin, (int)blockLength);
                case PeerMessageType.Piece:
                    return PeerMessage.Piece(ReadIndex(span, type, limits), ReadBegin(span, type), body.Slice(8));
                case PeerMessageType.Bitfield:
                    if (limits.PieceCount is int pieceCount && !Bitfield.HasZeroSpareBits(span, pieceCount))
                    {
                        throw Error(PeerProtocolError.BadBitfield, "The bitfield sets spare bits after the last of {0} pieces.", pieceCount);
                    }

                    return PeerMessage.WithPayload(type, id, body);
                case PeerMessageType.Port:
                    return PeerMessage.PortMessage(BinaryPrimitives.ReadUInt16BigEndian(span));
                case PeerMessageType.Extended:
                    return PeerMessage.WithPayload(type, id, body);
                default:
                    return PeerMessage.WithPayload(PeerMessageType.Unknown, id, body);
            }
        }

        private static int ReadIndex(ReadOnlySpan<byte> span, PeerMessageType type, PeerMessageLimits limits)
        {
            uint index = BinaryPrimitives.ReadUInt32BigEndian(span);
            uint count = (uint)(limits.PieceCount ?? PeerMessageLimits.MaxPieceCount);
            if (index >= count)
            {
                throw Error(PeerProtocolError.BadPieceIndex, "A {0} for piece {1} is beyond the last piece ({2}).", type, index, count - 1);
            }

            return (int)index;
        }

        private static int ReadBegin(ReadOnlySpan<byte> span, PeerMessageType type)
        {
            uint begin = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(4));
            if (begin > int.MaxValue)
            {
                throw Error(PeerProtocolError.BadBlock, "A {0} at offset {1} is beyond any piece.", type, begin);
            }

            return (int)begin;
        }

        private static void Expect(byte id, int length, int expected)
        {
            if (length != expected)
            {
                throw Error(PeerProtocolError.BadMessageLength, "A {0} message is {1} bytes long, not {2}.", (PeerMessageType)id, length, expected);
            }
        }

        private static PeerProtocolException Error(PeerProtocolError error, string format, params object[] args) =>
            new PeerProtocolException(error, string.Format(CultureInfo.InvariantCulture, format, args));
    }
}
