using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Peers.Encryption;

namespace TorrentPS.Peers.Listening
{
    /// <summary>
    /// Accepts incoming peers on one port (IPv4 and IPv6), performs their handshake and hands each to the
    /// torrent its info-hash names (see <see cref="Register"/>). Unknown info-hashes are refused in the
    /// handshake; connection floods are refused before it (see <see cref="PeerListenerSettings"/>). A handed-over
    /// connection belongs to the torrent's callback from then on: stopping the listener does not close it.
    /// </summary>
    public sealed class PeerListener : IDisposable, IAsyncDisposable
    {
        private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(50);
        private readonly PeerListenerSettings _settings;
        private readonly List<Socket> _sockets;
        private readonly ConcurrentDictionary<InfoHash, PeerListenerRegistration> _torrents = new ConcurrentDictionary<InfoHash, PeerListenerRegistration>();
        private readonly ConcurrentDictionary<Task, bool> _handshakes = new ConcurrentDictionary<Task, bool>();
        private readonly ConnectionAdmission _admission;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task[] _acceptLoops;
        private long _accepted;
        private long _refused;
        private long _unknownTorrent;
        private long _failedHandshakes;
        private int _stopped;

        private PeerListener(PeerListenerSettings settings, List<Socket> sockets)
        {
            _settings = settings;
            _sockets = sockets;
            _admission = new ConnectionAdmission(settings);
            Port = ((IPEndPoint)sockets[0].LocalEndPoint!).Port;
            LocalEndPoints = sockets.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList();
            _acceptLoops = sockets.Select(AcceptLoopAsync).ToArray();
        }

        /// <summary>The port bound (the system's pick when the settings asked for 0).</summary>
        public int Port { get; }

        public IReadOnlyList<IPEndPoint> LocalEndPoints { get; }

        /// <summary>Connections handshaken and handed to a torrent.</summary>
        public long AcceptedCount => Interlocked.Read(ref _accepted);

        /// <summary>Connections closed before their handshake because of the flood limits.</summary>
        public long RefusedCount => Interlocked.Read(ref _refused);

        /// <summary>Handshakes for an info-hash no registered torrent has.</summary>
        public long UnknownTorrentCount => Interlocked.Read(ref _unknownTorrent);

        /// <summary>Handshakes that failed otherwise: garbage, timeout, truncation, a connection to ourselves.</summary>
        public long FailedHandshakeCount => Interlocked.Read(ref _failedHandshakes);

        public int PendingHandshakes => _admission.Pending;

        /// <summary>Handed-over connections not yet closed.</summary>
        public int OpenConnections => _admission.Open;

        /// <summary>Binds every address of <paramref name="settings"/> and starts accepting. Throws <see cref="PeerListenerException"/> when a bind fails.</summary>
        public static PeerListener Start(PeerListenerSettings? settings = null)
        {
            settings ??= PeerListenerSettings.Default;
            settings.Validate();
            return new PeerListener(settings, Bind(settings));
        }

        /// <summary>
        /// Routes peers that ask for <paramref name="torrent"/>'s info-hash to <paramref name="onPeer"/>, which
        /// receives each handshaken connection (on a pool thread) and owns it from then on: it should start the
        /// connection's RunAsync promptly. If it throws, the connection is closed.
        /// </summary>
        public PeerListenerRegistration Register(PeerTorrentContext torrent, Action<PeerConnection> onPeer)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            if (onPeer is null)
            {
                throw new ArgumentNullException(nameof(onPeer));
            }

            var registration = new PeerListenerRegistration(this, torrent, onPeer);
            if (!_torrents.TryAdd(torrent.InfoHash, registration))
            {
                throw new InvalidOperationException($"The torrent {torrent.InfoHash} is already registered with this listener.");
            }

            return registration;
        }

        public bool IsRegistered(InfoHash infoHash) => _torrents.ContainsKey(infoHash);

