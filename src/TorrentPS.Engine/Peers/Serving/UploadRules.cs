using System;
using System.Globalization;

namespace TorrentPS.Peers.Serving
{
    /// <summary>
    /// A torrent's rules for serving blocks: which requests make sense at all (piece index, offset, length,
    /// within the piece) and whether we have the piece. One per torrent; <see cref="CreatePeer"/> makes the
    /// per-peer state that applies them together with choking and queue bounds.
    /// </summary>
    public sealed class UploadRules
    {
        private readonly Func<int, bool> _hasPiece;

        /// <param name="hasPiece">Whether a verified piece is on disk; called from connections' read loops, so it must be thread-safe.</param>
        public UploadRules(TorrentInfo torrent, Func<int, bool> hasPiece, UploadSettings? settings = null)
        {
            Torrent = torrent ?? throw new ArgumentNullException(nameof(torrent));
            _hasPiece = hasPiece ?? throw new ArgumentNullException(nameof(hasPiece));
            Settings = settings ?? UploadSettings.Default;
            Settings.Validate();
        }

        public TorrentInfo Torrent { get; }

        public UploadSettings Settings { get; }

        public bool HasPiece(int piece) => _hasPiece(piece);

        /// <summary>Why <paramref name="block"/> can never be served (out of the torrent, oversized, past the piece end), or null when it is well formed.</summary>
        public string? FindProblem(BlockRequest block)
        {
            CultureInfo c = CultureInfo.InvariantCulture;
            if ((uint)block.PieceIndex >= (uint)Torrent.PieceCount)
            {
                return string.Format(c, "A request for piece {0}: the torrent has pieces 0 to {1}.", block.PieceIndex, Torrent.PieceCount - 1);
            }

            if (block.Length < 1 || block.Length > Settings.MaxBlockLength)
            {
                return string.Format(c, "A request for {0} bytes ({1}): blocks are 1 to {2} bytes.", block.Length, block, Settings.MaxBlockLength);
            }

            int size = Torrent.GetPieceSize(block.PieceIndex);
            if (block.Begin < 0 || (long)block.Begin + block.Length > size)
            {
                return string.Format(c, "A request for {0} runs past the end of the piece, which is {1} bytes.", block, size);
            }

            return null;
        }

        /// <summary>Per-peer state for a new connection; <paramref name="supportsFast"/> is the connection's negotiated Fast extension.</summary>
        public PeerUploadState CreatePeer(bool supportsFast) => new PeerUploadState(this, supportsFast);
    }
}
