using System;
using System.Collections.Generic;
using TorrentPS.Peers;

namespace TorrentPS.Swarm
{
    /// <summary>
    /// Decides which blocks to ask each peer for: blocks of pieces already started first (so pieces finish
    /// and can be shared), then the rarest pieces the peer has, ties broken at random; in endgame, blocks
    /// already requested elsewhere so the last pieces do not wait on one slow peer. Pure policy: no sockets,
    /// no clock; the session calls it from one thread.
    /// </summary>
    public sealed class PiecePicker
    {
        public const int DefaultBlockSize = 16 * 1024;

        /// <summary>In endgame, how many peers may be asked for the same block at once.</summary>
        public const int MaxEndgameRequesters = 2;

        // Finished pieces of the usual size kept for reuse, so a download does not allocate a piece's
        // bookkeeping arrays for every piece; a few are enough since pieces finish about as fast as they start.
        private const int MaxSparePieces = 8;

        private readonly int _pieceLength;
        private readonly long _totalSize;
        private readonly Random _random;
        private readonly bool[] _verified;
        private readonly bool[] _wanted;
        private readonly AvailabilityBuckets _availability;
        private readonly List<ActivePiece> _active = new List<ActivePiece>();
        private readonly Dictionary<int, ActivePiece> _activeByIndex = new Dictionary<int, ActivePiece>();
        private readonly Dictionary<object, HashSet<BlockRequest>> _outstanding = new Dictionary<object, HashSet<BlockRequest>>();
        private readonly Stack<ActivePiece> _spare = new Stack<ActivePiece>();
        private int _wantedRemaining;

        public PiecePicker(int pieceCount, int pieceLength, long totalSize, Random random, int blockSize = DefaultBlockSize)
        {
            if (pieceCount <= 0 || pieceLength <= 0 || blockSize <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(pieceCount), "Piece count, piece length and block size must be positive.");
            }

            PieceCount = pieceCount;
            _pieceLength = pieceLength;
            _totalSize = totalSize;
            _random = random ?? throw new ArgumentNullException(nameof(random));
            BlockSize = blockSize;
            _verified = new bool[pieceCount];
            _wanted = new bool[pieceCount];
            for (int i = 0; i < pieceCount; i++)
            {
                _wanted[i] = true;
            }

            _wantedRemaining = pieceCount;
            _availability = new AvailabilityBuckets(pieceCount);
        }

        public int PieceCount { get; }

        public int BlockSize { get; }

        public int VerifiedCount { get; private set; }

        /// <summary>Every wanted piece is verified.</summary>
        public bool IsComplete => _wantedRemaining == 0;

