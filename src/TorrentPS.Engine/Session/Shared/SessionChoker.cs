using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Peers.Serving;
using TorrentPS.Swarm.Choking;

namespace TorrentPS.Session
{
    /// <summary>
    /// A session's choker and its schedule, as the download and the seed session run it: a rechoke when it is due
    /// or asked for early, each open peer's new state recorded, and the choke or unchoke messages sent without
    /// waiting. Not thread-safe: the session calls it under its lock (except <see cref="Send"/>).
    /// </summary>
    internal sealed class SessionChoker<TPeer>
        where TPeer : notnull
    {
        private readonly Choker<TPeer> _choker;
        private TimeSpan _nextRechoke;
        private bool _rechokeEarly;

        public SessionChoker(ChokerSettings settings) => _choker = new Choker<TPeer>(settings);

        public bool IsDue(TimeSpan now) => _rechokeEarly || now >= _nextRechoke;

        /// <summary>Rechokes at the next tick instead of the scheduled time: a slot came free or a peer now wants one.</summary>
        public void RechokeEarly() => _rechokeEarly = true;

        /// <summary>Decides who is unchoked among <paramref name="open"/>; <paramref name="record"/> stores each peer's new state.</summary>
        public List<(TPeer Peer, bool Unchoke)> Rechoke(List<TPeer> open, Func<TPeer, ChokerPeer<TPeer>> describe, ChokerMode mode, TimeSpan now, Action<TPeer, bool> record)
        {
            ChokerDecision<TPeer> decision = _choker.Rechoke(open.Select(describe), mode, now);
            _nextRechoke = decision.NextRechokeAt;
            _rechokeEarly = false;
            var changes = new List<(TPeer, bool)>(open.Count);
            foreach (TPeer peer in open)
            {
                bool unchoked = decision.IsUnchoked(peer);
                record(peer, unchoked);
                changes.Add((peer, unchoked));
            }

            return changes;
        }

        /// <summary>Sends the decisions (outside the session's lock).</summary>
        public static void Send(List<(TPeer Peer, bool Unchoke)> changes, Func<TPeer, PeerUploader> uploader)
        {
            foreach ((TPeer peer, bool unchoke) in changes)
            {
                // Not awaited: a peer that does not read must not hold up the choking of the others.
                Observe(unchoke ? uploader(peer).UnchokeAsync() : uploader(peer).ChokeAsync());
            }
        }

        private static void Observe(Task task) =>
            _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
