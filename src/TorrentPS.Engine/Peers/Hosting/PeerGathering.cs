using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace TorrentPS.Peers.Hosting
{
    /// <summary>
    /// Puts a torrent's peers from every source into one list: the user's first, then the magnet link's x.pe,
    /// then the trackers' answers in the order they came. A peer named twice (same address and port, however
    /// written) is listed once, under the first source that named it. Pure: no network, so it is unit-tested.
    /// </summary>
    public static class PeerGathering
    {
        public static IReadOnlyList<TorrentPeer> Gather(
            InfoHash infoHash,
            IEnumerable<PeerProbeTarget>? manual,
            MagnetLink? magnet,
            IEnumerable<TrackerAnnounceResult>? announces)
        {
            var peers = new List<TorrentPeer>();
            var seen = new HashSet<string>(StringComparer.Ordinal);

            foreach (PeerProbeTarget target in manual ?? Array.Empty<PeerProbeTarget>())
            {
                Add(peers, seen, new TorrentPeer(infoHash, Canonical(target.Host), target.Port, PeerSources.Manual, null, null, null, null));
            }

            foreach (string text in magnet?.Peers ?? (IReadOnlyList<string>)Array.Empty<string>())
            {
                // MagnetLink.Parse already refused x.pe values that are not host:port.
                PeerProbeTarget target = PeerProbeTarget.Parse(text, PeerSources.Magnet);
                Add(peers, seen, new TorrentPeer(infoHash, Canonical(target.Host), target.Port, PeerSources.Magnet, null, null, null, null));
            }

            foreach (TrackerAnnounceResult announce in announces ?? Array.Empty<TrackerAnnounceResult>())
            {
                if (!announce.IsSuccess)
                {
                    continue;
                }

                foreach (TrackerPeer peer in announce.Peers)
                {
                    if (peer.Port == 0)
                    {
                        // A tracker's placeholder, not a peer anyone can connect to.
                        continue;
                    }

                    byte[]? id = peer.PeerIdBytes;
                    Add(peers, seen, new TorrentPeer(
                        infoHash,
                        Canonical(peer.Address),
                        peer.Port,
                        PeerSources.Tracker,
                        announce.Tracker,
                        peer.PeerId,
                        id is null ? null : PeerIdDecoder.Decode(id),
                        null));
                }
            }

            return peers;
        }

        /// <summary>What to hand <see cref="PeerProbe"/> for <paramref name="peers"/>, in the same order.</summary>
        public static IReadOnlyList<PeerProbeTarget> ToProbeTargets(IReadOnlyList<TorrentPeer> peers)
        {
            if (peers is null)
            {
                throw new ArgumentNullException(nameof(peers));
            }

            var targets = new PeerProbeTarget[peers.Count];
            for (int i = 0; i < peers.Count; i++)
            {
                targets[i] = new PeerProbeTarget(peers[i].Address, peers[i].Port, peers[i].Source);
            }

            return targets;
        }

        /// <summary>The peers again with what probing each found; <paramref name="results"/> are in the peers' order.</summary>
        public static IReadOnlyList<TorrentPeer> WithProbeResults(IReadOnlyList<TorrentPeer> peers, IReadOnlyList<PeerProbeResult> results)
        {
            if (peers is null)
            {
                throw new ArgumentNullException(nameof(peers));
            }

            if (results is null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            if (results.Count != peers.Count)
            {
                throw new ArgumentException($"{results.Count} probe results for {peers.Count} peers.", nameof(results));
            }

            var probed = new TorrentPeer[peers.Count];
            for (int i = 0; i < peers.Count; i++)
            {
                TorrentPeer peer = peers[i];
                PeerProbeResult result = results[i];
                if (result.Port != peer.Port || !string.Equals(Canonical(result.Address), peer.Address, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Probe result {i} is for {result.EndPoint}, not {peer.EndPoint}.", nameof(results));
                }

                probed[i] = new TorrentPeer(peer.InfoHash, peer.Address, peer.Port, peer.Source, peer.Tracker, peer.PeerId, peer.Client, result);
            }

            return probed;
        }

        private static void Add(List<TorrentPeer> peers, HashSet<string> seen, TorrentPeer peer)
        {
            if (seen.Add(peer.EndPoint))
            {
                peers.Add(peer);
            }
        }

        /// <summary>
        /// One spelling per address: IPv4-mapped IPv6 as plain IPv4, IPv6 compressed and lower case, host names
        /// lower case. Trackers and users write the same peer differently; the list should not show it twice.
        /// </summary>
        internal static string Canonical(string host)
        {
            string trimmed = host.Trim();
            if (trimmed.StartsWith("[", StringComparison.Ordinal) && trimmed.EndsWith("]", StringComparison.Ordinal))
            {
                trimmed = trimmed.Substring(1, trimmed.Length - 2);
            }

            return IPAddress.TryParse(trimmed, out IPAddress? address) ? Canonical(address) : trimmed.ToLowerInvariant();
        }

        private static string Canonical(IPAddress address)
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            return address.ToString();
        }
    }
}
