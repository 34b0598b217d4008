using System;
using TorrentPS.Hashing;

namespace TorrentPS.Storage
{
    /// <summary>
    /// A data-check reader's pieces waiting to be hashed together: up to <see cref="Capacity"/> pieces of one
    /// length, read side by side into one buffer and hashed in one call of the multi-buffer SHA-1, which on
    /// AVX2/AVX-512 hashes 8 or 16 pieces in about the time OpenSSL takes for two to four. Where it does not
    /// run (netstandard2.0, older CPUs) or the pieces are too large to batch enough of them, the capacity is 1
    /// and each piece is hashed alone with <see cref="Sha1"/>.
    /// </summary>
    internal sealed class PieceHashBatch
    {
        /// <summary>The most piece bytes one reader holds for a batch: 16 pieces of 1 MiB.</summary>
        public const long MaxBatchBytes = 16L * 1024 * 1024;

        private readonly int _pieceLength;
        private readonly ReadOnlyMemory<byte>[] _messages;
        private readonly int[] _pieces;
        private readonly byte[] _digests;

        public PieceHashBatch(int pieceLength, int capacity)
        {
            if (pieceLength <= 0 || capacity <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "The piece length and the capacity must be positive.");
            }

            _pieceLength = pieceLength;
            Capacity = capacity;
            Buffer = new byte[(long)pieceLength * capacity];
            _messages = new ReadOnlyMemory<byte>[capacity];
            _pieces = new int[capacity];
            _digests = new byte[capacity * Sha1.HashSize];
        }

        public int Capacity { get; }

        /// <summary>Pieces added since the last <see cref="Clear"/>.</summary>
        public int Count { get; private set; }

        /// <summary>Where the pieces are read: piece slot <c>i</c> starts at <c>i * pieceLength</c>.</summary>
        public byte[] Buffer { get; }

        /// <summary>Where the next piece's bytes go.</summary>
        public int NextOffset => Count * _pieceLength;

        /// <summary>
        /// How many pieces of <paramref name="pieceLength"/> to hash at once with <paramref name="laneCount"/> SIMD lanes:
        /// all the lanes if that fits in <see cref="MaxBatchBytes"/>, at least half of them (an emptier call costs
        /// as much as a full one, so it would be slower than hashing one by one), else 1.
        /// </summary>
        public static int ChooseCapacity(int pieceLength, int laneCount)
        {
            if (laneCount < 2)
            {
                return 1;
            }

            long fits = MaxBatchBytes / pieceLength;
            return fits >= laneCount ? laneCount : fits >= laneCount / 2 ? (int)fits : 1;
        }

        /// <summary>The capacity on this runtime and CPU.</summary>
        public static int ChooseCapacity(int pieceLength) => ChooseCapacity(pieceLength, MultiBufferSha1.LaneCount);

        /// <summary>Whether a piece of <paramref name="length"/> bytes can join: batches hold pieces of one length.</summary>
        public bool Fits(int length) => Count == 0 || (Count < Capacity && length == _messages[0].Length);

        /// <summary>Records that piece <paramref name="piece"/>'s <paramref name="length"/> bytes are at <see cref="NextOffset"/>.</summary>
        public void Add(int piece, int length)
        {
            if (!Fits(length) || length > _pieceLength)
            {
                throw new InvalidOperationException($"A piece of {length} bytes does not fit this batch.");
            }

            _messages[Count] = new ReadOnlyMemory<byte>(Buffer, NextOffset, length);
            _pieces[Count] = piece;
            Count++;
        }

        /// <summary>Hashes every piece added; then <see cref="PieceAt"/> and <see cref="DigestAt"/> tell which is which.</summary>
        public void Hash() => Sha1.HashEqualLength(_messages.AsSpan(0, Count), _digests);

        public int PieceAt(int slot) => _pieces[slot];

        public ReadOnlySpan<byte> DigestAt(int slot) => _digests.AsSpan(slot * Sha1.HashSize, Sha1.HashSize);

        public void Clear() => Count = 0;
    }
}
