using System.Collections.Generic;

namespace TorrentPS.Peers
{
    /// <summary>
    /// The blocks we asked one peer for, so a piece message can be matched to a request. Requests we cancelled
    /// are remembered for a while: their data may legitimately still be on the wire and must not count against
    /// the peer. Thread-safe: requests are sent from the session while pieces arrive on the read loop.
    /// </summary>
    internal sealed class PendingRequests
    {
        // Enough for any sane pipeline; past it the oldest memory of cancellations is simply forgotten.
        private const int MaxRememberedCancellations = 1024;

        private readonly HashSet<BlockRequest> _requested = new HashSet<BlockRequest>();
        private readonly HashSet<BlockRequest> _cancelled = new HashSet<BlockRequest>();
        private readonly object _gate = new object();

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _requested.Count;
                }
            }
        }

        public void Add(BlockRequest block)
        {
            lock (_gate)
            {
                _requested.Add(block);
                _cancelled.Remove(block);
            }
        }

        public void Cancel(BlockRequest block)
        {
            lock (_gate)
            {
                if (_requested.Remove(block))
                {
                    if (_cancelled.Count >= MaxRememberedCancellations)
                    {
                        _cancelled.Clear();
                    }

                    _cancelled.Add(block);
                }
            }
        }

        /// <summary>The peer rejected (or implicitly dropped) a request: it is no longer outstanding.</summary>
        public bool Remove(BlockRequest block)
        {
            lock (_gate)
            {
                return _requested.Remove(block);
            }
        }

        /// <summary>Matches arriving data to what we asked for.</summary>
        public BlockMatch MatchArrival(BlockRequest block)
        {
            lock (_gate)
            {
                if (_requested.Remove(block))
                {
                    return BlockMatch.Requested;
                }

                return _cancelled.Remove(block) ? BlockMatch.Cancelled : BlockMatch.Unrequested;
            }
        }

        /// <summary>A choke without the Fast extension discards every outstanding request (BEP 3).</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _requested.Clear();
                _cancelled.Clear();
            }
        }

        public BlockRequest[] Snapshot()
        {
            lock (_gate)
            {
                var blocks = new BlockRequest[_requested.Count];
                _requested.CopyTo(blocks);
                return blocks;
            }
        }
    }

    internal enum BlockMatch
    {
        Requested,
        Cancelled,
        Unrequested,
    }
}
