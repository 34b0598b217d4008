using System;
using System.Globalization;

namespace TorrentPS
{
    /// <summary>
    /// A peer of a torrent as Get-TorrentPeer reports it: where it is, where we heard of it and, once probed,
    /// whether it answered, how fast it shook hands, which client it runs and how much of the torrent it has.
    /// One type for listed and probed peers alike, so tables line up and pipelines need no type checks; the probe
    /// fields are null until a probe filled them (<see cref="IsProbed"/>).
    /// </summary>
    public sealed class TorrentPeer
    {
        internal TorrentPeer(
            InfoHash infoHash,
            string address,
            int port,
            string source,
            string? tracker,
            string? peerId,
            string? client,
            PeerProbeResult? probe)
        {
            InfoHash = infoHash;
            Address = address ?? throw new ArgumentNullException(nameof(address));
            Port = port;
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Tracker = tracker;
            // A handshake's id is what the peer says now; a tracker's may be stale, so the probe's wins.
            PeerId = probe?.PeerId ?? peerId;
            Client = probe?.PeerId is not null ? probe.Client : client;
            IsProbed = probe is not null;
            Reachable = probe?.Reachable;
            HandshakeTime = probe?.HandshakeTime;
            PiecesHave = probe?.PiecesHave;
            PercentComplete = probe?.PercentComplete;
            Error = probe?.Error;
        }

        /// <summary>The torrent this is a peer of.</summary>
        public InfoHash InfoHash { get; }

        /// <summary>The IP address (IPv6 without brackets) or the host name as given.</summary>
        public string Address { get; }

        public int Port { get; }

        /// <summary>"address:port", IPv6 addresses in brackets: the form -Peer and --peer take.</summary>
        public string EndPoint => EndPointText.Format(Address, Port);

        /// <summary>Where we first heard of it: "manual", "magnet" or "tracker".</summary>
        public string Source { get; }

        /// <summary>The first tracker that named it; null for peers from elsewhere.</summary>
        public string? Tracker { get; }

        /// <summary>Its peer id, printable (other bytes as %XX): from the handshake when probed, else from the tracker if it sent one.</summary>
        public string? PeerId { get; }

        /// <summary>The client its peer id names (Azureus, Shadow, Mainline and aria2 styles), e.g. "Transmission 3.00"; null when unknown.</summary>
        public string? Client { get; }

        /// <summary>True when a probe connected (or tried to); the fields below are null otherwise.</summary>
        public bool IsProbed { get; }

        /// <summary>A TCP connection was made; null when not probed.</summary>
        public bool? Reachable { get; }

        /// <summary>From starting the connect to the peer's whole handshake; null without one.</summary>
        public TimeSpan? HandshakeTime { get; }

        /// <summary>Pieces the peer said it has; null when not probed or it said nothing in time.</summary>
        public int? PiecesHave { get; }

        /// <summary>PiecesHave as a percentage of the torrent's pieces (0 to 100).</summary>
        public double? PercentComplete { get; }

        /// <summary>Why the probe fell short (refused, timed out, bad handshake); null otherwise.</summary>
        public string? Error { get; }

        public bool HandshakeSucceeded => HandshakeTime.HasValue;

        /// <summary>"1.2.3.4:6881 (tracker)", then what a probe found: "reachable, Transmission 3.00, has 42%" or the error.</summary>
        public override string ToString()
        {
            string where = $"{EndPoint} ({Source})";
            if (!IsProbed)
            {
                return Client is null ? where : $"{where}: {Client}";
            }

            if (!HandshakeSucceeded)
            {
                return $"{where}: {Error ?? "no handshake"}";
            }

            string have = PercentComplete is double percent
                ? string.Format(CultureInfo.InvariantCulture, "has {0:0.#}%", percent)
                : "pieces unknown";
            return $"{where}: {Client ?? PeerId}, {have}";
        }
    }
}
