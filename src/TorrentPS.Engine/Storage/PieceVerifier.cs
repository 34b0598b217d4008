using System;
using System.Globalization;

namespace TorrentPS.Storage
{
    /// <summary>Checks piece data against the torrent's SHA-1 piece hashes. Thread-safe; allocation-free on .NET.</summary>
    public sealed class PieceVerifier
    {
        public PieceVerifier(TorrentInfo torrent)
        {
            Torrent = torrent ?? throw new ArgumentNullException(nameof(torrent));
        }

        public TorrentInfo Torrent { get; }

        /// <summary>True when <paramref name="data"/> is exactly piece <paramref name="pieceIndex"/>: the right length and the right hash.</summary>
        public bool Verify(int pieceIndex, ReadOnlySpan<byte> data)
        {
            if ((uint)pieceIndex >= (uint)Torrent.PieceCount)
            {
                throw new ArgumentOutOfRangeException(nameof(pieceIndex), pieceIndex, string.Format(CultureInfo.InvariantCulture, "The torrent has {0} pieces.", Torrent.PieceCount));
            }

            if (data.Length != Torrent.GetPieceSize(pieceIndex))
            {
                return false;
            }

            Span<byte> hash = stackalloc byte[Sha1.HashSize];
            Sha1.Hash(data, hash);
            return hash.SequenceEqual(Torrent.PieceHashes.GetSpan(pieceIndex));
        }
    }
}
