using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers
{
    /// <summary>
    /// One handshaken peer connection: a thin async transport. <see cref="RunAsync"/> reads and decodes
    /// messages into an <see cref="IPeerMessageHandler"/>; the Send methods may be called from any thread.
    /// Policy (what to request, whom to unchoke) belongs to the session that owns many of these.
    /// The connection enforces the wire rules itself: limits, Fast-extension gating, unrequested blocks,
    /// keep-alives and the idle timeout. A violation closes it with a <see cref="PeerProtocolException"/>.
    /// </summary>
    public sealed partial class PeerConnection : IDisposable
    {
        private readonly Stream _stream;
        private readonly PeerConnectionSettings _settings;
        private readonly PendingRequests _pending = new PendingRequests();
        private readonly CancellationTokenSource _closing = new CancellationTokenSource();
        private readonly TaskCompletionSource<PeerCloseReason> _closed =
            new TaskCompletionSource<PeerCloseReason>(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _state; // 0 open, 1 closed
        private int _running;
        private long _lastReceived;
        private long _lastSent;
        private long _payloadReceived;
        private long _protocolReceived;
        private long _payloadSent;
        private long _protocolSent;
        private int _unrequestedBlocks;
        private ExtensionHandshake? _remoteExtensionHandshake;
        private PeerCloseReason? _closeReason;
        private Exception? _closeError;

        private PeerConnection(Stream stream, EndPoint? remoteEndPoint, bool isOutgoing, PeerTorrentContext torrent, PeerHandshake remote, PeerConnectionSettings settings)
        {
            _stream = stream;
            _settings = settings;
            RemoteEndPoint = remoteEndPoint;
            IsOutgoing = isOutgoing;
            Torrent = torrent;
            RemoteHandshake = remote;
            Extensions = settings.LocalReserved.Intersect(remote.Reserved);
            RemoteClient = PeerIdDecoder.Decode(remote.PeerId.Span);
            _protocolReceived = PeerHandshake.Length;
            _protocolSent = PeerHandshake.Length;
            _lastReceived = _lastSent = Stopwatch.GetTimestamp();
        }

        public EndPoint? RemoteEndPoint { get; }

        public bool IsOutgoing { get; }

        public PeerTorrentContext Torrent { get; }

        public PeerHandshake RemoteHandshake { get; }

        /// <summary>The peer's id in printable form.</summary>
        public string RemotePeerId => RemoteHandshake.PeerIdText;

        /// <summary>The client the peer id names ("libtorrent 2.0.8.0"), or null when it follows no known convention.</summary>
        public string? RemoteClient { get; }

        /// <summary>The extensions both sides advertised: what this connection may use.</summary>
        public ReservedBits Extensions { get; }

        public bool SupportsFast => Extensions.SupportsFast;

        /// <summary>
        /// The peer's BEP 10 extension handshake (with any later one applied), once it has arrived; null before, and
        /// always without the extension protocol. Its reqq says how deep a request pipeline the peer takes.
        /// </summary>
        public ExtensionHandshake? RemoteExtensionHandshake => Volatile.Read(ref _remoteExtensionHandshake);

        public long PayloadBytesReceived => Interlocked.Read(ref _payloadReceived);

        public long ProtocolBytesReceived => Interlocked.Read(ref _protocolReceived);

        public long PayloadBytesSent => Interlocked.Read(ref _payloadSent);

        public long ProtocolBytesSent => Interlocked.Read(ref _protocolSent);

        /// <summary>Blocks the peer sent without our asking (discarded).</summary>
        public int UnrequestedBlocks => Volatile.Read(ref _unrequestedBlocks);

        /// <summary>Requests sent and not yet answered, rejected or cancelled.</summary>
        public int PendingRequestCount => _pending.Count;

        public BlockRequest[] GetPendingRequests() => _pending.Snapshot();

        public bool IsClosed => Volatile.Read(ref _state) != 0;

        public PeerCloseReason? CloseReason => _closeReason;

        /// <summary>What went wrong, when the close was not a plain local or remote close.</summary>
        public Exception? CloseError => _closeError;

        /// <summary>Completes (never faults) with the reason once the connection is closed.</summary>
        public Task<PeerCloseReason> Completion => _closed.Task;

        /// <summary>Connects over TCP and performs the outgoing handshake. Failures throw; the socket is then closed.</summary>
        public static async Task<PeerConnection> ConnectAsync(
            EndPoint endPoint,
            PeerTorrentContext torrent,
            PeerConnectionSettings? settings = null,
            CancellationToken cancellationToken = default)
        {
            settings ??= PeerConnectionSettings.Default;
            settings.Validate();
            Socket socket = await ConnectSocketAsync(endPoint, settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            return await HandshakeOutgoingAsync(new NetworkStream(socket, ownsSocket: true), torrent, settings, socket.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Performs the outgoing handshake on an already connected stream (we send first, then read).</summary>
        public static async Task<PeerConnection> HandshakeOutgoingAsync(
            Stream stream,
            PeerTorrentContext torrent,
            PeerConnectionSettings? settings = null,
            EndPoint? remoteEndPoint = null,
            CancellationToken cancellationToken = default)
        {
            settings ??= PeerConnectionSettings.Default;
            settings.Validate();
            PeerHandshake remote = await PeerHandshakeExchange.OutgoingAsync(stream, torrent, settings, cancellationToken).ConfigureAwait(false);
            return new PeerConnection(stream, remoteEndPoint, isOutgoing: true, torrent, remote, settings);
        }

        /// <summary>
        /// Performs the incoming handshake on an accepted stream: reads the peer's handshake, asks
        /// <paramref name="findTorrent"/> for the torrent its info-hash names (null refuses it), then answers.
        /// </summary>
        public static async Task<PeerConnection> AcceptAsync(
            Stream stream,
            Func<InfoHash, PeerTorrentContext?> findTorrent,
            PeerConnectionSettings? settings = null,
            EndPoint? remoteEndPoint = null,
            CancellationToken cancellationToken = default)
        {
            if (findTorrent is null)
            {
                throw new ArgumentNullException(nameof(findTorrent));
            }

            settings ??= PeerConnectionSettings.Default;
            settings.Validate();
            (PeerHandshake remote, PeerTorrentContext torrent) =
                await PeerHandshakeExchange.IncomingAsync(stream, findTorrent, settings, cancellationToken).ConfigureAwait(false);
            return new PeerConnection(stream, remoteEndPoint, isOutgoing: false, torrent, remote, settings);
        }

        /// <summary>Accepts on a connected socket (from a listener); the connection owns it from here on.</summary>
        public static Task<PeerConnection> AcceptAsync(
            Socket socket,
            Func<InfoHash, PeerTorrentContext?> findTorrent,
            PeerConnectionSettings? settings = null,
            CancellationToken cancellationToken = default)
        {
            socket.NoDelay = true;
            return AcceptAsync(new NetworkStream(socket, ownsSocket: true), findTorrent, settings, socket.RemoteEndPoint, cancellationToken);
        }

        /// <summary>Closes the connection. The first reason given wins; later calls do nothing.</summary>
        public void Close(PeerCloseReason reason = PeerCloseReason.Local, Exception? error = null)
        {
            if (Interlocked.Exchange(ref _state, 1) != 0)
            {
                return;
            }

            _closeReason = reason;
            _closeError = error;
            _pending.Clear();
            try
            {
                _closing.Cancel();
            }
            catch (AggregateException)
            {
                // A registration threw while being cancelled; the connection is closing either way.
            }

            _stream.Dispose();
            _closed.TrySetResult(reason);
        }

        public void Dispose() => Close();

        public override string ToString()
        {
            string state = IsClosed ? $"closed ({CloseReason})" : "open";
            return $"{RemoteEndPoint?.ToString() ?? "peer"} {RemoteClient ?? RemotePeerId} [{(IsOutgoing ? "out" : "in")}, {state}]";
        }

        /// <summary>
        /// A TCP connect bounded by <paramref name="timeout"/>: a timeout is a <see cref="SocketException"/> with
        /// <see cref="SocketError.TimedOut"/>, like any other connect failure. The socket is closed on failure.
        /// </summary>
        internal static async Task<Socket> ConnectSocketAsync(EndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Socket socket = endPoint is IPEndPoint ip
                ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timer = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
            try
            {
                // netstandard2.0 has no cancellable connect: closing the socket is what ends a pending one.
                using (linked.Token.Register(socket.Dispose))
                {
                    await socket.ConnectAsync(endPoint).ConfigureAwait(false);
                }

                // Small control messages must not wait behind Nagle's algorithm, and a piece goes out as header + data.
                socket.NoDelay = true;
                return socket;
            }
            catch (Exception ex) when (linked.IsCancellationRequested && (ex is ObjectDisposedException || ex is SocketException))
            {
                socket.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                throw new SocketException((int)SocketError.TimedOut);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
