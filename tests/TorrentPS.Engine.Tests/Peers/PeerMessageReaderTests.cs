using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

public class PeerMessageReaderTests
{
    private static readonly PeerMessageLimits TenPieces = PeerMessageLimits.ForTorrent(10);

    private static PeerMessage ReadOne(byte[] frame, PeerMessageLimits? limits = null)
    {
        Assert.True(PeerMessageReader.TryRead(frame, limits ?? TenPieces, out PeerMessage message, out int consumed));
        Assert.Equal(frame.Length, consumed);
        return message;
    }

    private static PeerProtocolException Refuse(byte[] bytes, PeerMessageLimits? limits = null) =>
        Assert.Throws<PeerProtocolException>(() => PeerMessageReader.TryRead(bytes, limits ?? TenPieces, out _, out _));

    [Theory]
    [InlineData(0, PeerMessageType.Choke)]
    [InlineData(1, PeerMessageType.Unchoke)]
    [InlineData(2, PeerMessageType.Interested)]
    [InlineData(3, PeerMessageType.NotInterested)]
    [InlineData(0x0E, PeerMessageType.HaveAll)]
    [InlineData(0x0F, PeerMessageType.HaveNone)]
    public void Id_only_messages_decode(byte id, PeerMessageType expected)
    {
        PeerMessage message = ReadOne(Frames.Message(id));
        Assert.Equal(expected, message.Type);
        Assert.Equal(id, message.Id);
        Assert.True(message.Payload.IsEmpty);
    }

    [Fact]
    public void Keep_alive_is_a_zero_length_prefix()
    {
        PeerMessage message = ReadOne(Frames.KeepAlive);
        Assert.Equal(PeerMessageType.KeepAlive, message.Type);
    }

    [Theory]
    [InlineData(4, PeerMessageType.Have)]
    [InlineData(0x0D, PeerMessageType.Suggest)]
    [InlineData(0x11, PeerMessageType.AllowedFast)]
    public void Index_messages_decode(byte id, PeerMessageType expected)
    {
        PeerMessage message = ReadOne(Frames.Message(id, Frames.U32(9)));
        Assert.Equal(expected, message.Type);
        Assert.Equal(9, message.PieceIndex);
    }

    [Theory]
    [InlineData(6, PeerMessageType.Request)]
    [InlineData(8, PeerMessageType.Cancel)]
    [InlineData(0x10, PeerMessageType.Reject)]
    public void Block_messages_decode(byte id, PeerMessageType expected)
    {
        PeerMessage message = ReadOne(Frames.Message(id, Frames.U32(3), Frames.U32(32768), Frames.U32(16384)));
        Assert.Equal(expected, message.Type);
        Assert.Equal(new BlockRequest(3, 32768, 16384), message.Block);
    }

