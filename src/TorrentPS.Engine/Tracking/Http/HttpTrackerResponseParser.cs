using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using TorrentPS.Bencode;

namespace TorrentPS.Tracking.Http
{
    /// <summary>
    /// Turns the body of an HTTP announce or scrape answer into results. Works on bytes only, so every malformed
    /// answer can be tested without a network. Anything unusable becomes a <see cref="TrackerException"/>.
    /// </summary>
    internal static class HttpTrackerResponseParser
    {
        public static TrackerAnnounceResult ParseAnnounce(ReadOnlyMemory<byte> body, string tracker, InfoHash infoHash, TrackerSettings settings)
        {
            BDictionary response = DecodeDictionary(body, tracker);
            ThrowOnFailureReason(response, tracker);

            TimeSpan interval = ReadSeconds(response, "interval", tracker) ?? settings.DefaultInterval;
            TimeSpan? minInterval = ReadSeconds(response, "min interval", tracker);
            int? seeders = ReadCount(response, "complete", tracker);
            int? leechers = ReadCount(response, "incomplete", tracker);
            string? warning = ReadText(response, "warning message", tracker);
            string? trackerId = ReadText(response, "tracker id", tracker);

            var peers = new List<TrackerPeer>();
            if (response.TryGetValue("peers", out BValue? peersValue))
            {
                peers.AddRange(ReadPeers(peersValue, tracker));
            }

            if (response.TryGetValue("peers6", out BValue? peers6Value))
            {
                if (peers6Value is not BString compact6)
                {
                    throw new TrackerException(tracker, "\"peers6\" is not a byte string.", TrackerFailureKind.Protocol);
                }

                peers.AddRange(CompactPeerFormat.Parse(compact6.Bytes.Span, ipv6: true, tracker, "peers6"));
            }

            return new TrackerAnnounceResult(tracker, infoHash, interval, minInterval, seeders, leechers, peers, warning, trackerId);
        }

        public static IReadOnlyList<TrackerScrapeResult> ParseScrape(ReadOnlyMemory<byte> body, string tracker, IReadOnlyList<InfoHash> infoHashes)
        {
            BDictionary response = DecodeDictionary(body, tracker);
            ThrowOnFailureReason(response, tracker);
            if (!response.TryGetValue("files", out BValue? filesValue) || filesValue is not BDictionary files)
            {
                throw new TrackerException(tracker, "the scrape answer has no \"files\" dictionary.", TrackerFailureKind.Protocol);
            }

            var results = new List<TrackerScrapeResult>(infoHashes.Count);
            foreach (InfoHash infoHash in infoHashes)
            {
                if (!files.TryGetValue(infoHash.ToArray(), out BValue? entryValue))
                {
                    results.Add(TrackerScrapeResult.Failed(tracker, infoHash, "the tracker does not know this torrent."));
                    continue;
                }

                if (entryValue is not BDictionary entry)
                {
                    throw new TrackerException(tracker, $"the scrape entry for {infoHash} is not a dictionary.", TrackerFailureKind.Protocol);
                }

                results.Add(new TrackerScrapeResult(
                    tracker,
                    infoHash,
                    ReadCount(entry, "complete", tracker) ?? 0,
                    ReadCount(entry, "downloaded", tracker) ?? 0,
                    ReadCount(entry, "incomplete", tracker) ?? 0));
            }

            return results;
        }

        private static BDictionary DecodeDictionary(ReadOnlyMemory<byte> body, string tracker)
        {
            if (body.IsEmpty)
            {
                throw new TrackerException(tracker, "the answer is empty.", TrackerFailureKind.Protocol);
            }

            try
            {
                if (body.Span[0] != (byte)'d')
                {
                    throw new BencodeException("the top-level value is not a dictionary", 0);
                }

                var dictionary = (BDictionary)BencodeDecoder.DecodeFirst(body, out int consumed);

                // Some trackers end the body with a newline; anything else after the dictionary is a broken answer.
                foreach (byte b in body.Span.Slice(consumed))
                {
                    if (b != (byte)'\r' && b != (byte)'\n' && b != (byte)' ' && b != (byte)'\t')
                    {
                        throw new BencodeException($"{body.Length - consumed} bytes of trailing data after the value", consumed);
                    }
                }

                return dictionary;
            }
            catch (BencodeException e)
            {
                throw new TrackerException(tracker, $"the answer is not a bencoded dictionary ({e.Message}); it starts with \"{Preview(body.Span)}\".", TrackerFailureKind.Protocol, e);
            }
        }

