using System;
using System.Globalization;

namespace TorrentPS
{
    /// <summary>What a seed run achieved: the object a seed job or Start-TorrentSeed -Wait emits.</summary>
    public sealed class TorrentSeedResult
    {
        public TorrentSeedResult(
            string name,
            InfoHash infoHash,
            string path,
            long size,
            TimeSpan duration,
            long bytesUploaded,
            int peersServed,
            int piecesSeeded,
            int pieceCount,
            int port,
            SeedStopReason stopReason)
        {
            Name = name;
            InfoHash = infoHash;
            Path = path;
            Size = size;
            Duration = duration;
            BytesUploaded = bytesUploaded;
            PeersServed = peersServed;
            PiecesSeeded = piecesSeeded;
            PieceCount = pieceCount;
            Port = port;
            StopReason = stopReason;
        }

        public string Name { get; }

        public InfoHash InfoHash { get; }

        /// <summary>The seeded file, or the folder of a multi-file torrent.</summary>
        public string Path { get; }

        /// <summary>Bytes of content (padding left out).</summary>
        public long Size { get; }

        /// <summary>How long it seeded (the data check included).</summary>
        public TimeSpan Duration { get; }

        /// <summary>Block bytes sent to peers in this run.</summary>
        public long BytesUploaded { get; }

        /// <summary>Bytes uploaded per byte of content in this run: 1.0 is one full copy.</summary>
        public double Ratio => Size <= 0 ? 0 : (double)BytesUploaded / Size;

        /// <summary>Bytes per second over the run.</summary>
        public double AverageUploadRate => Duration.TotalSeconds <= 0 ? 0 : BytesUploaded / Duration.TotalSeconds;

        /// <summary>Peers that were sent at least one block.</summary>
        public int PeersServed { get; }

        /// <summary>Verified pieces that were offered; fewer than <see cref="PieceCount"/> when the data is incomplete.</summary>
        public int PiecesSeeded { get; }

        public int PieceCount { get; }

        /// <summary>Every piece was verified and offered.</summary>
        public bool IsComplete => PiecesSeeded == PieceCount;

        /// <summary>The port it listened on.</summary>
        public int Port { get; }

        public SeedStopReason StopReason { get; }

        public override string ToString()
        {
            string what = string.Format(
                CultureInfo.InvariantCulture,
                "{0}: uploaded {1} (ratio {2:0.00}) to {3} {4} in {5:0.#} s",
                Name,
                ByteSize.Format(BytesUploaded),
                Ratio,
                PeersServed,
                PeersServed == 1 ? "peer" : "peers",
                Duration.TotalSeconds);
            string why = StopReason switch
            {
                SeedStopReason.RatioReached => "ratio reached",
                SeedStopReason.TimeReached => "seed time reached",
                _ => "stopped",
            };
            string partial = IsComplete ? string.Empty : string.Format(CultureInfo.InvariantCulture, "; only {0}/{1} pieces", PiecesSeeded, PieceCount);
            return $"{what}; {why}{partial}";
        }
    }
}
