using System.Buffers.Binary;

namespace TorrentPS.Engine.Tests.Tracking.Doubles;

/// <summary>Hand-made BEP 15 packets, written here independently of the engine's codec so tests check it against the spec.</summary>
public static class UdpPackets
{
    public static int Action(byte[] request) => BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(8));

    public static int TransactionId(byte[] request) => BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(12));

    public static long ConnectionId(byte[] request) => BinaryPrimitives.ReadInt64BigEndian(request);

    public static byte[] ConnectReply(int transactionId, long connectionId)
    {
        var p = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(p, 0);
        BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(4), transactionId);
        BinaryPrimitives.WriteInt64BigEndian(p.AsSpan(8), connectionId);
        return p;
    }

    public static byte[] AnnounceReply(int transactionId, int interval, int leechers, int seeders, byte[] compactPeers)
    {
        var p = new byte[20 + compactPeers.Length];
        BinaryPrimitives.WriteInt32BigEndian(p, 1);
        BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(4), transactionId);
        BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(8), interval);
        BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(12), leechers);
        BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(16), seeders);
        compactPeers.CopyTo(p, 20);
        return p;
    }

    public static byte[] ScrapeReply(int transactionId, params (int Seeders, int Completed, int Leechers)[] entries)
    {
        var p = new byte[8 + (12 * entries.Length)];
        BinaryPrimitives.WriteInt32BigEndian(p, 2);
        BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(4), transactionId);
        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(8 + (12 * i)), entries[i].Seeders);
            BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(12 + (12 * i)), entries[i].Completed);
            BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(16 + (12 * i)), entries[i].Leechers);
        }

        return p;
    }

    public static byte[] ErrorReply(int transactionId, string message)
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes(message);
        var p = new byte[8 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(p, 3);
        BinaryPrimitives.WriteInt32BigEndian(p.AsSpan(4), transactionId);
        text.CopyTo(p, 8);
        return p;
    }

    /// <summary>A compact peer entry: address bytes then big-endian port.</summary>
    public static byte[] Peer(string address, int port)
    {
        byte[] ip = System.Net.IPAddress.Parse(address).GetAddressBytes();
        var p = new byte[ip.Length + 2];
        ip.CopyTo(p, 0);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(ip.Length), (ushort)port);
        return p;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
