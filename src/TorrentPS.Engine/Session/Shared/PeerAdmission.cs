using System;
using System.Collections.Generic;
using System.Linq;
using TorrentPS.Peers;

namespace TorrentPS.Session
{
    /// <summary>
    /// The rules the download and the seed session share for taking a handshaken connection on: not while stopping,
    /// not beyond the peer limit, and (where the session asks) not a second connection to a peer already connected.
    /// </summary>
    internal static class PeerAdmission
    {
        /// <summary>Why the connection is turned away, or null when it may join; call it under the session's lock.</summary>
        /// <param name="checkDuplicate">Refuse a peer id that an open connection already has.</param>
        public static string? Refusal<TPeer>(IReadOnlyDictionary<PeerConnection, TPeer> peers, PeerConnection connection, bool stopping, int maxPeers, bool checkDuplicate)
        {
            if (stopping)
            {
                return "the session is stopping";
            }

            if (peers.Count >= maxPeers)
            {
                return $"{peers.Count} peers connected already, the most allowed";
            }

            if (checkDuplicate && peers.Keys.Any(c => !c.IsClosed && c.RemotePeerId == connection.RemotePeerId))
            {
                return "already connected to this peer";
            }

            return null;
        }

        /// <summary>Closes a refused connection and says why in the session log (outside the session's lock).</summary>
        public static void TurnAway(PeerConnection connection, string refusal, Action<string> log)
        {
            connection.Close(PeerCloseReason.Local);
            log($"{connection.RemoteEndPoint}: turned away ({refusal}).");
        }
    }
}
