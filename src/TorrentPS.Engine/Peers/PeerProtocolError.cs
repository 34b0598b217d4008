namespace TorrentPS.Peers
{
    /// <summary>What a peer got wrong, so callers can tell a bad handshake from a bad message without parsing text.</summary>
    public enum PeerProtocolError
    {
        /// <summary>The handshake did not start with 19 and "BitTorrent protocol".</summary>
        WrongProtocol,

        /// <summary>The connection ended before a whole handshake arrived.</summary>
        HandshakeTruncated,

        /// <summary>The peer did not finish its handshake within the handshake timeout.</summary>
        HandshakeTimeout,

        /// <summary>The peer asked for (or answered with) a torrent other than ours.</summary>
        InfoHashMismatch,

        /// <summary>The peer id is our own: we connected to ourselves.</summary>
        SelfConnection,

        /// <summary>A length prefix larger than any message we accept.</summary>
        MessageTooLong,

        /// <summary>A known message whose length does not fit its id.</summary>
        BadMessageLength,

        /// <summary>A bitfield of the wrong length or with spare bits set.</summary>
        BadBitfield,

        /// <summary>A piece index at or beyond the torrent's piece count.</summary>
        BadPieceIndex,

        /// <summary>A block offset or length outside 1..16 KiB (or negative).</summary>
        BadBlock,

        /// <summary>A Fast extension message from a peer that did not negotiate it.</summary>
        ExtensionNotNegotiated,

        /// <summary>Too many blocks arrived that we never asked for.</summary>
        UnrequestedData,

        /// <summary>Nothing arrived for longer than the idle timeout.</summary>
        IdleTimeout,

        /// <summary>A BEP 10 extension handshake that is not a bencoded dictionary.</summary>
        BadExtensionHandshake,
    }
}
