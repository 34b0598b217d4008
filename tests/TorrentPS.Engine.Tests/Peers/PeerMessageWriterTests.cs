using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

public class PeerMessageWriterTests
{
    private static byte[] Write(Func<Span<byte>, int> write)
    {
        var buffer = new byte[64];
        int length = write(buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    [Fact]
    public void Messages_match_the_wire_format_byte_for_byte()
    {
        Assert.Equal(Frames.KeepAlive, Write(PeerMessageWriter.WriteKeepAlive));
        Assert.Equal(Frames.Message(2), Write(b => PeerMessageWriter.WriteSimple(b, PeerMessageType.Interested)));
        Assert.Equal(Frames.Message(0x0E), Write(b => PeerMessageWriter.WriteSimple(b, PeerMessageType.HaveAll)));
        Assert.Equal(Frames.Have(77), Write(b => PeerMessageWriter.WriteHave(b, 77)));
        Assert.Equal(Frames.Message(0x11, Frames.U32(5)), Write(b => PeerMessageWriter.WriteIndexMessage(b, PeerMessageType.AllowedFast, 5)));
        Assert.Equal(Frames.Request(3, 16384, 16384), Write(b => PeerMessageWriter.WriteBlockMessage(b, PeerMessageType.Request, new BlockRequest(3, 16384, 16384))));
        Assert.Equal(Frames.Message(8, Frames.U32(3), Frames.U32(0), Frames.U32(100)), Write(b => PeerMessageWriter.WriteBlockMessage(b, PeerMessageType.Cancel, new BlockRequest(3, 0, 100))));
        Assert.Equal(Frames.Message(9, Frames.U16(6881)), Write(b => PeerMessageWriter.WritePort(b, 6881)));
    }

    [Fact]
    public void A_piece_header_announces_the_data_that_follows_it()
    {
        byte[] data = { 9, 8, 7 };
        byte[] header = Write(b => PeerMessageWriter.WritePieceHeader(b, 4, 32768, data.Length));
        Assert.Equal(PeerMessageWriter.PieceHeaderLength, header.Length);
        Assert.Equal(Frames.Piece(4, 32768, data), header.Concat(data).ToArray());
    }

    [Fact]
    public void A_bitfield_is_its_wire_form_after_the_header()
    {
        var bitfield = new Bitfield(10);
        bitfield.Set(0);
        bitfield.Set(9);
        Assert.Equal(Frames.Message(5, new byte[] { 0x80, 0x40 }), Write(b => PeerMessageWriter.WriteBitfield(b, bitfield)));
        Assert.Equal(7, PeerMessageWriter.GetBitfieldLength(bitfield));
    }

    [Fact]
    public void An_extended_header_carries_the_extended_id()
    {
        byte[] payload = "d1:pi6881ee"u8.ToArray();
        byte[] header = Write(b => PeerMessageWriter.WriteExtendedHeader(b, 3, payload.Length));
        Assert.Equal(Frames.Message(20, new byte[] { 3 }, payload), header.Concat(payload).ToArray());
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        var limits = PeerMessageLimits.ForTorrent(100);
        byte[] frame = Write(b => PeerMessageWriter.WriteBlockMessage(b, PeerMessageType.Reject, new BlockRequest(99, 1, 2)));
        Assert.True(PeerMessageReader.TryRead(frame, limits, out PeerMessage message, out _));
        Assert.Equal(PeerMessageType.Reject, message.Type);
        Assert.Equal(new BlockRequest(99, 1, 2), message.Block);
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Write(b => PeerMessageWriter.WriteSimple(b, PeerMessageType.Have)));
        Assert.Throws<ArgumentException>(() => Write(b => PeerMessageWriter.WriteIndexMessage(b, PeerMessageType.Request, 1)));
        Assert.Throws<ArgumentException>(() => Write(b => PeerMessageWriter.WriteBlockMessage(b, PeerMessageType.Piece, new BlockRequest(0, 0, 1))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(b => PeerMessageWriter.WriteBlockMessage(b, PeerMessageType.Request, new BlockRequest(0, 0, 16385))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(b => PeerMessageWriter.WriteBlockMessage(b, PeerMessageType.Request, new BlockRequest(0, 0, 0))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(b => PeerMessageWriter.WriteHave(b, -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(b => PeerMessageWriter.WritePort(b, 70000)));
    }
}
