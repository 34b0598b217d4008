using System;
using System.Collections.Generic;
using System.Globalization;

namespace TorrentPS.Peers.Serving
{
    /// <summary>
    /// One peer's side of uploading: whether we choke it, the requests we accepted and have not served yet
    /// (in arrival order, bounded), and how many of its requests we had to refuse. It decides; the caller
    /// (see <see cref="PeerUploader"/>) sends. A peer starts choked. Thread-safe: requests arrive on the read
    /// loop while the serve loop takes them and the choker chokes.
    /// </summary>
    /// <remarks>
    /// BEP 6 with the Fast extension: every request gets exactly one answer, a piece or a reject, even a
    /// cancelled one; a choke rejects everything queued; a request while choked is rejected. Without it: a
    /// choke silently drops the queue and requests while choked are ignored.
    /// </remarks>
    public sealed class PeerUploadState
    {
        private readonly object _gate = new object();
        private readonly UploadRules _rules;
        private readonly LinkedList<BlockRequest> _queue = new LinkedList<BlockRequest>();
        private readonly Dictionary<BlockRequest, LinkedListNode<BlockRequest>> _queued = new Dictionary<BlockRequest, LinkedListNode<BlockRequest>>();
        private bool _choked = true;
        private int _generation;
        private int _refused;
        private int _forgiven;

        internal PeerUploadState(UploadRules rules, bool supportsFast)
        {
            _rules = rules;
            SupportsFast = supportsFast;
        }

        public bool SupportsFast { get; }

        /// <summary>Whether we choke the peer (its requests are refused).</summary>
        public bool IsChoked
        {
            get
            {
                lock (_gate)
                {
                    return _choked;
                }
            }
        }

        public int QueuedCount
        {
            get
            {
                lock (_gate)
                {
                    return _queue.Count;
                }
            }
        }

        /// <summary>Requests refused since the peer was last unchoked that counted against <see cref="UploadSettings.MaxRefusedRequests"/>.</summary>
        public int RefusedCount
        {
            get
            {
                lock (_gate)
                {
                    return _refused;
                }
            }
        }

        /// <summary>Judges a request from the peer and queues it when it is to be served.</summary>
        public RequestDecision OnRequest(BlockRequest block)
        {
            string? problem = _rules.FindProblem(block);
            if (problem is not null)
            {
                bool badIndex = (uint)block.PieceIndex >= (uint)_rules.Torrent.PieceCount;
                return RequestDecision.Disconnect(badIndex ? PeerProtocolError.BadPieceIndex : PeerProtocolError.BadBlock, problem);
            }

            bool have = _rules.HasPiece(block.PieceIndex);
            lock (_gate)
            {
                if (!have)
                {
                    string reason = string.Format(CultureInfo.InvariantCulture, "A request for {0}, a piece we do not have (nor announced).", block);
                    // Without Fast there is no polite refusal, and a peer that asks for what we never offered is broken.
                    return SupportsFast ? Refuse(reason, forgivable: false) : RequestDecision.Disconnect(PeerProtocolError.BadPieceIndex, reason);
                }

                if (_choked)
                {
                    return Refuse(string.Format(CultureInfo.InvariantCulture, "A request for {0} while choked.", block), forgivable: true);
                }

                if (_queued.ContainsKey(block))
                {
                    return RequestDecision.Duplicate(string.Format(CultureInfo.InvariantCulture, "{0} is already queued.", block));
                }

                if (_queue.Count >= _rules.Settings.MaxQueuedRequests)
                {
                    return RequestDecision.Disconnect(
                        PeerProtocolError.BadBlock,
                        string.Format(CultureInfo.InvariantCulture, "A request flood: {0} requests waiting and another arrived ({1}).", _queue.Count, block));
                }

                _queued.Add(block, _queue.AddLast(block));
                return RequestDecision.Queued;
            }
        }

        /// <summary>Takes a request off the queue if it is still there.</summary>
        public CancelOutcome OnCancel(BlockRequest block)
        {
            lock (_gate)
            {
                if (!_queued.TryGetValue(block, out LinkedListNode<BlockRequest>? node))
                {
                    return CancelOutcome.NotQueued;
                }

                _queued.Remove(block);
                _queue.Remove(node);
                return SupportsFast ? CancelOutcome.RemovedSendReject : CancelOutcome.Removed;
            }
        }

