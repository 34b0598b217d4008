using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers
{
    /// <summary>
    /// The handshake over a stream, both directions, bounded by the handshake timeout. A failed handshake
    /// disposes the stream: there is nothing to salvage from a peer that got the first 68 bytes wrong.
    /// </summary>
    internal static class PeerHandshakeExchange
    {
        /// <summary>We connected: send ours, then read theirs and check it is for our torrent and not from us.</summary>
        public static Task<PeerHandshake> OutgoingAsync(Stream stream, PeerTorrentContext torrent, PeerConnectionSettings settings, CancellationToken cancellationToken) =>
            WithTimeoutAsync(stream, settings.HandshakeTimeout, async token =>
            {
                var ours = new PeerHandshake(settings.LocalReserved, torrent.InfoHash, torrent.LocalPeerId.Span);
                await WriteAsync(stream, ours, token).ConfigureAwait(false);
                PeerHandshake theirs = await ReadAsync(stream, token).ConfigureAwait(false);
                if (theirs.InfoHash != torrent.InfoHash)
                {
                    throw new PeerProtocolException(
                        PeerProtocolError.InfoHashMismatch,
                        $"We asked for {torrent.InfoHash} but the peer answered for {theirs.InfoHash}.");
                }

                CheckNotSelf(theirs, torrent);
                return theirs;
            }, cancellationToken);

        /// <summary>They connected: read theirs, find the torrent it names, check it is not us, then answer.</summary>
        public static Task<(PeerHandshake Theirs, PeerTorrentContext Torrent)> IncomingAsync(
            Stream stream,
            Func<InfoHash, PeerTorrentContext?> findTorrent,
            PeerConnectionSettings settings,
            CancellationToken cancellationToken) =>
            WithTimeoutAsync(stream, settings.HandshakeTimeout, async token =>
            {
                PeerHandshake theirs = await ReadAsync(stream, token).ConfigureAwait(false);
                PeerTorrentContext torrent = findTorrent(theirs.InfoHash)
                    ?? throw new PeerProtocolException(
                        PeerProtocolError.InfoHashMismatch,
                        $"The peer asked for {theirs.InfoHash}, a torrent we do not serve.");
                if (torrent.InfoHash != theirs.InfoHash)
                {
                    throw new ArgumentException($"The torrent lookup for {theirs.InfoHash} returned {torrent.InfoHash}.", nameof(findTorrent));
                }

                CheckNotSelf(theirs, torrent);
                await WriteAsync(stream, new PeerHandshake(settings.LocalReserved, torrent.InfoHash, torrent.LocalPeerId.Span), token).ConfigureAwait(false);
                return (theirs, torrent);
            }, cancellationToken);

        private static void CheckNotSelf(PeerHandshake theirs, PeerTorrentContext torrent)
        {
            if (theirs.HasPeerId(torrent.LocalPeerId.Span))
            {
                throw new PeerProtocolException(
                    PeerProtocolError.SelfConnection,
                    $"The peer's id {theirs.PeerIdText} is our own: this is a connection to ourselves.");
            }
        }

        private static async Task WriteAsync(Stream stream, PeerHandshake handshake, CancellationToken cancellationToken)
        {
            byte[] bytes = handshake.ToArray();
            await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        private static async Task<PeerHandshake> ReadAsync(Stream stream, CancellationToken cancellationToken)
        {
            byte[] buffer = new byte[PeerHandshake.Length];
            int filled = 0;
            while (filled < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer, filled, buffer.Length - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new PeerProtocolException(
                        PeerProtocolError.HandshakeTruncated,
                        $"The peer closed the connection after {filled} of the {PeerHandshake.Length} handshake bytes.");
                }

                filled += read;

                // No need to wait for the rest of something that is already not a handshake.
                PeerHandshake.CheckProtocolPrefix(buffer.AsSpan(0, filled));
            }

            return PeerHandshake.Parse(buffer);
        }

        private static async Task<T> WithTimeoutAsync<T>(Stream stream, TimeSpan timeout, Func<CancellationToken, Task<T>> exchange, CancellationToken cancellationToken)
        {
            using var timer = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
            // Not every stream honours a token on reads (NetworkStream on .NET Framework does not): disposing it always ends them.
            using CancellationTokenRegistration abort = linked.Token.Register(stream.Dispose);
            try
            {
                return await exchange(linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested && IsAbort(ex))
            {
                stream.Dispose();
                throw new PeerProtocolException(
                    PeerProtocolError.HandshakeTimeout,
                    $"The peer did not complete its handshake within {timeout.TotalSeconds:0.###} s.",
                    ex);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && IsAbort(ex))
            {
                stream.Dispose();
                throw new OperationCanceledException("The handshake was cancelled.", ex, cancellationToken);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        private static bool IsAbort(Exception ex) =>
            ex is OperationCanceledException || ex is ObjectDisposedException || ex is IOException || ex is SocketException;
    }
}
