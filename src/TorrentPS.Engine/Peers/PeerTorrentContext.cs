using System;

namespace TorrentPS.Peers
{
    /// <summary>
    /// What a connection needs to know about the torrent it serves: the info-hash both sides must agree on,
    /// the peer id we present, and the piece count that bounds the peer's messages.
    /// </summary>
    public sealed class PeerTorrentContext
    {
        private readonly byte[] _localPeerId;

        public PeerTorrentContext(InfoHash infoHash, ReadOnlySpan<byte> localPeerId, int? pieceCount, int maxExtendedMessageLength = PeerMessageLimits.DefaultMaxExtendedMessageLength)
        {
            if (localPeerId.Length != PeerHandshake.PeerIdLength)
            {
                throw new ArgumentException($"A peer id is {PeerHandshake.PeerIdLength} bytes, not {localPeerId.Length}.", nameof(localPeerId));
            }

            InfoHash = infoHash;
            _localPeerId = localPeerId.ToArray();
            PieceCount = pieceCount;
            Limits = pieceCount is int count
                ? PeerMessageLimits.ForTorrent(count, maxExtendedMessageLength)
                : PeerMessageLimits.ForUnknownTorrent(maxExtendedMessageLength);
        }

        public InfoHash InfoHash { get; }

        public ReadOnlyMemory<byte> LocalPeerId => _localPeerId;

        /// <summary>Null while the metadata is unknown (a magnet link).</summary>
        public int? PieceCount { get; }

        public PeerMessageLimits Limits { get; }

        public override string ToString() => $"{InfoHash} as {PeerIdGenerator.Format(_localPeerId)}";
    }
}
