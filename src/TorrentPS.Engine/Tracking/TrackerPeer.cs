using System;
using System.Net;
using System.Net.Sockets;
using TorrentPS.Tracking;

namespace TorrentPS
{
    /// <summary>A peer a tracker told us about.</summary>
    public sealed class TrackerPeer : IEquatable<TrackerPeer>
    {
        private readonly byte[]? _peerId;

        public TrackerPeer(IPAddress address, int port, ReadOnlySpan<byte> peerId = default)
        {
            if (port < 0 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "A port is between 0 and 65535.");
            }

            Address = address ?? throw new ArgumentNullException(nameof(address));
            Port = port;
            _peerId = peerId.IsEmpty ? null : peerId.ToArray();
        }

        public IPAddress Address { get; }

        public int Port { get; }

        /// <summary>The peer's id when the tracker sent one (only the dictionary form carries it).</summary>
        public string? PeerId => _peerId is null ? null : PeerIdGenerator.Format(_peerId);

        public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

        public IPEndPoint ToEndPoint() => new IPEndPoint(Address, Port);

        internal byte[]? PeerIdBytes => _peerId;

        public bool Equals(TrackerPeer? other) => other is not null && Port == other.Port && Address.Equals(other.Address);

        public override bool Equals(object? obj) => Equals(obj as TrackerPeer);

        public override int GetHashCode() => Address.GetHashCode() ^ (Port * 397);

        /// <summary>"address:port", with IPv6 addresses in brackets.</summary>
        public override string ToString() => EndPointText.Format(Address.ToString(), Port);
    }
}
