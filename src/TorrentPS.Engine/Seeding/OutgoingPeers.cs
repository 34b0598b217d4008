using System;
using System.Collections.Generic;
using System.Net;

namespace TorrentPS.Seeding
{
    /// <summary>
    /// The addresses a seed session connects out to (given peers and those trackers name), each with the time it
    /// may next be tried: one attempt at a time per address, another after a delay when it fails or the peer
    /// leaves. Not thread-safe: the session guards it with its lock.
    /// </summary>
    internal sealed class OutgoingPeers
    {
        private readonly Dictionary<IPEndPoint, Entry> _entries = new Dictionary<IPEndPoint, Entry>();

        /// <summary>Addresses known, in use or waiting.</summary>
        public int Count => _entries.Count;

        /// <summary>Adds an address to try now; one already known keeps its state.</summary>
        public void Add(IPEndPoint endPoint, string source)
        {
            if (!_entries.ContainsKey(endPoint))
            {
                _entries.Add(endPoint, new Entry(source));
            }
        }

        /// <summary>An address due for an attempt, marked busy until <see cref="Release"/> or <see cref="Remove"/>.</summary>
        public bool TryTake(TimeSpan now, out IPEndPoint endPoint, out string source)
        {
            foreach (KeyValuePair<IPEndPoint, Entry> entry in _entries)
            {
                if (!entry.Value.Busy && entry.Value.NextAttempt <= now)
                {
                    entry.Value.Busy = true;
                    endPoint = entry.Key;
                    source = entry.Value.Source;
                    return true;
                }
            }

            endPoint = null!;
            source = string.Empty;
            return false;
        }

        /// <summary>The attempt or connection ended: the address may be tried again after <paramref name="delay"/>.</summary>
        public void Release(IPEndPoint endPoint, TimeSpan now, TimeSpan delay)
        {
            if (_entries.TryGetValue(endPoint, out Entry? entry))
            {
                entry.Busy = false;
                entry.NextAttempt = now + delay;
            }
        }

        /// <summary>Never again (a seed: there is nothing to give it).</summary>
        public void Remove(IPEndPoint endPoint) => _entries.Remove(endPoint);

        private sealed class Entry
        {
            public Entry(string source) => Source = source;

            public string Source { get; }

            public bool Busy { get; set; }

            public TimeSpan NextAttempt { get; set; }
        }
    }
}
