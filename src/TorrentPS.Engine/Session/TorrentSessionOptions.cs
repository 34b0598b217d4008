using System;
using System.Collections.Generic;
using System.Net;
using TorrentPS.Peers;
using TorrentPS.Tracking;

namespace TorrentPS
{
    /// <summary>How a download session behaves. Every timing is a setting so tests can shrink it.</summary>
    public sealed class TorrentSessionOptions
    {
        public static TorrentSessionOptions Default { get; } = new TorrentSessionOptions();

        /// <summary>Connections kept open at most.</summary>
        public int MaxPeers { get; init; } = 50;

        /// <summary>Connection attempts under way at once: enough that no slow peer holds up the rest.</summary>
        public int MaxConnectAttempts { get; init; } = 16;

        /// <summary>The port told to trackers.</summary>
        public int Port { get; init; } = 6881;

        /// <summary>Peers to connect to besides those the trackers name.</summary>
        public IReadOnlyList<IPEndPoint> Peers { get; init; } = Array.Empty<IPEndPoint>();

        /// <summary>Ask the torrent's trackers for peers (off for tests that hand peers over directly).</summary>
        public bool UseTrackers { get; init; } = true;

        /// <summary>Replaces the torrent's trackers when not empty.</summary>
        public IReadOnlyList<string> Trackers { get; init; } = Array.Empty<string>();

        public TrackerSettings TrackerSettings { get; init; } = TrackerSettings.Default;

        public PeerConnectionSettings PeerSettings { get; init; } = PeerConnectionSettings.Default;

        /// <summary>How often status snapshots are produced and the session's housekeeping runs.</summary>
        public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(250);

        /// <summary>An unchoked peer that sends nothing for this long is snubbing us: its requests go elsewhere.</summary>
        public TimeSpan SnubTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>A peer that failed or left is tried again after this long (banned peers never are).</summary>
        public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>How often resume state is written while downloading.</summary>
        public TimeSpan ResumeSaveInterval { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Hash failures a peer may contribute to before it is banned (a sole contributor is banned at once).</summary>
        public int MaxHashFailures { get; init; } = 2;

        /// <summary>Verified pieces waiting to be written at once; bounds memory when the disk is slower than the network.</summary>
        public int MaxPendingWrites { get; init; } = 64;

        /// <summary>Parallel readers when existing data is checked.</summary>
        public int CheckParallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

        /// <summary>Where resume files go; null puts them in a .torrentps folder under the destination.</summary>
        public string? ResumeFolder { get; init; }

        /// <summary>Messages worth showing as verbose output (peers, trackers, hash failures).</summary>
        public Action<string>? Log { get; init; }
    }
}
