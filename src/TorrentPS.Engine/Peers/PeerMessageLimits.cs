using System;

namespace TorrentPS.Peers
{
    /// <summary>
    /// What a peer may send us, checked from the length prefix before a message is buffered. Built from the
    /// torrent's piece count, which fixes the bitfield length and the valid piece indexes.
    /// </summary>
    public sealed class PeerMessageLimits
    {
        /// <summary>The largest regular message: id, piece index, offset and a 16 KiB block.</summary>
        public const int MaxRegularMessageLength = 1 + 8 + BlockRequest.MaxLength;

        /// <summary>
        /// Extended messages may be a little longer than a block: a BEP 9 metadata piece is 16 KiB of data after
        /// a bencoded header.
        /// </summary>
        public const int DefaultMaxExtendedMessageLength = MaxRegularMessageLength + 1024;

        /// <summary>The piece count assumed before the metadata is known (magnet links): bitfields are bounded by it.</summary>
        public const int MaxPieceCount = 1 << 22;

        private PeerMessageLimits(int? pieceCount, int maxExtendedMessageLength)
        {
            PieceCount = pieceCount;
            MaxExtendedMessageLength = maxExtendedMessageLength;
            int bitfieldMessage = 1 + Bitfield.GetWireLength(pieceCount ?? MaxPieceCount);
            MaxMessageLength = Math.Max(Math.Max(MaxRegularMessageLength, maxExtendedMessageLength), bitfieldMessage);
        }

        /// <summary>The torrent's piece count, or null while it is unknown (a magnet link before its metadata).</summary>
        public int? PieceCount { get; }

        public int MaxExtendedMessageLength { get; }

        /// <summary>The largest length prefix any message may have under these limits; a read buffer of this plus 4 always suffices.</summary>
        public int MaxMessageLength { get; }

        public static PeerMessageLimits ForTorrent(int pieceCount, int maxExtendedMessageLength = DefaultMaxExtendedMessageLength)
        {
            if (pieceCount < 1 || pieceCount > MaxPieceCount)
            {
                throw new ArgumentOutOfRangeException(nameof(pieceCount), pieceCount, $"A torrent has 1 to {MaxPieceCount} pieces.");
            }

            return new PeerMessageLimits(pieceCount, CheckExtended(maxExtendedMessageLength));
        }

        /// <summary>Limits for a torrent whose piece count is not known yet: indexes and bitfield lengths are only bounded, not exact.</summary>
        public static PeerMessageLimits ForUnknownTorrent(int maxExtendedMessageLength = DefaultMaxExtendedMessageLength) =>
            new PeerMessageLimits(null, CheckExtended(maxExtendedMessageLength));

        private static int CheckExtended(int length) =>
            length >= 2 && length <= 16 * 1024 * 1024
                ? length
                : throw new ArgumentOutOfRangeException(nameof(length), length, "An extended message limit is 2 bytes to 16 MiB.");
    }
}
