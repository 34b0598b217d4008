using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using TorrentPS.Peers.Listening;

namespace TorrentPS.Seeding
{
    /// <summary>
    /// One listener per port for every seed session of the process: several torrents seeded at once on the same
    /// port (one job each) share it, each registered by its info-hash. Counted: the last session to leave stops it.
    /// Port 0 is never shared (each asks the system for a port of its own).
    /// </summary>
    internal static class SharedListeners
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, Entry> Entries = new Dictionary<string, Entry>(StringComparer.Ordinal);

        public static PeerListener Acquire(PeerListenerSettings settings)
        {
            string key = Key(settings);
            lock (Gate)
            {
                if (Entries.TryGetValue(key, out Entry? entry))
                {
                    entry.Users++;
                    return entry.Listener;
                }

                PeerListener listener = PeerListener.Start(settings);
                Entries.Add(key, new Entry(listener));
                return listener;
            }
        }

        public static Task ReleaseAsync(PeerListener listener)
        {
            lock (Gate)
            {
                foreach (KeyValuePair<string, Entry> entry in Entries)
                {
                    if (ReferenceEquals(entry.Value.Listener, listener))
                    {
                        if (--entry.Value.Users > 0)
                        {
                            return Task.CompletedTask;
                        }

                        Entries.Remove(entry.Key);
                        break;
                    }
                }
            }

            return listener.StopAsync();
        }

        private static string Key(PeerListenerSettings settings) =>
            settings.Port + "|" + string.Join(",", settings.BindAddresses.Select(a => a.ToString()).OrderBy(a => a, StringComparer.Ordinal));

        private sealed class Entry
        {
            public Entry(PeerListener listener) => Listener = listener;

            public PeerListener Listener { get; }

            public int Users { get; set; } = 1;
        }
    }
}
