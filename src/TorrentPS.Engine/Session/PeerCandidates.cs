using System;
using System.Collections.Generic;
using System.Net;

namespace TorrentPS.Session
{
    /// <summary>
    /// Every peer address the session has heard of, and whether it may be tried now: not connected, not
    /// being connected, not banned, and past its retry time. Guarded by the session's lock.
    /// </summary>
    internal sealed class PeerCandidates
    {
        private readonly Dictionary<IPEndPoint, Candidate> _known = new Dictionary<IPEndPoint, Candidate>();
        private readonly Queue<IPEndPoint> _order = new Queue<IPEndPoint>();

        public int Count => _known.Count;

        public void Add(IPEndPoint endPoint, string source)
        {
            if (!_known.ContainsKey(endPoint))
            {
                _known.Add(endPoint, new Candidate(source));
                _order.Enqueue(endPoint);
            }
        }

        /// <summary>The next address to try, in the order they were learnt, cycling past those that must wait.</summary>
        public bool TryTake(TimeSpan now, out IPEndPoint endPoint, out string source)
        {
            for (int i = _order.Count; i > 0; i--)
            {
                IPEndPoint next = _order.Dequeue();
                _order.Enqueue(next);
                Candidate candidate = _known[next];
                if (!candidate.Busy && !candidate.Banned && candidate.NotBefore <= now)
                {
                    candidate.Busy = true;
                    endPoint = next;
                    source = candidate.Source;
                    return true;
                }
            }

            endPoint = null!;
            source = string.Empty;
            return false;
        }

        /// <summary>The attempt failed or the connection ended: the address may be tried again after <paramref name="delay"/>.</summary>
        public void Release(IPEndPoint endPoint, TimeSpan now, TimeSpan delay)
        {
            if (_known.TryGetValue(endPoint, out Candidate? candidate))
            {
                candidate.Busy = false;
                candidate.NotBefore = now + delay;
            }
        }

        /// <summary>
        /// A new run starts: every address not banned may be tried at once. Retry times are on the run's clock,
        /// which starts again from zero, so times left from an earlier run would hold addresses back for as long
        /// as that run had lasted.
        /// </summary>
        public void ClearRetryTimes()
        {
            foreach (Candidate candidate in _known.Values)
            {
                candidate.Busy = false;
                candidate.NotBefore = TimeSpan.Zero;
            }
        }

        public void Ban(IPEndPoint endPoint)
        {
            if (_known.TryGetValue(endPoint, out Candidate? candidate))
            {
                candidate.Banned = true;
            }
            else
            {
                _known.Add(endPoint, new Candidate("banned") { Banned = true });
            }
        }

        public bool IsBanned(IPEndPoint endPoint) => _known.TryGetValue(endPoint, out Candidate? candidate) && candidate.Banned;

        private sealed class Candidate
        {
            public Candidate(string source)
            {
                Source = source;
            }

            public string Source { get; }

            public bool Busy { get; set; }

            public bool Banned { get; set; }

            public TimeSpan NotBefore { get; set; }
        }
    }
}
