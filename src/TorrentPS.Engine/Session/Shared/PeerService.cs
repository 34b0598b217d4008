using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;

namespace TorrentPS.Session
{
    /// <summary>
    /// One admitted connection's life as the download and the seed session both run it: our pieces announced, the
    /// uploader serving requests next to the connection's read loop until either ends.
    /// </summary>
    internal static class PeerService
    {
        /// <summary>The log line for a connection that was taken on.</summary>
        public static string Connected(PeerConnection connection, string source) =>
            $"{connection.RemoteEndPoint}: connected to {connection.RemoteClient ?? connection.RemotePeerId} ({source}).";

        /// <summary>
        /// Sends our extension handshake (when the peer speaks BEP 10) and announces <paramref name="ours"/>, then reads
        /// messages into <paramref name="handler"/> while the uploader serves. <paramref name="listenPort"/> is the port
        /// we take connections on, 0 when there is none to tell.
        /// </summary>
        public static async Task<PeerCloseReason> RunAsync(PeerConnection connection, PeerUploader uploader, Bitfield ours, IPeerMessageHandler handler, CancellationToken token, int listenPort = 0)
        {
            if (connection.Extensions.SupportsExtensionProtocol)
            {
                await connection.SendExtensionHandshakeAsync(ExtensionHandshakeOf(connection, uploader, listenPort)).ConfigureAwait(false);
            }

            await PeerUploader.AnnouncePiecesAsync(connection, ours).ConfigureAwait(false);
            Task serving = uploader.RunAsync(token);
            PeerCloseReason reason = await connection.RunAsync(handler, token).ConfigureAwait(false);
            await serving.ConfigureAwait(false);
            return reason;
        }

        /// <summary>
        /// No extension messages (m is empty), but reqq: how many requests the uploader queues before it calls it a
        /// flood. Without it libtorrent keeps at most 500 requests (8 MiB) outstanding, a few milliseconds of a
        /// loopback transfer, and the uploader runs dry whenever the downloader is late to ask for more.
        /// </summary>
        private static ExtensionHandshake ExtensionHandshakeOf(PeerConnection connection, PeerUploader uploader, int listenPort) =>
            new ExtensionHandshake(
                listenPort: listenPort > 0 ? listenPort : null,
                client: PeerIdDecoder.Decode(connection.Torrent.LocalPeerId.Span),
                maxRequests: uploader.MaxQueuedRequests);

        /// <summary>The connection failed while we were writing to it: the session closes it and forgets the peer.</summary>
        public static bool IsConnectionFailure(Exception ex) =>
            ex is IOException || ex is ObjectDisposedException || ex is InvalidOperationException || ex is SocketException || ex is OperationCanceledException;
    }
}
