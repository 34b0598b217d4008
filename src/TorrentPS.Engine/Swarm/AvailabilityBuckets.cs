using System;
using System.Collections.Generic;

namespace TorrentPS.Swarm
{
    /// <summary>
    /// Pieces grouped by how many (non-seed) peers have them, with O(1) moves between groups, so the rarest
    /// candidate is found without scanning every piece. Seeds are counted once for all pieces instead of
    /// moving every piece when a seed arrives or leaves.
    /// </summary>
    internal sealed class AvailabilityBuckets
    {
        private readonly List<List<int>> _buckets = new List<List<int>>();
        private readonly int[] _count;
        private readonly int[] _positionInBucket;

        public AvailabilityBuckets(int pieceCount)
        {
            _count = new int[pieceCount];
            _positionInBucket = new int[pieceCount];
            var zero = new List<int>(pieceCount);
            for (int i = 0; i < pieceCount; i++)
            {
                _positionInBucket[i] = i;
                zero.Add(i);
            }

            _buckets.Add(zero);
        }

        /// <summary>Peers that have every piece; they add the same to every piece's availability.</summary>
        public int Seeds { get; set; }

        public int Availability(int piece) => _count[piece] + Seeds;

        /// <summary>The highest per-piece (non-seed) count in use; buckets above it are empty.</summary>
        public int MaxCount => _buckets.Count - 1;

        public IReadOnlyList<int> Bucket(int count) => count < _buckets.Count ? _buckets[count] : Array.Empty<int>();

        public void Increment(int piece) => Move(piece, _count[piece] + 1);

        public void Decrement(int piece)
        {
            if (_count[piece] > 0)
            {
                Move(piece, _count[piece] - 1);
            }
        }

        private void Move(int piece, int newCount)
        {
            List<int> from = _buckets[_count[piece]];
            int position = _positionInBucket[piece];
            int last = from[from.Count - 1];
            from[position] = last;
            _positionInBucket[last] = position;
            from.RemoveAt(from.Count - 1);

            while (_buckets.Count <= newCount)
            {
                _buckets.Add(new List<int>());
            }

            List<int> to = _buckets[newCount];
            _positionInBucket[piece] = to.Count;
            to.Add(piece);
            _count[piece] = newCount;
        }
    }
}
