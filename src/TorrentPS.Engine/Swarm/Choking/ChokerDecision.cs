using System;
using System.Collections.Generic;
using System.Linq;

namespace TorrentPS.Swarm.Choking
{
    /// <summary>The outcome of one rechoke: who is unchoked (regular and optimistic) and when to ask again. Everyone else is choked.</summary>
    public sealed class ChokerDecision<TPeer>
        where TPeer : notnull
    {
        private readonly HashSet<TPeer> _unchoked;

        internal ChokerDecision(IReadOnlyList<TPeer> regular, IReadOnlyList<TPeer> optimistic, TimeSpan nextRechokeAt, bool optimisticRotated)
        {
            Regular = regular;
            Optimistic = optimistic;
            NextRechokeAt = nextRechokeAt;
            OptimisticRotated = optimisticRotated;
            _unchoked = new HashSet<TPeer>(regular.Concat(optimistic));
        }

        /// <summary>The peers that earned a slot (by rate while leeching, by turn while seeding), best first.</summary>
        public IReadOnlyList<TPeer> Regular { get; }

        /// <summary>The peers unchoked regardless of rate.</summary>
        public IReadOnlyList<TPeer> Optimistic { get; }

        /// <summary>Every peer to unchoke; the session chokes all the others.</summary>
        public IReadOnlyCollection<TPeer> Unchoked => _unchoked;

        /// <summary>When the session should call Rechoke next.</summary>
        public TimeSpan NextRechokeAt { get; }

        /// <summary>Whether this rechoke picked new optimistic peers.</summary>
        public bool OptimisticRotated { get; }

        public bool IsUnchoked(TPeer peer) => _unchoked.Contains(peer);

        public override string ToString() =>
            $"unchoke [{string.Join(", ", Regular)}] + optimistic [{string.Join(", ", Optimistic)}]";
    }
}
