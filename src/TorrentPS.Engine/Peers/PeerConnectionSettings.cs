using System;

namespace TorrentPS.Peers
{
    /// <summary>Timeouts and limits of one peer connection. Every time is a setting so tests can shrink them.</summary>
    public sealed class PeerConnectionSettings
    {
        public static PeerConnectionSettings Default { get; } = new PeerConnectionSettings();

        /// <summary>How long an outgoing TCP connect may take.</summary>
        public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>How long the peer has to complete its handshake once the socket is connected.</summary>
        public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(20);

        /// <summary>A peer that sends nothing at all (not even a keep-alive) for this long is dropped.</summary>
        public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

        /// <summary>After this long without sending anything we send a keep-alive (BEP 3 says two minutes).</summary>
        public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// Blocks a peer may send that we never requested before it is dropped. Each one is already discarded
        /// unread; the limit stops a peer from wasting our bandwidth on purpose.
        /// </summary>
        public int MaxUnrequestedBlocks { get; init; } = 32;

        /// <summary>
        /// The extensions we advertise in our handshake. The Fast extension's messages are decoded here, so it is on;
        /// so is the extension protocol (BEP 10), whose handshake tells a peer how many requests we take at once.
        /// </summary>
        public ReservedBits LocalReserved { get; init; } = ReservedBits.None.WithFast().WithExtensionProtocol();

        public int MaxExtendedMessageLength { get; init; } = PeerMessageLimits.DefaultMaxExtendedMessageLength;

        internal void Validate()
        {
            CheckPositive(ConnectTimeout, nameof(ConnectTimeout));
            CheckPositive(HandshakeTimeout, nameof(HandshakeTimeout));
            CheckPositive(IdleTimeout, nameof(IdleTimeout));
            CheckPositive(KeepAliveInterval, nameof(KeepAliveInterval));
            if (MaxUnrequestedBlocks < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxUnrequestedBlocks), MaxUnrequestedBlocks, "The limit is not negative.");
            }
        }

        private static void CheckPositive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "A timeout is positive.");
            }
        }
    }
}
