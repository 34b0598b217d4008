using System;
using System.Collections.Generic;

namespace TorrentPS.Swarm
{
    /// <summary>
    /// A piece being downloaded: which blocks are received and who was asked for the rest. Outside endgame a
    /// block has at most one requester, kept in a plain slot so requesting a block allocates nothing; only a
    /// block asked of a second peer (endgame) gets a list for the others. <see cref="Reset"/> lets the picker
    /// reuse one instance and its arrays for the next piece of the same block count.
    /// </summary>
    internal sealed class ActivePiece
    {
        private readonly object?[] _firstRequester;

        // Requesters after the first, per block; allocated only when endgame asks a second peer.
        private List<object>?[]? _otherRequesters;

        public ActivePiece(int index, int blockCount)
        {
            Index = index;
            Received = new bool[blockCount];
            _firstRequester = new object?[blockCount];
            Unrequested = blockCount;
        }

        public int Index { get; private set; }

        public bool[] Received { get; }

        public int ReceivedCount { get; set; }

        /// <summary>Blocks neither received nor requested from anyone.</summary>
        public int Unrequested { get; set; }

        /// <summary>Peers that delivered blocks of this piece: the suspects when its hash fails.</summary>
        public HashSet<object> Contributors { get; } = new HashSet<object>();

        public int BlockCount => Received.Length;

        public bool IsComplete => ReceivedCount == Received.Length;

        /// <summary>Peers with an outstanding request for the block (more than one only in endgame).</summary>
        public int RequesterCount(int block)
        {
            if (_firstRequester[block] is null)
            {
                return 0;
            }

            return 1 + (_otherRequesters?[block]?.Count ?? 0);
        }

        /// <summary>The <paramref name="i"/>th of <see cref="RequesterCount"/> requesters of the block.</summary>
        public object Requester(int block, int i) => i == 0 ? _firstRequester[block]! : _otherRequesters![block]![i - 1];

        public bool IsRequestedBy(int block, object peer)
        {
            object? first = _firstRequester[block];
            if (first is null)
            {
                return false;
            }

            return ReferenceEquals(first, peer) || first.Equals(peer) || (_otherRequesters?[block]?.Contains(peer) ?? false);
        }

        public void AddRequester(int block, object peer)
        {
            if (_firstRequester[block] is null)
            {
                _firstRequester[block] = peer;
                return;
            }

            _otherRequesters ??= new List<object>?[BlockCount];
            (_otherRequesters[block] ??= new List<object>(1)).Add(peer);
        }

        /// <summary>Removes one requester of the block; false when it had not been asked.</summary>
        public bool RemoveRequester(int block, object peer)
        {
            object? first = _firstRequester[block];
            if (first is null)
            {
                return false;
            }

            List<object>? others = _otherRequesters?[block];
            if (ReferenceEquals(first, peer) || first.Equals(peer))
            {
                // The next requester, if any, moves into the slot so a block with requesters always has a first.
                if (others is { Count: > 0 })
                {
                    _firstRequester[block] = others[others.Count - 1];
                    others.RemoveAt(others.Count - 1);
                }
                else
                {
                    _firstRequester[block] = null;
                }

                return true;
            }

            return others is not null && others.Remove(peer);
        }

        public void ClearRequesters(int block)
        {
            _firstRequester[block] = null;
            _otherRequesters?[block]?.Clear();
        }

        /// <summary>Makes this instance a fresh, unrequested piece <paramref name="index"/> of the same block count.</summary>
        public void Reset(int index)
        {
            Index = index;
            Array.Clear(Received, 0, Received.Length);
            Array.Clear(_firstRequester, 0, _firstRequester.Length);
            if (_otherRequesters is not null)
            {
                foreach (List<object>? others in _otherRequesters)
                {
                    others?.Clear();
                }
            }

            ReceivedCount = 0;
            Unrequested = BlockCount;
            Contributors.Clear();
        }
    }
}
