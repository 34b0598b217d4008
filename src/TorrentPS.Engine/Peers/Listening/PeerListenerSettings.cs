using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace TorrentPS.Peers.Listening
{
    /// <summary>Where the listener binds and how many strangers it entertains at once. Every limit is a setting so tests can shrink them.</summary>
    public sealed class PeerListenerSettings
    {
        public static PeerListenerSettings Default { get; } = new PeerListenerSettings();

        /// <summary>The TCP port; 0 lets the system pick one (see <see cref="PeerListener.Port"/>). Every address binds the same port.</summary>
        public int Port { get; init; } = 6881;

        /// <summary>
        /// The addresses to listen on, one socket each: by default every IPv4 and every IPv6 address (the IPv6
        /// socket is IPv6-only, so both share the port). IPv6 addresses are skipped where the system has no IPv6.
        /// </summary>
        public IReadOnlyList<IPAddress> BindAddresses { get; init; } = new[] { IPAddress.Any, IPAddress.IPv6Any };

        /// <summary>Connections still in their handshake, in all: more are refused at once (a connection flood).</summary>
        public int MaxPendingHandshakes { get; init; } = 32;

        /// <summary>Connections still in their handshake from one address.</summary>
        public int MaxPendingHandshakesPerAddress { get; init; } = 4;

        /// <summary>Connections from one address, in handshake or handed over and still open.</summary>
        public int MaxConnectionsPerAddress { get; init; } = 8;

        /// <summary>Incoming connections in all, in handshake or handed over and still open.</summary>
        public int MaxConnections { get; init; } = 500;

        /// <summary>The listen queue of each socket.</summary>
        public int Backlog { get; init; } = 64;

        /// <summary>Handshake timeout and the rest of each accepted connection's settings.</summary>
        public PeerConnectionSettings PeerSettings { get; init; } = PeerConnectionSettings.Default;

        /// <summary>Refusals and failures, worth showing as verbose output.</summary>
        public Action<string>? Log { get; init; }

        internal void Validate()
        {
            if (Port < 0 || Port > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(Port), Port, "A port is 0 (any) to 65535.");
            }

            if (BindAddresses is null || BindAddresses.Count == 0 || BindAddresses.Any(a => a is null))
            {
                throw new ArgumentException("The listener needs at least one address to bind, and no null ones.", nameof(BindAddresses));
            }

            AtLeastOne(MaxPendingHandshakes, nameof(MaxPendingHandshakes));
            AtLeastOne(MaxPendingHandshakesPerAddress, nameof(MaxPendingHandshakesPerAddress));
            AtLeastOne(MaxConnectionsPerAddress, nameof(MaxConnectionsPerAddress));
            AtLeastOne(MaxConnections, nameof(MaxConnections));
            AtLeastOne(Backlog, nameof(Backlog));
            if (PeerSettings is null)
            {
                throw new ArgumentNullException(nameof(PeerSettings));
            }

            PeerSettings.Validate();
        }

        private static void AtLeastOne(int value, string name)
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(name, value, "The limit is at least 1.");
            }
        }
    }
}
