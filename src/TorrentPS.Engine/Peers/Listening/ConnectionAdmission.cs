using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace TorrentPS.Peers.Listening
{
    /// <summary>
    /// Counts incoming connections per address and in all, in handshake and open, and says whether one more
    /// may come in. An IPv4 peer reaching an IPv6 socket (::ffff:a.b.c.d) counts as its IPv4 address. Thread-safe.
    /// </summary>
    internal sealed class ConnectionAdmission
    {
        private readonly object _gate = new object();
        private readonly PeerListenerSettings _settings;
        private readonly Dictionary<IPAddress, Counts> _byAddress = new Dictionary<IPAddress, Counts>();
        private int _pending;
        private int _open;

        public ConnectionAdmission(PeerListenerSettings settings) => _settings = settings;

        public int Pending
        {
            get
            {
                lock (_gate)
                {
                    return _pending;
                }
            }
        }

        public int Open
        {
            get
            {
                lock (_gate)
                {
                    return _open;
                }
            }
        }

        public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

        /// <summary>Admits a new connection into its handshake, or says why not.</summary>
        public bool TryAdmit(IPAddress address, out string? refusal)
        {
            CultureInfo c = CultureInfo.InvariantCulture;
            lock (_gate)
            {
                _byAddress.TryGetValue(address, out Counts counts);
                refusal =
                    _pending >= _settings.MaxPendingHandshakes ? string.Format(c, "{0} handshakes are already pending", _pending)
                    : _pending + _open >= _settings.MaxConnections ? string.Format(c, "{0} incoming connections are already open", _pending + _open)
                    : counts.Pending >= _settings.MaxPendingHandshakesPerAddress ? string.Format(c, "{0} handshakes from {1} are already pending", counts.Pending, address)
                    : counts.Pending + counts.Open >= _settings.MaxConnectionsPerAddress ? string.Format(c, "{0} connections from {1} are already open", counts.Pending + counts.Open, address)
                    : null;
                if (refusal is not null)
                {
                    return false;
                }

                _pending++;
                _byAddress[address] = new Counts(counts.Pending + 1, counts.Open);
                return true;
            }
        }

        /// <summary>A handshake ended: the connection is now open (handed over) or gone.</summary>
        public void HandshakeEnded(IPAddress address, bool opened)
        {
            lock (_gate)
            {
                _pending--;
                Counts counts = _byAddress[address];
                if (opened)
                {
                    _open++;
                }

                Store(address, new Counts(counts.Pending - 1, counts.Open + (opened ? 1 : 0)));
            }
        }

        /// <summary>A handed-over connection closed.</summary>
        public void Closed(IPAddress address)
        {
            lock (_gate)
            {
                _open--;
                Counts counts = _byAddress[address];
                Store(address, new Counts(counts.Pending, counts.Open - 1));
            }
        }

        private void Store(IPAddress address, Counts counts)
        {
            if (counts.Pending == 0 && counts.Open == 0)
            {
                _byAddress.Remove(address);
            }
            else
            {
                _byAddress[address] = counts;
            }
        }

        private readonly struct Counts
        {
            public Counts(int pending, int open)
            {
                Pending = pending;
                Open = open;
            }

            public int Pending { get; }

            public int Open { get; }
        }
    }
}
