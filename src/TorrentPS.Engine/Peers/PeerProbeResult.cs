using System;
using System.Globalization;

namespace TorrentPS
{
    /// <summary>What probing one peer found: reachability, handshake, client and how much of the torrent it has.</summary>
    public sealed class PeerProbeResult
    {
        public PeerProbeResult(
            string address,
            int port,
            string source,
            bool reachable,
            TimeSpan? handshakeTime,
            string? peerId,
            string? client,
            int? piecesHave,
            double? percentComplete,
            string? error)
        {
            Address = address ?? throw new ArgumentNullException(nameof(address));
            Port = port;
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Reachable = reachable;
            HandshakeTime = handshakeTime;
            PeerId = peerId;
            Client = client;
            PiecesHave = piecesHave;
            PercentComplete = percentComplete;
            Error = error;
        }

        public string Address { get; }

        public int Port { get; }

        /// <summary>Where the peer came from: "tracker", "manual", ...</summary>
        public string Source { get; }

        /// <summary>True when a TCP connection was made (whether or not the handshake then succeeded).</summary>
        public bool Reachable { get; }

        /// <summary>From starting the connect to receiving the peer's whole handshake; null when there was none.</summary>
        public TimeSpan? HandshakeTime { get; }

        /// <summary>The peer id in printable form (non-printable bytes as %XX); null without a handshake.</summary>
        public string? PeerId { get; }

        /// <summary>The client the peer id names, e.g. "libtorrent-rasterbar 2.0.8.0"; null when unknown.</summary>
        public string? Client { get; }

        /// <summary>
        /// Pieces the peer announced (bitfield, have all/none, haves); null when it said nothing in time, or when the
        /// torrent's piece count is unknown (a magnet link), so its availability could not be asked.
        /// </summary>
        public int? PiecesHave { get; }

        /// <summary>PiecesHave as a percentage of the torrent's pieces (0..100); null when PiecesHave is.</summary>
        public double? PercentComplete { get; }

        /// <summary>Why the probe fell short (connect refused, timed out, bad handshake); null on success.</summary>
        public string? Error { get; }

        public bool HandshakeSucceeded => HandshakeTime.HasValue;

        /// <summary>"address:port" with IPv6 addresses in brackets.</summary>
        public string EndPoint => EndPointText.Format(Address, Port);

        public override string ToString()
        {
            if (Error is not null && !HandshakeSucceeded)
            {
                return $"{EndPoint} ({Source}): {Error}";
            }

            string have = PercentComplete is double percent
                ? string.Format(CultureInfo.InvariantCulture, "{0:0.#}%", percent)
                : "unknown";
            return $"{EndPoint} ({Source}): {Client ?? PeerId}, has {have}";
        }
    }
}
