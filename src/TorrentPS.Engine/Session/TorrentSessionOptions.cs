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

        /// <summary>
        /// Complete pieces waiting to be verified and written at once; bounds memory when the disk (or the hashing)
        /// is slower than the network. <see cref="MaxPendingWriteBytes"/> lowers it for big pieces.
        /// </summary>
        public int MaxPendingWrites { get; init; } = 64;

        /// <summary>The bytes those pieces may hold at once (at least one piece is always allowed): 32 MiB, so memory stays bounded whatever the piece size.</summary>
        public long MaxPendingWriteBytes { get; init; } = 32L * 1024 * 1024;

        /// <summary>
        /// Bytes requested from all peers together and not yet received: 16 MiB, a 100 MiB/s download's worth of
        /// 160 ms round trips. Each peer's own pipeline is sized by its rate; this caps their sum, and with it the
        /// memory of pieces in progress (each requested block lands in a piece buffer).
        /// </summary>
        public long MaxOutstandingRequestBytes { get; init; } = 16L * 1024 * 1024;

        /// <summary>Parallel readers when existing data is checked.</summary>
        public int CheckParallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

        /// <summary>This torrent's download limit in bytes per second; 0 is unlimited. A connection that would pass it stops reading until it may.</summary>
        public long DownloadLimit { get; init; }

        /// <summary>This torrent's upload limit in bytes per second; 0 is unlimited.</summary>
        public long UploadLimit { get; init; }

        /// <summary>Limits shared with other sessions of the process (the global caps); null for none.</summary>
        public TransferLimits? GlobalLimits { get; init; }

        /// <summary>Upload slots and rechoke timing; a download uses the choker's tit-for-tat (leeching) mode.</summary>
        public ChokerSettings Choker { get; init; } = ChokerSettings.Default;

        /// <summary>What a downloading peer may ask of us before it counts as hostile.</summary>
        public UploadSettings Upload { get; init; } = UploadSettings.Default;

        /// <summary>
        /// A listener to take incoming peers from (the session registers the torrent with it while it downloads and
        /// never stops it); null: only the peers we connect to.
        /// </summary>
        public PeerListener? Listener { get; init; }

        /// <summary>Where resume files go; null puts them in a .torrentps folder under the destination.</summary>
        public string? ResumeFolder { get; init; }

        /// <summary>Messages worth showing as verbose output (peers, trackers, hash failures).</summary>
        public Action<string>? Log { get; init; }

        internal void Validate()
        {
            if (DownloadLimit < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(DownloadLimit), DownloadLimit, "The download limit is 0 (unlimited) or more bytes per second.");
            }

            if (UploadLimit < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(UploadLimit), UploadLimit, "The upload limit is 0 (unlimited) or more bytes per second.");
            }

            if (Choker is null || Upload is null)
            {
                throw new ArgumentNullException(nameof(TorrentSessionOptions), "The session options have a null choker or upload settings object.");
            }
        }
    }
}
