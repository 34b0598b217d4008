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

        /// <summary>Announces <paramref name="ours"/>, then reads messages into <paramref name="handler"/> while the uploader serves.</summary>
        public static async Task<PeerCloseReason> RunAsync(PeerConnection connection, PeerUploader uploader, Bitfield ours, IPeerMessageHandler handler, CancellationToken token)
        {
            await PeerUploader.AnnouncePiecesAsync(connection, ours).ConfigureAwait(false);
            Task serving = uploader.RunAsync(token);
            PeerCloseReason reason = await connection.RunAsync(handler, token).ConfigureAwait(false);
            await serving.ConfigureAwait(false);
            return reason;
        }

        /// <summary>The connection failed while we were writing to it: the session closes it and forgets the peer.</summary>
        public static bool IsConnectionFailure(Exception ex) =>
            ex is IOException || ex is ObjectDisposedException || ex is InvalidOperationException || ex is SocketException || ex is OperationCanceledException;
    }
}
