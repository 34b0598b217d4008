using System;
using System.Collections;
using System.Collections.Generic;

namespace TorrentPS
{
    /// <summary>The SHA-1 of every piece, sliced on demand from the torrent's <c>pieces</c> string rather than copied up front.</summary>
    public sealed class PieceHashList : IReadOnlyList<byte[]>
    {
        public const int HashLength = 20;
        private readonly ReadOnlyMemory<byte> _pieces;

        internal PieceHashList(ReadOnlyMemory<byte> pieces)
        {
            _pieces = pieces;
        }

        public int Count => _pieces.Length / HashLength;

        /// <summary>A copy of the hash of piece <paramref name="index"/>.</summary>
        public byte[] this[int index] => GetSpan(index).ToArray();

        /// <summary>The hash of piece <paramref name="index"/> without copying.</summary>
        public ReadOnlySpan<byte> GetSpan(int index)
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The torrent has {Count} pieces.");
            }

            return _pieces.Span.Slice(index * HashLength, HashLength);
        }

        public IEnumerator<byte[]> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