    [Fact]
    public void Piece_carries_its_data_without_copying()
    {
        byte[] data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] frame = Frames.Piece(2, 16384, data);
        Assert.True(PeerMessageReader.TryRead(frame, TenPieces, out PeerMessage message, out _));
        Assert.Equal(PeerMessageType.Piece, message.Type);
        Assert.Equal(new BlockRequest(2, 16384, 300), message.Block);
        Assert.Equal(data, message.Payload.ToArray());
        // The payload is a window on the input, not a copy.
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.Payload, out ArraySegment<byte> segment));
        Assert.Same(frame, segment.Array);
        Assert.Equal(13, segment.Offset);
    }

    [Fact]
    public void A_full_16_KiB_block_is_accepted()
    {
        PeerMessage message = ReadOne(Frames.Piece(0, 0, new byte[16384]));
        Assert.Equal(16384, message.Length);
    }

    [Fact]
    public void Bitfield_of_exact_length_decodes()
    {
        // 10 pieces: 2 bytes, the last 6 bits spare.
        PeerMessage message = ReadOne(Frames.Message(5, new byte[] { 0b1010_0000, 0b1100_0000 }));
        Assert.Equal(PeerMessageType.Bitfield, message.Type);
        Assert.Equal(new byte[] { 0b1010_0000, 0b1100_0000 }, message.Payload.ToArray());
    }

    [Fact]
    public void Port_decodes()
    {
        PeerMessage message = ReadOne(Frames.Message(9, Frames.U16(51413)));
        Assert.Equal(PeerMessageType.Port, message.Type);
        Assert.Equal(51413, message.Port);
    }

    [Fact]
    public void Extended_is_passed_through_raw()
    {
        byte[] bencoded = "d1:md11:ut_metadatai3eee"u8.ToArray();
        PeerMessage message = ReadOne(Frames.Message(20, new byte[] { 0 }, bencoded));
        Assert.Equal(PeerMessageType.Extended, message.Type);
        Assert.Equal(0, message.ExtendedId);
        Assert.Equal(bencoded, message.ExtendedPayload.ToArray());
    }

    [Fact]
    public void Unknown_ids_are_skipped_by_their_length()
    {
        byte[] bytes = Frames.Concat(Frames.Message(0x42, new byte[] { 1, 2, 3, 4, 5, 6, 7 }), Frames.Have(7));
        Assert.True(PeerMessageReader.TryRead(bytes, TenPieces, out PeerMessage unknown, out int consumed));
        Assert.Equal(PeerMessageType.Unknown, unknown.Type);
        Assert.Equal(0x42, unknown.Id);
        Assert.Equal(12, consumed);
        Assert.True(PeerMessageReader.TryRead(bytes.AsMemory(consumed), TenPieces, out PeerMessage have, out _));
        Assert.Equal(PeerMessageType.Have, have.Type);
        Assert.Equal(7, have.PieceIndex);
    }

    [Fact]
    public void Every_message_survives_arriving_one_byte_at_a_time()
    {
        byte[] stream = Frames.Concat(
            Frames.KeepAlive,
            Frames.Message(5, new byte[] { 0xFF, 0xC0 }),
            Frames.Message(1),
            Frames.Have(9),
            Frames.Request(1, 0, 16384),
            Frames.Piece(1, 0, Enumerable.Repeat((byte)0xAB, 1000).ToArray()),
            Frames.Message(0x42, new byte[5]),
            Frames.Message(9, Frames.U16(6881)),
            Frames.Message(20, new byte[] { 1, 9, 9 }));

        var types = new List<PeerMessageType>();
        var buffer = new List<byte>();
        foreach (byte b in stream)
        {
            buffer.Add(b);
            while (PeerMessageReader.TryRead(buffer.ToArray(), TenPieces, out PeerMessage message, out int consumed))
            {
                types.Add(message.Type);
                if (message.Type == PeerMessageType.Piece)
                {
                    Assert.All(message.Payload.ToArray(), x => Assert.Equal(0xAB, x));
                }

                buffer.RemoveRange(0, consumed);
            }
        }

        Assert.Empty(buffer);
        Assert.Equal(
            new[]
            {
                PeerMessageType.KeepAlive, PeerMessageType.Bitfield, PeerMessageType.Unchoke, PeerMessageType.Have, PeerMessageType.Request,
                PeerMessageType.Piece, PeerMessageType.Unknown, PeerMessageType.Port, PeerMessageType.Extended,
            },
            types);
    }

    [Fact]
    public void Partial_input_consumes_nothing()
    {
        byte[] frame = Frames.Request(1, 0, 16384);
        for (int length = 0; length < frame.Length; length++)
        {
            Assert.False(PeerMessageReader.TryRead(frame.AsMemory(0, length), TenPieces, out _, out int consumed));
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void An_oversized_length_is_refused_from_the_prefix_alone()
    {
        // Only the 4-byte prefix has arrived: the reader must not wait for (or buffer) 1 MiB.
        PeerProtocolException error = Refuse(Frames.Prefix(1 << 20));
        Assert.Equal(PeerProtocolError.MessageTooLong, error.Error);
        Assert.Contains("1048576", error.Message);
    }

    [Fact]
    public void A_piece_one_byte_over_a_block_is_refused_before_its_data_arrives()
    {
        byte[] head = Frames.Concat(Frames.Prefix(9 + 16385), new byte[] { 7 });
        Assert.Equal(PeerProtocolError.BadBlock, Refuse(head).Error);
    }

    [Fact]
    public void An_empty_piece_is_refused()
    {
        Assert.Equal(PeerProtocolError.BadBlock, Refuse(Frames.Message(7, Frames.U32(0), Frames.U32(0))).Error);
    }

    [Fact]
    public void An_unknown_id_longer_than_a_block_message_is_refused()
    {
        byte[] head = Frames.Concat(Frames.Prefix(PeerMessageLimits.MaxRegularMessageLength + 1), new byte[] { 0x42 });
        Assert.Equal(PeerProtocolError.MessageTooLong, Refuse(head).Error);
    }

    [Fact]
    public void An_extended_message_may_exceed_a_block_only_up_to_its_own_limit()
    {
        byte[] ok = Frames.Message(20, new byte[PeerMessageLimits.DefaultMaxExtendedMessageLength - 1]);
        Assert.Equal(PeerMessageType.Extended, ReadOne(ok).Type);
        byte[] head = Frames.Concat(Frames.Prefix(PeerMessageLimits.DefaultMaxExtendedMessageLength + 1), new byte[] { 20 });
        Assert.Equal(PeerProtocolError.MessageTooLong, Refuse(head).Error);
        Assert.Equal(PeerProtocolError.BadMessageLength, Refuse(Frames.Message(20)).Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(200)]
    public void A_bitfield_of_the_wrong_length_is_refused_before_its_body(int length)
    {
        byte[] head = Frames.Concat(Frames.Prefix((uint)(1 + length)), new byte[] { 5 });
        PeerProtocolException error = Refuse(head);
        Assert.Equal(PeerProtocolError.BadBitfield, error.Error);
        Assert.Contains("2 bytes", error.Message);
    }

    [Fact]
    public void A_bitfield_with_spare_bits_set_is_refused()
    {
        PeerProtocolException error = Refuse(Frames.Message(5, new byte[] { 0xFF, 0xE0 }));
        Assert.Equal(PeerProtocolError.BadBitfield, error.Error);
        Assert.Contains("spare", error.Message);
    }

    [Fact]
    public void Before_the_piece_count_is_known_a_bitfield_is_only_bounded()
    {
        PeerMessageLimits unknown = PeerMessageLimits.ForUnknownTorrent();
        Assert.Equal(PeerMessageType.Bitfield, ReadOne(Frames.Message(5, new byte[] { 0xFF, 0xFF, 0x01 }), unknown).Type);
        byte[] head = Frames.Concat(Frames.Prefix((uint)(2 + Bitfield.GetWireLength(PeerMessageLimits.MaxPieceCount))), new byte[] { 5 });
        Assert.Equal(PeerProtocolError.MessageTooLong, Refuse(head, unknown).Error);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(0x0D)]
    [InlineData(0x10)]
    [InlineData(0x11)]
    public void A_piece_index_at_or_past_the_piece_count_is_refused(byte id)
    {
        byte[] frame = id switch
        {
            4 or 0x0D or 0x11 => Frames.Message(id, Frames.U32(10)),
            7 => Frames.Piece(10, 0, new byte[16]),
            _ => Frames.Message(id, Frames.U32(10), Frames.U32(0), Frames.U32(16384)),
        };
        PeerProtocolException error = Refuse(frame);
        Assert.Equal(PeerProtocolError.BadPieceIndex, error.Error);
        Assert.Contains("piece 10", error.Message);
        // And the last valid index passes.
        Assert.True(PeerMessageReader.TryRead(Frames.Have(9), TenPieces, out _, out _));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(16385u)]
    [InlineData(uint.MaxValue)]
    public void A_request_length_outside_one_to_16_KiB_is_refused(uint length)
    {
        Assert.Equal(PeerProtocolError.BadBlock, Refuse(Frames.Request(0, 0, length)).Error);
    }

    [Fact]
    public void A_negative_offset_is_refused()
    {
        Assert.Equal(PeerProtocolError.BadBlock, Refuse(Frames.Request(0, 0x8000_0000, 16)).Error);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(4, 5)]
    [InlineData(6, 8)]
    [InlineData(9, 4)]
    [InlineData(0x0E, 1)]
    public void A_known_message_with_the_wrong_length_is_refused(byte id, int bodyLength)
    {
        byte[] head = Frames.Concat(Frames.Prefix((uint)(1 + bodyLength)), new byte[] { id });
        Assert.Equal(PeerProtocolError.BadMessageLength, Refuse(head).Error);
    }

    [Fact]
    public void Detach_copies_the_payload()
    {
        byte[] frame = Frames.Piece(0, 0, new byte[] { 1, 2, 3 });
        Assert.True(PeerMessageReader.TryRead(frame, TenPieces, out PeerMessage message, out _));
        PeerMessage kept = message.Detach();
        frame.AsSpan().Clear();
        Assert.Equal(new byte[] { 1, 2, 3 }, kept.Payload.ToArray());
        Assert.Equal(new BlockRequest(0, 0, 3), kept.Block);
    }
}