        private static void ThrowOnFailureReason(BDictionary response, string tracker)
        {
            if (response.TryGetValue("failure reason", out BValue? reason))
            {
                string text = reason is BString s ? s.Text : "(the failure reason is not a string)";
                throw new TrackerException(tracker, $"the tracker refused: {text}", TrackerFailureKind.Refused);
            }
        }

        private static List<TrackerPeer> ReadPeers(BValue value, string tracker)
        {
            if (value is BString compact)
            {
                return CompactPeerFormat.Parse(compact.Bytes.Span, ipv6: false, tracker, "peers");
            }

            if (value is not BList list)
            {
                throw new TrackerException(tracker, "\"peers\" is neither a compact string nor a list.", TrackerFailureKind.Protocol);
            }

            var peers = new List<TrackerPeer>(list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i] is not BDictionary entry)
                {
                    throw new TrackerException(tracker, $"peer {i} in the \"peers\" list is not a dictionary.", TrackerFailureKind.Protocol);
                }

                string? ip = entry.Get<BString>("ip")?.Text;
                long? port = entry.Get<BInteger>("port")?.Value;
                if (ip is null || port is null)
                {
                    throw new TrackerException(tracker, $"peer {i} in the \"peers\" list lacks \"ip\" or \"port\".", TrackerFailureKind.Protocol);
                }

                if (port < 0 || port > 65535)
                {
                    throw new TrackerException(tracker, $"peer {i} in the \"peers\" list has port {port}, outside 0-65535.", TrackerFailureKind.Protocol);
                }

                // BEP 3 allows a DNS name here; resolving names a tracker hands out is not worth the risk, so such peers are skipped.
                if (!IPAddress.TryParse(ip, out IPAddress? address))
                {
                    continue;
                }

                ReadOnlyMemory<byte> peerId = entry.Get<BString>("peer id")?.Bytes ?? ReadOnlyMemory<byte>.Empty;
                peers.Add(new TrackerPeer(address, (int)port.Value, peerId.Span));
            }

            return peers;
        }

        private static TimeSpan? ReadSeconds(BDictionary response, string key, string tracker)
        {
            if (!response.TryGetValue(key, out BValue? value))
            {
                return null;
            }

            if (value is not BInteger seconds)
            {
                throw new TrackerException(tracker, $"\"{key}\" is not an integer.", TrackerFailureKind.Protocol);
            }

            // Zero or negative is meaningless; a week is more than any tracker means.
            if (seconds.Value <= 0)
            {
                return null;
            }

            return TimeSpan.FromSeconds(Math.Min(seconds.Value, 7 * 24 * 3600));
        }

        private static int? ReadCount(BDictionary response, string key, string tracker)
        {
            if (!response.TryGetValue(key, out BValue? value))
            {
                return null;
            }

            if (value is not BInteger count)
            {
                throw new TrackerException(tracker, $"\"{key}\" is not an integer.", TrackerFailureKind.Protocol);
            }

            return count.Value < 0 ? null : (int)Math.Min(count.Value, int.MaxValue);
        }

        private static string? ReadText(BDictionary response, string key, string tracker)
        {
            if (!response.TryGetValue(key, out BValue? value))
            {
                return null;
            }

            if (value is not BString text)
            {
                throw new TrackerException(tracker, $"\"{key}\" is not a string.", TrackerFailureKind.Protocol);
            }

            return text.Text;
        }

        /// <summary>The first bytes of a body as printable text, so an error shows what the tracker actually sent (often HTML).</summary>
        internal static string Preview(ReadOnlySpan<byte> body, int max = 60)
        {
            var builder = new StringBuilder(Math.Min(body.Length, max));
            for (int i = 0; i < body.Length && i < max; i++)
            {
                byte b = body[i];
                builder.Append(b >= 0x20 && b < 0x7F ? (char)b : '.');
            }

            if (body.Length > max)
            {
                builder.Append("...");
            }

            return builder.ToString();
        }
    }
}