        /// <summary>Stops accepting, ends the handshakes under way and waits for them. Handed-over connections stay open.</summary>
        public async Task StopAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                _stop.Cancel();
                foreach (Socket socket in _sockets)
                {
                    socket.Dispose();
                }
            }

            await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
            await Task.WhenAll(_handshakes.Keys.ToArray()).ConfigureAwait(false);
        }

        public void Dispose() => StopAsync().GetAwaiter().GetResult();

        public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "listening on {0} ({1} torrents)", string.Join(", ", LocalEndPoints), _torrents.Count);

        internal void Unregister(PeerListenerRegistration registration) =>
            ((ICollection<KeyValuePair<InfoHash, PeerListenerRegistration>>)_torrents).Remove(
                new KeyValuePair<InfoHash, PeerListenerRegistration>(registration.Torrent.InfoHash, registration));

        private static List<Socket> Bind(PeerListenerSettings settings)
        {
            List<IPAddress> addresses = settings.BindAddresses
                .Where(a => a.AddressFamily != AddressFamily.InterNetworkV6 || Socket.OSSupportsIPv6)
                .ToList();
            if (addresses.Count == 0)
            {
                throw new PeerListenerException("None of the addresses to listen on is usable: this system has no IPv6.");
            }

            // With port 0 the first socket's pick must also be free on the other addresses; try a few picks.
            int attempts = settings.Port == 0 && addresses.Count > 1 ? 5 : 1;
            for (int attempt = 1; ; attempt++)
            {
                var sockets = new List<Socket>();
                int port = settings.Port;
                try
                {
                    foreach (IPAddress address in addresses)
                    {
                        Socket socket = BindOne(address, port, settings.Backlog);
                        sockets.Add(socket);
                        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                    }

                    return sockets;
                }
                catch (SocketException ex) when (attempt < attempts && ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    sockets.ForEach(s => s.Dispose());
                }
                catch (SocketException ex)
                {
                    sockets.ForEach(s => s.Dispose());
                    var endPoint = new IPEndPoint(addresses[sockets.Count], port);
                    throw new PeerListenerException($"Cannot listen for peers on {endPoint}: {ex.Message} ({ex.SocketErrorCode}).", ex);
                }
            }
        }

        private static Socket BindOne(IPAddress address, int port, int backlog)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    // IPv4 has its own socket on the same port; a dual-stack IPv6 socket would collide with it.
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IPv6Only, true);
                }

                socket.Bind(new IPEndPoint(address, port));
                socket.Listen(backlog);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private async Task AcceptLoopAsync(Socket listener)
        {
            await Task.Yield();
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }

                    // A connection reset before we took it, or a passing shortage (out of file handles): the
                    // listener itself is fine. A short pause keeps a persistent shortage from spinning the loop.
                    Log($"Accept on {listener.LocalEndPoint} failed: {ex.Message}");
                    try
                    {
                        await Task.Delay(AcceptRetryDelay, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    continue;
                }

                Admit(socket);
            }
        }

        private void Admit(Socket socket)
        {
            if (socket.RemoteEndPoint is not IPEndPoint remote)
            {
                socket.Dispose();
                return;
            }

            IPAddress address = ConnectionAdmission.Normalize(remote.Address);
            string? refusal = null;
            if (_stop.IsCancellationRequested || !_admission.TryAdmit(address, out refusal))
            {
                Interlocked.Increment(ref _refused);
                socket.Dispose();
                Log($"Refused {remote}: {refusal ?? "the listener is stopping"}.");
                return;
            }

            Task handshake = HandshakeAsync(socket, remote, address);
            _handshakes.TryAdd(handshake, true);
            _ = handshake.ContinueWith(t => _handshakes.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private async Task HandshakeAsync(Socket socket, IPEndPoint remote, IPAddress address)
        {
            await Task.Yield();
            PeerListenerRegistration? target = null;
            PeerConnection connection;
            try
            {
                socket.NoDelay = true;
                Stream stream = new NetworkStream(socket, ownsSocket: true);
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    // An encrypted (MSE/PE) handshake is answered here; the BitTorrent handshake follows either way.
                    timeout.CancelAfter(_settings.PeerSettings.HandshakeTimeout);
                    stream = await IncomingEncryption.AcceptAsync(stream, () => _torrents.Keys, timeout.Token).ConfigureAwait(false);
                }

                connection = await PeerConnection.AcceptAsync(
                    stream,
                    hash =>
                    {
                        target = _torrents.TryGetValue(hash, out PeerListenerRegistration? found) ? found : null;
                        return target?.Torrent;
                    },
                    _settings.PeerSettings,
                    remote,
                    _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PeerProtocolException || ex is OperationCanceledException || ex is IOException || ex is SocketException || ex is ObjectDisposedException)
            {
                // Counted before the socket closes, so whoever sees the hang-up also sees it counted.
                if (ex is PeerProtocolException { Error: PeerProtocolError.InfoHashMismatch })
                {
                    Interlocked.Increment(ref _unknownTorrent);
                }
                else if (!_stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failedHandshakes);
                }

                socket.Dispose();
                _admission.HandshakeEnded(address, opened: false);

                Log($"Handshake with {remote} failed: {ex.Message}");
                return;
            }

            _admission.HandshakeEnded(address, opened: true);
            _ = connection.Completion.ContinueWith(_ => _admission.Closed(address), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // Unregistered (or replaced) while the handshake ran: nobody wants this peer any more.
            if (target is null || !_torrents.TryGetValue(target.Torrent.InfoHash, out PeerListenerRegistration? current) || !ReferenceEquals(current, target) || _stop.IsCancellationRequested)
            {
                connection.Close();
                return;
            }

            Interlocked.Increment(ref _accepted);
            try
            {
                target.OnPeer(connection);
            }
            catch (Exception ex)
            {
                connection.Close(PeerCloseReason.HandlerFailed, ex);
                Log($"The torrent {target.Torrent.InfoHash} failed to take {remote}: {ex.Message}");
            }
        }

        private void Log(string message) => _settings.Log?.Invoke(message);
    }
}
