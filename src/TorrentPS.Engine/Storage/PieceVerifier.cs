using System;
using System.Globalization;
using System.Threading.Tasks;

namespace TorrentPS.Storage
{
    /// <summary>Checks piece data against the torrent's SHA-1 piece hashes. Thread-safe; allocation-free on .NET.</summary>
    public sealed class PieceVerifier
    {
        private readonly Sha1BatchQueue _hashes;

        public PieceVerifier(TorrentInfo torrent)
            : this(torrent, Sha1BatchQueue.Shared)
        {
        }

        internal PieceVerifier(TorrentInfo torrent, Sha1BatchQueue hashes)
        {
            Torrent = torrent ?? throw new ArgumentNullException(nameof(torrent));
            _hashes = hashes ?? throw new ArgumentNullException(nameof(hashes));
        }

        public TorrentInfo Torrent { get; }

        /// <summary>True when <paramref name="data"/> is exactly piece <paramref name="pieceIndex"/>: the right length and the right hash.</summary>
        public bool Verify(int pieceIndex, ReadOnlySpan<byte> data)
        {
            if (!HasPieceLength(pieceIndex, data.Length))
            {
                return false;
            }

            Span<byte> hash = stackalloc byte[Sha1.HashSize];
            Sha1.Hash(data, hash);
            return hash.SequenceEqual(Torrent.PieceHashes.GetSpan(pieceIndex));
        }

        /// <summary>
        /// <see cref="Verify"/> for a piece that may wait to be hashed together with others of its length (see
        /// <see cref="Sha1BatchQueue"/>): what a download uses, where a verdict a few milliseconds later costs nothing.
        /// <paramref name="data"/> must stay untouched until the task completes.
        /// </summary>
        public async Task<bool> VerifyAsync(int pieceIndex, ReadOnlyMemory<byte> data)
        {
            if (!HasPieceLength(pieceIndex, data.Length))
            {
                return false;
            }

            var hash = new byte[Sha1.HashSize];
            await _hashes.HashAsync(data, hash).ConfigureAwait(false);
            return hash.AsSpan().SequenceEqual(Torrent.PieceHashes.GetSpan(pieceIndex));
        }

        private bool HasPieceLength(int pieceIndex, int length)
        {
            if ((uint)pieceIndex >= (uint)Torrent.PieceCount)
            {
                throw new ArgumentOutOfRangeException(nameof(pieceIndex), pieceIndex, string.Format(CultureInfo.InvariantCulture, "The torrent has {0} pieces.", Torrent.PieceCount));
            }

            return length == Torrent.GetPieceSize(pieceIndex);
        }
    }
}
