using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;

namespace TorrentPS.Tracking
{
    /// <summary>
    /// The compact peer lists of BEP 23 (6 bytes: IPv4 then port) and BEP 7 (18 bytes: IPv6 then port),
    /// both big-endian, used by HTTP "peers"/"peers6" and by UDP announce replies.
    /// </summary>
    internal static class CompactPeerFormat
    {
        public const int IPv4EntrySize = 6;
        public const int IPv6EntrySize = 18;

        public static List<TrackerPeer> Parse(ReadOnlySpan<byte> data, bool ipv6, string tracker, string field)
        {
            int size = ipv6 ? IPv6EntrySize : IPv4EntrySize;
            if (data.Length % size != 0)
            {
                throw new TrackerException(tracker, $"the compact \"{field}\" list is {data.Length} bytes, not a multiple of {size}.", TrackerFailureKind.Protocol);
            }

            var peers = new List<TrackerPeer>(data.Length / size);
            for (int offset = 0; offset < data.Length; offset += size)
            {
                ReadOnlySpan<byte> entry = data.Slice(offset, size);
                var address = new IPAddress(entry.Slice(0, size - 2).ToArray());
                int port = BinaryPrimitives.ReadUInt16BigEndian(entry.Slice(size - 2));
                peers.Add(new TrackerPeer(address, port));
            }

            return peers;
        }

        /// <summary>Writes peers of one family in compact form (used by tests and by anything that serves peers).</summary>
        public static byte[] Write(IEnumerable<TrackerPeer> peers, bool ipv6)
        {
            var bytes = new List<byte>();
            Span<byte> port = stackalloc byte[2];
            foreach (TrackerPeer peer in peers)
            {
                if (peer.IsIPv6 != ipv6)
                {
                    throw new ArgumentException($"Peer {peer} is not {(ipv6 ? "IPv6" : "IPv4")}.", nameof(peers));
                }

                bytes.AddRange(peer.Address.GetAddressBytes());
                BinaryPrimitives.WriteUInt16BigEndian(port, (ushort)peer.Port);
                bytes.Add(port[0]);
                bytes.Add(port[1]);
            }

            return bytes.ToArray();
        }
    }
}