        /// <summary>Lets the peer's requests in. Returns false when it was not choked.</summary>
        public bool Unchoke()
        {
            lock (_gate)
            {
                if (!_choked)
                {
                    return false;
                }

                _choked = false;
                _refused = 0;
                _forgiven = 0;
                return true;
            }
        }

        /// <summary>
        /// Chokes the peer and empties its queue. Returns false when it was choked already. <paramref name="toReject"/>
        /// gets the requests to reject: all of them with the Fast extension (BEP 6), none without, where the choke
        /// itself drops them (BEP 3).
        /// </summary>
        public bool Choke(out IReadOnlyList<BlockRequest> toReject)
        {
            lock (_gate)
            {
                toReject = Array.Empty<BlockRequest>();
                if (_choked)
                {
                    return false;
                }

                _choked = true;
                _generation++;
                // Its requests already on the wire cross our choke: that many refusals are not its fault.
                _forgiven = _rules.Settings.MaxQueuedRequests;
                if (SupportsFast && _queue.Count > 0)
                {
                    toReject = new List<BlockRequest>(_queue);
                }

                _queue.Clear();
                _queued.Clear();
                return true;
            }
        }

        /// <summary>
        /// The piece of the first queued request that is not in <paramref name="piece"/>, among the next 128 (a
        /// megabyte or two of blocks, enough to read ahead of), if any: the one to read ahead.
        /// </summary>
        public bool TryPeekNextPiece(int piece, out int next)
        {
            lock (_gate)
            {
                int looked = 0;
                for (LinkedListNode<BlockRequest>? node = _queue.First; node is not null && looked < 128; node = node.Next, looked++)
                {
                    if (node.Value.PieceIndex != piece)
                    {
                        next = node.Value.PieceIndex;
                        return true;
                    }
                }

                next = -1;
                return false;
            }
        }

        /// <summary>The oldest queued request, and a ticket to check with <see cref="MaySend"/> once its data is read.</summary>
        public bool TryDequeue(out BlockRequest block, out int ticket)
        {
            lock (_gate)
            {
                ticket = _generation;
                LinkedListNode<BlockRequest>? first = _queue.First;
                if (first is null)
                {
                    block = default;
                    return false;
                }

                block = first.Value;
                _queue.RemoveFirst();
                _queued.Remove(block);
                return true;
            }
        }

        /// <summary>
        /// Takes up to <paramref name="max"/> more queued requests, oldest first, into <paramref name="blocks"/> if they
        /// were accepted under <paramref name="ticket"/> (no choke came in between): what is already queued goes out
        /// together. Returns how many it took.
        /// </summary>
        public int DequeueMore(List<BlockRequest> blocks, int max, int ticket)
        {
            if (blocks is null)
            {
                throw new ArgumentNullException(nameof(blocks));
            }

            lock (_gate)
            {
                int taken = 0;
                while (taken < max && ticket == _generation && _queue.First is LinkedListNode<BlockRequest> first)
                {
                    blocks.Add(first.Value);
                    _queue.RemoveFirst();
                    _queued.Remove(first.Value);
                    taken++;
                }

                return taken;
            }
        }

        /// <summary>
        /// Whether a block taken with <paramref name="ticket"/> may still be sent: yes unless a choke came in
        /// between and the peer lacks the Fast extension (it dropped the request with the choke, so the data
        /// would arrive unrequested). With Fast a request being processed is allowed to complete (BEP 6).
        /// </summary>
        public bool MaySend(int ticket)
        {
            lock (_gate)
            {
                return SupportsFast || ticket == _generation;
            }
        }

        private RequestDecision Refuse(string reason, bool forgivable)
        {
            if (forgivable && _forgiven > 0)
            {
                _forgiven--;
                return RequestDecision.Refuse(SupportsFast, reason);
            }

            _refused++;
            if (_refused > _rules.Settings.MaxRefusedRequests)
            {
                return RequestDecision.Disconnect(
                    PeerProtocolError.BadBlock,
                    string.Format(CultureInfo.InvariantCulture, "{0} requests refused (choked, or pieces we lack); the last: {1}", _refused, reason));
            }

            return RequestDecision.Refuse(SupportsFast, reason);
        }
    }
}
