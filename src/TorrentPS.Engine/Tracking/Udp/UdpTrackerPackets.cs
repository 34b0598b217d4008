using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace TorrentPS.Tracking.Udp
{
    /// <summary>
    /// Builds BEP 15 requests and parses replies, on byte spans only. Parsing assumes the caller has checked the
    /// action and transaction id (see <see cref="ReadHeader"/>) and validates every length before reading.
    /// </summary>
    internal static class UdpTrackerPackets
    {
        public const long ProtocolId = 0x41727101980;
        public const int ConnectRequestSize = 16;
        public const int ConnectReplySize = 16;
        public const int AnnounceRequestSize = 98;
        public const int AnnounceReplyHeaderSize = 20;
        public const int ScrapeReplyEntrySize = 12;
        public const int HeaderSize = 8;

        /// <summary>BEP 15 caps a scrape at about 74 hashes so the reply fits a datagram.</summary>
        public const int MaxScrapeHashes = 74;

        public static byte[] BuildConnect(int transactionId)
        {
            byte[] packet = new byte[ConnectRequestSize];
            BinaryPrimitives.WriteInt64BigEndian(packet, ProtocolId);
            BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(8), (int)UdpTrackerAction.Connect);
            BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(12), transactionId);
            return packet;
        }

        public static byte[] BuildAnnounce(long connectionId, int transactionId, AnnounceRequest request)
        {
            byte[] packet = new byte[AnnounceRequestSize];
            Span<byte> p = packet;
            BinaryPrimitives.WriteInt64BigEndian(p, connectionId);
            BinaryPrimitives.WriteInt32BigEndian(p.Slice(8), (int)UdpTrackerAction.Announce);
            BinaryPrimitives.WriteInt32BigEndian(p.Slice(12), transactionId);
            request.InfoHash.CopyTo(p.Slice(16, 20));
            request.PeerId.Span.CopyTo(p.Slice(36, 20));
            BinaryPrimitives.WriteInt64BigEndian(p.Slice(56), request.Downloaded);
            BinaryPrimitives.WriteInt64BigEndian(p.Slice(64), request.Left);
            BinaryPrimitives.WriteInt64BigEndian(p.Slice(72), request.Uploaded);
            BinaryPrimitives.WriteInt32BigEndian(p.Slice(80), (int)request.Event);
            BinaryPrimitives.WriteUInt32BigEndian(p.Slice(84), 0); // IP address: 0 = the sender's
            BinaryPrimitives.WriteUInt32BigEndian(p.Slice(88), request.Key);
            BinaryPrimitives.WriteInt32BigEndian(p.Slice(92), request.NumWant < 0 ? -1 : request.NumWant);
            BinaryPrimitives.WriteUInt16BigEndian(p.Slice(96), (ushort)request.Port);
            return packet;
        }

        public static byte[] BuildScrape(long connectionId, int transactionId, IReadOnlyList<InfoHash> infoHashes)
        {
            if (infoHashes.Count == 0 || infoHashes.Count > MaxScrapeHashes)
            {
                throw new ArgumentException($"A UDP scrape carries 1 to {MaxScrapeHashes} info-hashes, not {infoHashes.Count}.", nameof(infoHashes));
            }

            byte[] packet = new byte[16 + (20 * infoHashes.Count)];
            Span<byte> p = packet;
            BinaryPrimitives.WriteInt64BigEndian(p, connectionId);
            BinaryPrimitives.WriteInt32BigEndian(p.Slice(8), (int)UdpTrackerAction.Scrape);
            BinaryPrimitives.WriteInt32BigEndian(p.Slice(12), transactionId);
            for (int i = 0; i < infoHashes.Count; i++)
            {
                infoHashes[i].CopyTo(p.Slice(16 + (20 * i), 20));
            }

            return packet;
        }

        /// <summary>Reads action and transaction id; false when the packet is too short to have them.</summary>
        public static bool ReadHeader(ReadOnlySpan<byte> packet, out int action, out int transactionId)
        {
            if (packet.Length < HeaderSize)
            {
                action = transactionId = 0;
                return false;
            }

            action = BinaryPrimitives.ReadInt32BigEndian(packet);
            transactionId = BinaryPrimitives.ReadInt32BigEndian(packet.Slice(4));
            return true;
        }

        public static long ParseConnect(ReadOnlySpan<byte> packet, string tracker)
        {
            if (packet.Length < ConnectReplySize)
            {
                throw new TrackerException(tracker, $"the UDP connect reply is {packet.Length} bytes, expected {ConnectReplySize}.", TrackerFailureKind.Protocol);
            }

            return BinaryPrimitives.ReadInt64BigEndian(packet.Slice(8));
        }

        public static TrackerAnnounceResult ParseAnnounce(ReadOnlySpan<byte> packet, bool ipv6, string tracker, InfoHash infoHash, TrackerSettings settings)
        {
            if (packet.Length == HeaderSize)
            {
                throw new TrackerException(tracker, "the UDP announce reply is empty (8 bytes); trackers such as opentracker answer so for a torrent they do not serve.", TrackerFailureKind.Protocol);
            }

            if (packet.Length < AnnounceReplyHeaderSize)
            {
                throw new TrackerException(tracker, $"the UDP announce reply is {packet.Length} bytes, expected at least {AnnounceReplyHeaderSize}.", TrackerFailureKind.Protocol);
            }

            int interval = BinaryPrimitives.ReadInt32BigEndian(packet.Slice(8));
            int leechers = BinaryPrimitives.ReadInt32BigEndian(packet.Slice(12));
            int seeders = BinaryPrimitives.ReadInt32BigEndian(packet.Slice(16));
            List<TrackerPeer> peers = CompactPeerFormat.Parse(packet.Slice(AnnounceReplyHeaderSize), ipv6, tracker, "peers");
            return new TrackerAnnounceResult(
                tracker,
                infoHash,
                interval > 0 ? TimeSpan.FromSeconds(Math.Min(interval, 7 * 24 * 3600)) : settings.DefaultInterval,
                null,
                seeders < 0 ? null : seeders,
                leechers < 0 ? null : leechers,
                peers);
        }

        public static IReadOnlyList<TrackerScrapeResult> ParseScrape(ReadOnlySpan<byte> packet, string tracker, IReadOnlyList<InfoHash> infoHashes)
        {
            int expected = HeaderSize + (ScrapeReplyEntrySize * infoHashes.Count);
            if (packet.Length < expected)
            {
                throw new TrackerException(tracker, $"the UDP scrape reply is {packet.Length} bytes, expected {expected} for {infoHashes.Count} info-hashes.", TrackerFailureKind.Protocol);
            }

            var results = new List<TrackerScrapeResult>(infoHashes.Count);
            for (int i = 0; i < infoHashes.Count; i++)
            {
                ReadOnlySpan<byte> entry = packet.Slice(HeaderSize + (ScrapeReplyEntrySize * i), ScrapeReplyEntrySize);
                results.Add(new TrackerScrapeResult(
                    tracker,
                    infoHashes[i],
                    Math.Max(0, BinaryPrimitives.ReadInt32BigEndian(entry)),
                    Math.Max(0, BinaryPrimitives.ReadInt32BigEndian(entry.Slice(4))),
                    Math.Max(0, BinaryPrimitives.ReadInt32BigEndian(entry.Slice(8)))));
            }

            return results;
        }

        /// <summary>The text of an error packet (action 3), which follows the header.</summary>
        public static string ParseError(ReadOnlySpan<byte> packet)
        {
            string text = Encoding.UTF8.GetString(packet.Slice(HeaderSize).ToArray()).TrimEnd('\0');
            return text.Length == 0 ? "(no message)" : text;
        }
    }
}
