using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers
{
    /// <summary>
    /// The engine behind Get-TorrentPeer -Probe: connects to many peers at once (bounded), handshakes, waits
    /// briefly for each to say which pieces it has (when the piece count is known), and reports one
    /// <see cref="PeerProbeResult"/> per peer.
    /// A slow or dead peer only ever costs its own slot, never the others' time.
    /// </summary>
    public sealed class PeerProbe
    {
        private readonly PeerProbeOptions _options;

        public PeerProbe(PeerProbeOptions? options = null)
        {
            _options = options ?? PeerProbeOptions.Default;
            _options.Validate();
        }

        /// <summary>Probes every target; the results are in the targets' order. Only cancellation throws.</summary>
        /// <param name="pieceCount">
        /// The torrent's piece count, or null when it is unknown (a magnet link): then reachability, handshake time,
        /// peer id and client are still reported, but not which pieces a peer has.
        /// </param>
        public async Task<IReadOnlyList<PeerProbeResult>> ProbeAsync(
            InfoHash infoHash,
            ReadOnlyMemory<byte> localPeerId,
            int? pieceCount,
            IEnumerable<PeerProbeTarget> targets,
            CancellationToken cancellationToken = default)
        {
            if (targets is null)
            {
                throw new ArgumentNullException(nameof(targets));
            }

            var torrent = new PeerTorrentContext(infoHash, localPeerId.Span, pieceCount);
            using var slots = new SemaphoreSlim(_options.MaxConcurrency);
            Task<PeerProbeResult>[] probes = targets.Select(target => ProbeWhenFreeAsync(target, torrent, slots, cancellationToken)).ToArray();
            PeerProbeResult[] results = await Task.WhenAll(probes).ConfigureAwait(false);
            return results;
        }

        private async Task<PeerProbeResult> ProbeWhenFreeAsync(PeerProbeTarget target, PeerTorrentContext torrent, SemaphoreSlim slots, CancellationToken cancellationToken)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ProbeOneAsync(target, torrent, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        private async Task<PeerProbeResult> ProbeOneAsync(PeerProbeTarget target, PeerTorrentContext torrent, CancellationToken cancellationToken)
        {
            Stopwatch clock = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(_options.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            var settings = new PeerConnectionSettings
            {
                ConnectTimeout = _options.Timeout,
                HandshakeTimeout = _options.Timeout,
                IdleTimeout = _options.Timeout,
                KeepAliveInterval = _options.Timeout,
                LocalReserved = _options.LocalReserved,
            };

            Socket socket;
            try
            {
                socket = await PeerConnection.ConnectSocketAsync(target.ToEndPoint(), _options.Timeout, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsPeerFailure(ex))
            {
                string error = deadline.IsCancellationRequested
                    ? $"No connection within {_options.Timeout.TotalSeconds:0.###} s."
                    : ex.Message;
                return Result(target, reachable: false, null, null, error);
            }

            PeerConnection connection;
            try
            {
                connection = await PeerConnection.HandshakeOutgoingAsync(
                    new NetworkStream(socket, ownsSocket: true), torrent, settings, socket.RemoteEndPoint, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsPeerFailure(ex))
            {
                string error = ex is OperationCanceledException && deadline.IsCancellationRequested
                    ? $"No handshake within {_options.Timeout.TotalSeconds:0.###} s."
                    : ex.Message;
                return Result(target, reachable: true, null, null, error);
            }

            using (connection)
            {
                TimeSpan handshakeTime = clock.Elapsed;
                int? have = null;
                string? problem = null;
                if (torrent.PieceCount is int pieceCount)
                {
                    (have, problem) = await WaitForAvailabilityAsync(connection, pieceCount, clock, linked.Token).ConfigureAwait(false);
                }

                // Without the piece count (a magnet link) no bitfield can be checked or counted: the handshake is all
                // there is to learn, so the connection ends here and availability stays unknown.
                connection.Close();
                cancellationToken.ThrowIfCancellationRequested();
                return new PeerProbeResult(
                    target.Host,
                    target.Port,
                    target.Source,
                    reachable: true,
                    handshakeTime,
                    connection.RemotePeerId,
                    connection.RemoteClient,
                    have,
                    have is int count ? 100.0 * count / torrent.PieceCount!.Value : null,
                    problem);
            }
        }

        /// <summary>
        /// Waits (within what is left of the peer's time) for it to say which pieces it has. Returns the count, or
        /// null when it said nothing, and why the connection ended early if the peer closed it first.
        /// </summary>
        private async Task<(int? Have, string? Problem)> WaitForAvailabilityAsync(PeerConnection connection, int pieceCount, Stopwatch clock, CancellationToken cancellationToken)
        {
            var watcher = new PieceAvailabilityWatcher(pieceCount);
            Task<PeerCloseReason> run = connection.RunAsync(watcher, cancellationToken);
            TimeSpan wait = _options.AvailabilityWait;
            TimeSpan left = _options.Timeout - clock.Elapsed;
            wait = left < wait ? left : wait;
            if (wait > TimeSpan.Zero)
            {
                using var waitOver = new CancellationTokenSource();
                Task timer = Task.Delay(wait, waitOver.Token);
                await Task.WhenAny(watcher.Announced, run, timer).ConfigureAwait(false);
                waitOver.Cancel();
            }

            bool closedByPeer = run.IsCompleted;
            connection.Close();
            await run.ConfigureAwait(false);
            string? problem = closedByPeer && !watcher.Announced.IsCompleted ? Describe(connection) : null;
            return (watcher.PiecesHave, problem);
        }

        private static PeerProbeResult Result(PeerProbeTarget target, bool reachable, string? peerId, string? client, string error) =>
            new PeerProbeResult(target.Host, target.Port, target.Source, reachable, null, peerId, client, null, null, error);

        private static string Describe(PeerConnection connection) =>
            connection.CloseError is { } error
                ? $"Connection ended ({connection.CloseReason}): {error.Message}"
                : $"Connection ended ({connection.CloseReason}) before the peer said which pieces it has.";

        private static bool IsPeerFailure(Exception ex) =>
            ex is SocketException || ex is IOException || ex is PeerProtocolException || ex is ObjectDisposedException || ex is OperationCanceledException;
    }
}
