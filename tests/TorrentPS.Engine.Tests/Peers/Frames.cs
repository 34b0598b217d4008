using System.Buffers.Binary;

namespace TorrentPS.Engine.Tests.Peers;

/// <summary>Peer wire bytes built by hand, independently of PeerMessageWriter, so tests check the codec against the spec.</summary>
internal static class Frames
{
    public static byte[] Message(byte id, params byte[][] parts)
    {
        int length = 1 + parts.Sum(p => p.Length);
        var frame = new byte[4 + length];
        BinaryPrimitives.WriteInt32BigEndian(frame, length);
        frame[4] = id;
        int offset = 5;
        foreach (byte[] part in parts)
        {
            part.CopyTo(frame, offset);
            offset += part.Length;
        }

        return frame;
    }

    public static byte[] Prefix(uint length) => U32(length);

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] KeepAlive => new byte[4];

    public static byte[] Have(uint index) => Message(4, U32(index));

    public static byte[] Request(uint index, uint begin, uint length) => Message(6, U32(index), U32(begin), U32(length));

    public static byte[] Piece(uint index, uint begin, byte[] data) => Message(7, U32(index), U32(begin), data);

    public static byte[] Concat(params byte[][] frames) => frames.SelectMany(f => f).ToArray();

    /// <summary>A 68-byte handshake with the given protocol string, reserved bytes, info-hash and peer id.</summary>
    public static byte[] Handshake(InfoHash infoHash, byte[] peerId, byte[]? reserved = null, string protocol = "BitTorrent protocol")
    {
        var bytes = new List<byte> { (byte)protocol.Length };
        bytes.AddRange(protocol.Select(c => (byte)c));
        bytes.AddRange(reserved ?? new byte[8]);
        bytes.AddRange(infoHash.ToArray());
        bytes.AddRange(peerId);
        return bytes.ToArray();
    }

    public static byte[] PeerId(string prefix)
    {
        byte[] id = new byte[20];
        Random.Shared.NextBytes(id);
        for (int i = 0; i < id.Length; i++)
        {
            id[i] = (byte)('a' + (id[i] % 26));
        }

        System.Text.Encoding.ASCII.GetBytes(prefix).CopyTo(id, 0);
        return id;
    }

    public static InfoHash RandomInfoHash()
    {
        byte[] bytes = new byte[20];
        Random.Shared.NextBytes(bytes);
        return new InfoHash(bytes);
    }
}
