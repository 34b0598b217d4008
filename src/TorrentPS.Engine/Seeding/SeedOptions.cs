using System;
using System.Collections.Generic;
using System.Net;
using TorrentPS.Peers;
using TorrentPS.Peers.Listening;
using TorrentPS.Peers.Serving;
using TorrentPS.Swarm.Choking;
using TorrentPS.Swarm.RateLimiting;
using TorrentPS.Tracking;

namespace TorrentPS
{
    /// <summary>How a seed session behaves. Every timing is a setting so tests can shrink it.</summary>
    public sealed class SeedOptions
    {
        public static SeedOptions Default { get; } = new SeedOptions();

        /// <summary>The TCP port to listen on (IPv4 and IPv6); 0 lets the system pick one (see <see cref="SeedSession.Port"/>).</summary>
        public int Port { get; init; } = PeerListenerSettings.Default.Port;

        /// <summary>The addresses to listen on; by default every IPv4 and IPv6 address.</summary>
        public IReadOnlyList<IPAddress> BindAddresses { get; init; } = PeerListenerSettings.Default.BindAddresses;

        /// <summary>
        /// A listener shared with other sessions; when set, the session registers with it instead of opening its
        /// own (and <see cref="Port"/> and <see cref="BindAddresses"/> are not used). The session never stops it.
        /// </summary>
        public PeerListener? Listener { get; init; }

        /// <summary>
        /// Peers to connect to: leechers that will not connect to us themselves (transmission ignores loopback
        /// peers a tracker names, so on one machine it must be given to us).
        /// </summary>
        public IReadOnlyList<IPEndPoint> Peers { get; init; } = Array.Empty<IPEndPoint>();

        /// <summary>Announce to the torrent's trackers (off for tests that hand peers over directly).</summary>
        public bool UseTrackers { get; init; } = true;

        /// <summary>Replaces the torrent's trackers when not empty.</summary>
        public IReadOnlyList<string> Trackers { get; init; } = Array.Empty<string>();

        public TrackerSettings TrackerSettings { get; init; } = TrackerSettings.Default;

        /// <summary>Timeouts of every connection, incoming and outgoing.</summary>
        public PeerConnectionSettings PeerSettings { get; init; } = PeerConnectionSettings.Default;

        /// <summary>Connections kept open at most; incoming peers beyond it are turned away.</summary>
        public int MaxPeers { get; init; } = 50;

        /// <summary>This torrent's upload limit in bytes per second; 0 is unlimited.</summary>
        public long UploadLimit { get; init; }

        /// <summary>Limits shared with other sessions (the global limits); null for none.</summary>
        public TransferLimits? GlobalLimits { get; init; }

        /// <summary>Stop once this many times the torrent's size has been uploaded (1.0 = one full copy); null: no ratio limit.</summary>
        public double? SeedRatio { get; init; }

        /// <summary>Stop after seeding this long; null: no time limit.</summary>
        public TimeSpan? SeedTime { get; init; }

        /// <summary>Upload slots and rechoke timing; seeding uses the choker's round-robin mode.</summary>
        public ChokerSettings Choker { get; init; } = ChokerSettings.Default;

        /// <summary>What a downloading peer may ask of us before it counts as hostile.</summary>
        public UploadSettings Upload { get; init; } = UploadSettings.Default;

        /// <summary>How often status snapshots are produced and the housekeeping runs.</summary>
        public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(250);

        /// <summary>A peer we failed to reach (or that left) is tried again after this long.</summary>
        public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Parallel readers when the data is checked.</summary>
        public int CheckParallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

        /// <summary>Where resume files go; null puts them in a .torrentps folder under the data folder.</summary>
        public string? ResumeFolder { get; init; }

        /// <summary>Messages worth showing as verbose output (listening, peers, trackers, stops).</summary>
        public Action<string>? Log { get; init; }

        /// <summary>Whether a ratio or a time limit ends seeding on its own.</summary>
        public bool HasGoal => SeedRatio.HasValue || SeedTime.HasValue;

        internal void Validate()
        {
            if (Listener is null && (Port < 0 || Port > ushort.MaxValue))
            {
                throw new ArgumentOutOfRangeException(nameof(Port), Port, "A port is 0 (any) to 65535.");
            }

            if (MaxPeers < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxPeers), MaxPeers, "At least one peer.");
            }

            if (UploadLimit < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(UploadLimit), UploadLimit, "The upload limit is 0 (unlimited) or more bytes per second.");
            }

            if (SeedRatio is double ratio && (double.IsNaN(ratio) || double.IsInfinity(ratio) || ratio <= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(SeedRatio), ratio, "A seed ratio is a positive number, such as 1.0 for one full copy uploaded.");
            }

            if (SeedTime is TimeSpan time && time <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(SeedTime), time, "A seed time is positive.");
            }

            if (TickInterval <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(TickInterval), TickInterval, "The tick interval is positive.");
            }

            if (ReconnectDelay < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(ReconnectDelay), ReconnectDelay, "The reconnect delay is not negative.");
            }

            if (Peers is null || Trackers is null || BindAddresses is null || TrackerSettings is null || PeerSettings is null || Choker is null || Upload is null)
            {
                throw new ArgumentNullException(nameof(SeedOptions), "The seed options have a null list or settings object.");
            }
        }
    }
}