        /// <summary>No wanted block is left that nobody has been asked for.</summary>
        public bool IsEndgame
        {
            get
            {
                if (_wantedRemaining == 0 || _wantedRemaining != _active.Count)
                {
                    return false;
                }

                foreach (ActivePiece piece in _active)
                {
                    if (piece.Unrequested > 0)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public bool IsVerified(int piece) => _verified[piece];

        public int Availability(int piece) => _availability.Availability(piece);

        public int PieceSize(int piece) => piece < PieceCount - 1 ? _pieceLength : (int)(_totalSize - ((long)_pieceLength * (PieceCount - 1)));

        public int BlockCount(int piece) => (PieceSize(piece) + BlockSize - 1) / BlockSize;

        /// <summary>Marks a piece as held (from a data check, resume data, or a passed hash check).</summary>
        public void MarkVerified(int piece)
        {
            if (_verified[piece])
            {
                return;
            }

            _verified[piece] = true;
            RemoveActive(piece);
            UpdateCandidate(piece);
            VerifiedCount++;
            if (_wanted[piece])
            {
                _wantedRemaining--;
            }
        }

        /// <summary>File selection: unwanted pieces are never picked.</summary>
        public void SetWanted(int piece, bool wanted)
        {
            if (_wanted[piece] == wanted)
            {
                return;
            }

            _wanted[piece] = wanted;
            if (!_verified[piece])
            {
                _wantedRemaining += wanted ? 1 : -1;
            }

            if (!wanted)
            {
                RemoveActive(piece);
            }

            UpdateCandidate(piece);
        }

        public void PeerHasPiece(int piece) => _availability.Increment(piece);

        public void PeerLostPiece(int piece) => _availability.Decrement(piece);

        public void SeedJoined() => _availability.Seeds++;

        public void SeedLeft() => _availability.Seeds = Math.Max(0, _availability.Seeds - 1);

        /// <summary>Adds up to <paramref name="maxBlocks"/> new requests for <paramref name="peer"/> to <paramref name="into"/>.</summary>
        public int Pick(object peer, Func<int, bool> peerHas, int maxBlocks, List<BlockRequest> into)
        {
            int picked = 0;

            // Finish what is started before starting anything new.
            for (int i = 0; i < _active.Count && picked < maxBlocks; i++)
            {
                if (peerHas(_active[i].Index))
                {
                    picked += TakeUnrequested(_active[i], peer, maxBlocks - picked, into);
                }
            }

            while (picked < maxBlocks)
            {
                int piece = RarestStartable(peerHas);
                if (piece < 0)
                {
                    break;
                }

                picked += TakeUnrequested(Activate(piece), peer, maxBlocks - picked, into);
            }

            if (picked < maxBlocks && IsEndgame)
            {
                picked += TakeEndgame(peer, peerHas, maxBlocks - picked, into);
            }

            return picked;
        }

        /// <summary>
        /// Records a block that arrived. Peers in <paramref name="cancelFrom"/> had also been asked for it
        /// (endgame) and should be sent a cancel.
        /// </summary>
        public BlockOutcome BlockReceived(object peer, BlockRequest block, List<object>? cancelFrom = null)
        {
            if (!TryLocate(block, out ActivePiece? piece, out int index) || !piece.IsRequestedBy(index, peer))
            {
                return BlockOutcome.NotRequested;
            }

            for (int i = piece.RequesterCount(index) - 1; i >= 0; i--)
            {
                object other = piece.Requester(index, i);
                Outstanding(other).Remove(block);
                if (!ReferenceEquals(other, peer))
                {
                    cancelFrom?.Add(other);
                }
            }

            piece.ClearRequesters(index);
            if (piece.Received[index])
            {
                return BlockOutcome.Duplicate;
            }

            piece.Received[index] = true;
            piece.ReceivedCount++;
            piece.Contributors.Add(peer);
            return piece.IsComplete ? BlockOutcome.PieceComplete : BlockOutcome.Accepted;
        }

        /// <summary>The peer choked us, rejected, timed out or left: its requests go back to the pool.</summary>
        public void ReleaseRequests(object peer)
        {
            if (!_outstanding.TryGetValue(peer, out HashSet<BlockRequest>? requests))
            {
                return;
            }

            foreach (BlockRequest block in requests)
            {
                Unrequest(peer, block);
            }

            _outstanding.Remove(peer);
        }

        /// <summary>One request goes back to the pool (a reject, or a request that timed out).</summary>
        public void ReleaseRequest(object peer, BlockRequest block)
        {
            if (_outstanding.TryGetValue(peer, out HashSet<BlockRequest>? requests) && requests.Remove(block))
            {
                Unrequest(peer, block);
            }
        }

        /// <summary>The assembled piece failed its hash: start it over. Returns the peers that sent its blocks.</summary>
        public IReadOnlyCollection<object> PieceFailed(int piece)
        {
            if (!_activeByIndex.TryGetValue(piece, out ActivePiece? active))
            {
                return Array.Empty<object>();
            }

            var suspects = new List<object>(active.Contributors);
            RemoveActive(piece);
            UpdateCandidate(piece);
            return suspects;
        }

        public int OutstandingCount(object peer) => _outstanding.TryGetValue(peer, out HashSet<BlockRequest>? requests) ? requests.Count : 0;

        public bool IsOutstanding(object peer, BlockRequest block) => _outstanding.TryGetValue(peer, out HashSet<BlockRequest>? requests) && requests.Contains(block);

        /// <summary>
        /// The rarest piece the peer has among those not started yet. The availability buckets hold only
        /// startable pieces (see <see cref="UpdateCandidate"/>), so this never walks past done or active ones.
        /// </summary>
        private int RarestStartable(Func<int, bool> peerHas)
        {
            for (int count = 0; count <= _availability.MaxCount; count++)
            {
                IReadOnlyList<int> bucket = _availability.Bucket(count);
                if (bucket.Count == 0)
                {
                    continue;
                }

                // A random starting point spreads peers over different equally rare pieces.
                int start = _random.Next(bucket.Count);
                for (int k = 0; k < bucket.Count; k++)
                {
                    int piece = bucket[(start + k) % bucket.Count];
                    if (peerHas(piece))
                    {
                        return piece;
                    }
                }
            }

            return -1;
        }

        /// <summary>Keeps the piece in the availability buckets exactly while it could be started.</summary>
        private void UpdateCandidate(int piece)
        {
            if (_wanted[piece] && !_verified[piece] && !_activeByIndex.ContainsKey(piece))
            {
                _availability.Include(piece);
            }
            else
            {
                _availability.Exclude(piece);
            }
        }

        private ActivePiece Activate(int piece)
        {
            int blockCount = BlockCount(piece);
            ActivePiece active;
            if (_spare.Count > 0 && _spare.Peek().BlockCount == blockCount)
            {
                active = _spare.Pop();
                active.Reset(piece);
            }
            else
            {
                active = new ActivePiece(piece, blockCount);
            }

            _active.Add(active);
            _activeByIndex.Add(piece, active);
            _availability.Exclude(piece);
            return active;
        }

        private int TakeUnrequested(ActivePiece piece, object peer, int max, List<BlockRequest> into)
        {
            int taken = 0;
            for (int b = 0; b < piece.BlockCount && taken < max && piece.Unrequested > 0; b++)
            {
                if (!piece.Received[b] && piece.RequesterCount(b) == 0)
                {
                    AddRequester(piece, b, peer, into);
                    piece.Unrequested--;
                    taken++;
                }
            }

            return taken;
        }

        private int TakeEndgame(object peer, Func<int, bool> peerHas, int max, List<BlockRequest> into)
        {
            int taken = 0;
            foreach (ActivePiece piece in _active)
            {
                if (!peerHas(piece.Index))
                {
                    continue;
                }

                for (int b = 0; b < piece.BlockCount && taken < max; b++)
                {
                    int requesters = piece.RequesterCount(b);
                    if (!piece.Received[b] && requesters > 0 && requesters < MaxEndgameRequesters && !piece.IsRequestedBy(b, peer))
                    {
                        AddRequester(piece, b, peer, into);
                        taken++;
                    }
                }
            }

            return taken;
        }

        private void AddRequester(ActivePiece piece, int block, object peer, List<BlockRequest> into)
        {
            piece.AddRequester(block, peer);
            BlockRequest request = MakeRequest(piece.Index, block);
            Outstanding(peer).Add(request);
            into.Add(request);
        }

        private void Unrequest(object peer, BlockRequest block)
        {
            if (!TryLocate(block, out ActivePiece? piece, out int index))
            {
                return;
            }

            if (!piece.RemoveRequester(index, peer))
            {
                return;
            }

            if (piece.RequesterCount(index) == 0)
            {
                if (!piece.Received[index])
                {
                    piece.Unrequested++;
                }
            }
        }

        /// <summary>
        /// Drops the piece's bookkeeping and its outstanding requests. The caller decides, with
        /// <see cref="UpdateCandidate"/>, whether it may be started again.
        /// </summary>
        private void RemoveActive(int piece)
        {
            if (!_activeByIndex.TryGetValue(piece, out ActivePiece? active))
            {
                return;
            }

            for (int b = 0; b < active.BlockCount; b++)
            {
                for (int i = active.RequesterCount(b) - 1; i >= 0; i--)
                {
                    Outstanding(active.Requester(b, i)).Remove(MakeRequest(piece, b));
                }
            }

            _active.Remove(active);
            _activeByIndex.Remove(piece);
            if (active.BlockCount == BlockCount(0) && _spare.Count < MaxSparePieces)
            {
                _spare.Push(active);
            }
        }

        private bool TryLocate(BlockRequest block, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ActivePiece? piece, out int index)
        {
            index = block.Begin / BlockSize;
            if (_activeByIndex.TryGetValue(block.PieceIndex, out piece) && block.Begin % BlockSize == 0 && index < piece.BlockCount && MakeRequest(block.PieceIndex, index) == block)
            {
                return true;
            }

            piece = null;
            return false;
        }

        private BlockRequest MakeRequest(int piece, int block)
        {
            int offset = block * BlockSize;
            return new BlockRequest(piece, offset, Math.Min(BlockSize, PieceSize(piece) - offset));
        }

        private HashSet<BlockRequest> Outstanding(object peer)
        {
            if (!_outstanding.TryGetValue(peer, out HashSet<BlockRequest>? requests))
            {
                requests = new HashSet<BlockRequest>();
                _outstanding.Add(peer, requests);
            }

            return requests;
        }
    }
}
