using System;
using System.Collections.Generic;

namespace TorrentPS.Swarm
{
    /// <summary>
    /// Pieces grouped by how many (non-seed) peers have them, with O(1) moves between groups, so the rarest
    /// candidate is found without scanning every piece. Seeds are counted once for all pieces instead of
    /// moving every piece when a seed arrives or leaves. A piece that cannot be started (verified, already
    /// active, unwanted) is left out of the groups while its count is still kept, so finding the rarest
    /// candidate costs the same however much of the torrent is done.
    /// </summary>
    internal sealed class AvailabilityBuckets
    {
        private readonly List<List<int>> _buckets = new List<List<int>>();
        private readonly int[] _count;
        private const int Excluded = -1;

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

        /// <summary>The included pieces whose (non-seed) count is <paramref name="count"/>, in no particular order.</summary>
        public IReadOnlyList<int> Bucket(int count) => count < _buckets.Count ? _buckets[count] : Array.Empty<int>();

        public bool IsIncluded(int piece) => _positionInBucket[piece] != Excluded;

        public void Increment(int piece) => Move(piece, _count[piece] + 1);

        public void Decrement(int piece)
        {
            if (_count[piece] > 0)
            {
                Move(piece, _count[piece] - 1);
            }
        }

        /// <summary>Takes the piece out of the groups (its count is still kept up to date).</summary>
        public void Exclude(int piece)
        {
            if (IsIncluded(piece))
            {
                RemoveFromBucket(piece);
            }
        }

        /// <summary>Puts an excluded piece back into the group of its count.</summary>
        public void Include(int piece)
        {
            if (!IsIncluded(piece))
            {
                AddToBucket(piece);
            }
        }

        private void Move(int piece, int newCount)
        {
            bool included = IsIncluded(piece);
            if (included)
            {
                RemoveFromBucket(piece);
            }

            _count[piece] = newCount;
            if (included)
            {
                AddToBucket(piece);
            }
        }

        private void RemoveFromBucket(int piece)
        {
            List<int> from = _buckets[_count[piece]];
            int position = _positionInBucket[piece];
            int last = from[from.Count - 1];
            from[position] = last;
            _positionInBucket[last] = position;
            from.RemoveAt(from.Count - 1);
            _positionInBucket[piece] = Excluded;
        }

        private void AddToBucket(int piece)
        {
            int count = _count[piece];
            while (_buckets.Count <= count)
            {
                _buckets.Add(new List<int>());
            }

            List<int> to = _buckets[count];
            _positionInBucket[piece] = to.Count;
            to.Add(piece);
        }
    }
}
