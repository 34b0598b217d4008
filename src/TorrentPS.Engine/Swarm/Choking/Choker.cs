using System;
using System.Collections.Generic;
using System.Linq;

namespace TorrentPS.Swarm.Choking
{
    /// <summary>
    /// The classic choking algorithm as a pure function of peer snapshots and the time: no sockets, no clock
    /// reads. Call <see cref="Rechoke"/> every <see cref="ChokerSettings.RechokeInterval"/> (and whenever an
    /// unchoked peer leaves) and apply the decision. It remembers only its own past decisions: which peers are
    /// optimistic and since when, and each peer's seeding turn.
    /// <list type="bullet">
    /// <item>Leeching: the regular slots go to the interested, non-snubbed peers that give us the most
    /// (tit-for-tat); a snubbed peer can only be unchoked optimistically.</item>
    /// <item>Seeding: round robin. A peer keeps its regular slot for a turn, then goes to the back of the line;
    /// the peers that have waited longest come next, so every interested peer gets turns.</item>
    /// <item>Optimistic slots go to other interested peers, picked at random with new peers
    /// <see cref="ChokerSettings.NewPeerWeight"/> times likelier, and rotate every <see cref="ChokerSettings.OptimisticInterval"/>.</item>
    /// </list>
    /// Not thread-safe: one session calls it from one place.
    /// </summary>
    public sealed class Choker<TPeer>
        where TPeer : notnull
    {
        private readonly Random _random;
        private readonly Dictionary<TPeer, PeerMemory> _memory;
        private readonly List<TPeer> _optimistic = new List<TPeer>();
        private TimeSpan? _optimisticSince;

        /// <param name="random">The source of optimistic picks; tests pass a seeded one.</param>
        public Choker(ChokerSettings? settings = null, Random? random = null, IEqualityComparer<TPeer>? comparer = null)
        {
            Settings = settings ?? ChokerSettings.Default;
            Settings.Validate();
            _random = random ?? new Random();
            _memory = new Dictionary<TPeer, PeerMemory>(comparer ?? EqualityComparer<TPeer>.Default);
        }

        public ChokerSettings Settings { get; }

        /// <summary>Decides who is unchoked from now on. <paramref name="peers"/> are all connected peers; a peer missing from it is forgotten.</summary>
        public ChokerDecision<TPeer> Rechoke(IEnumerable<ChokerPeer<TPeer>> peers, ChokerMode mode, TimeSpan now)
        {
            if (peers is null)
            {
                throw new ArgumentNullException(nameof(peers));
            }

            List<ChokerPeer<TPeer>> all = peers.ToList();
            var present = new HashSet<TPeer>(_memory.Comparer);
            foreach (ChokerPeer<TPeer> peer in all)
            {
                if (!present.Add(peer.Peer))
                {
                    throw new ArgumentException($"The peer {peer.Peer} is listed twice.", nameof(peers));
                }
            }

            Forget(present);
            List<ChokerPeer<TPeer>> interested = all.Where(p => p.IsInterested).ToList();
            int regularSlots = Settings.UploadSlots - Settings.OptimisticSlots;
            List<ChokerPeer<TPeer>> regular = (mode == ChokerMode.Seeding ? RankForSeeding(interested, now) : RankForLeeching(interested))
                .Take(regularSlots)
                .ToList();
            RecordTurns(regular, now);

            var regularSet = new HashSet<TPeer>(regular.Select(p => p.Peer), _memory.Comparer);
            bool rotated = PickOptimistic(interested.Where(p => !regularSet.Contains(p.Peer)).ToList(), now);
            return new ChokerDecision<TPeer>(
                regular.Select(p => p.Peer).ToList(),
                _optimistic.ToList(),
                now + Settings.RechokeInterval,
                rotated);
        }

        private IEnumerable<ChokerPeer<TPeer>> RankForLeeching(List<ChokerPeer<TPeer>> interested) =>
            interested
                .Where(p => !p.IsSnubbed)
                .OrderByDescending(p => p.DownloadRate)
                // On equal rates the peers already unchoked keep their slots: no needless flapping.
                .ThenByDescending(p => Memory(p.Peer).TurnStartedAt.HasValue)
                .ThenBy(p => p.ConnectedAt);

        private IEnumerable<ChokerPeer<TPeer>> RankForSeeding(List<ChokerPeer<TPeer>> interested, TimeSpan now)
        {
            // A peer in the middle of its turn keeps it; then whoever has waited longest; the faster peer on a tie.
            return interested
                .OrderBy(p => IsInTurn(p.Peer, now) ? 0 : 1)
                .ThenBy(p => IsInTurn(p.Peer, now) ? Memory(p.Peer).TurnStartedAt!.Value : WaitingSince(p, now))
                .ThenByDescending(p => p.UploadRate)
                .ThenBy(p => p.ConnectedAt);
        }

        private bool IsInTurn(TPeer peer, TimeSpan now) =>
            Memory(peer).TurnStartedAt is TimeSpan started && now - started < Settings.SeedingTurn;

        private TimeSpan WaitingSince(ChokerPeer<TPeer> peer, TimeSpan now)
        {
            PeerMemory memory = Memory(peer.Peer);
            if (memory.TurnStartedAt.HasValue)
            {
                return now; // its turn is over right now: to the back of the line
            }

            return memory.TurnEndedAt ?? peer.ConnectedAt;
        }

        private void RecordTurns(List<ChokerPeer<TPeer>> regular, TimeSpan now)
        {
            var chosen = new HashSet<TPeer>(regular.Select(p => p.Peer), _memory.Comparer);
            foreach (KeyValuePair<TPeer, PeerMemory> entry in _memory)
            {
                if (entry.Value.TurnStartedAt.HasValue && !chosen.Contains(entry.Key))
                {
                    entry.Value.TurnStartedAt = null;
                    entry.Value.TurnEndedAt = now;
                }
            }

            foreach (ChokerPeer<TPeer> peer in regular)
            {
                PeerMemory memory = Memory(peer.Peer);
                if (!memory.TurnStartedAt.HasValue || !IsInTurn(peer.Peer, now))
                {
                    // A fresh turn: a peer that keeps winning on rate (leeching) or is alone in line (seeding) starts another.
                    memory.TurnStartedAt = now;
                }
            }
        }

        /// <summary>Keeps the optimistic peers while they still qualify and their interval runs; otherwise picks anew.</summary>
        private bool PickOptimistic(List<ChokerPeer<TPeer>> candidates, TimeSpan now)
        {
            var eligible = new HashSet<TPeer>(candidates.Select(p => p.Peer), _memory.Comparer);
            bool due = _optimisticSince is not TimeSpan since || now - since >= Settings.OptimisticInterval;
            if (!due && _optimistic.Count == Math.Min(Settings.OptimisticSlots, candidates.Count) && _optimistic.All(eligible.Contains))
            {
                return false;
            }

            var previous = new HashSet<TPeer>(_optimistic, _memory.Comparer);
            _optimistic.Clear();
            if (!due)
            {
                // Mid-interval: only replace those that left, lost interest or won a regular slot.
                foreach (TPeer peer in previous.Where(eligible.Contains))
                {
                    _optimistic.Add(peer);
                }
            }

            // Rotation means someone else's turn: the previous picks come back only when nobody else is waiting.
            List<ChokerPeer<TPeer>> pool = candidates.Where(p => !previous.Contains(p.Peer)).ToList();
            FillFrom(pool, now);
            FillFrom(candidates.Where(p => !_optimistic.Contains(p.Peer, _memory.Comparer)).ToList(), now);
            if (due)
            {
                _optimisticSince = now;
            }

            return true;
        }

        private void FillFrom(List<ChokerPeer<TPeer>> pool, TimeSpan now)
        {
            while (_optimistic.Count < Settings.OptimisticSlots && pool.Count > 0)
            {
                int index = PickWeighted(pool, now);
                _optimistic.Add(pool[index].Peer);
                pool.RemoveAt(index);
            }
        }

        private int PickWeighted(List<ChokerPeer<TPeer>> pool, TimeSpan now)
        {
            int total = 0;
            foreach (ChokerPeer<TPeer> peer in pool)
            {
                total += Weight(peer, now);
            }

            int ticket = _random.Next(total);
            for (int i = 0; i < pool.Count; i++)
            {
                ticket -= Weight(pool[i], now);
                if (ticket < 0)
                {
                    return i;
                }
            }

            return pool.Count - 1;
        }

        private int Weight(ChokerPeer<TPeer> peer, TimeSpan now) =>
            now - peer.ConnectedAt < Settings.NewPeerAge ? Settings.NewPeerWeight : 1;

        private void Forget(HashSet<TPeer> present)
        {
            foreach (TPeer gone in _memory.Keys.Where(k => !present.Contains(k)).ToList())
            {
                _memory.Remove(gone);
            }

            _optimistic.RemoveAll(p => !present.Contains(p));
        }

        private PeerMemory Memory(TPeer peer)
        {
            if (!_memory.TryGetValue(peer, out PeerMemory? memory))
            {
                memory = new PeerMemory();
                _memory.Add(peer, memory);
            }

            return memory;
        }

        private sealed class PeerMemory
        {
            /// <summary>Since when the peer holds a regular slot; null while it does not.</summary>
            public TimeSpan? TurnStartedAt { get; set; }

            /// <summary>When it last lost its regular slot.</summary>
            public TimeSpan? TurnEndedAt { get; set; }
        }
    }
}
