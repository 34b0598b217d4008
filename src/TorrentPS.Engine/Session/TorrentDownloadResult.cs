using System;

namespace TorrentPS
{
    /// <summary>What a download run achieved: the object a download job or -Wait emits.</summary>
    public sealed class TorrentDownloadResult
    {
        public TorrentDownloadResult(string name, InfoHash infoHash, string path, long size, TimeSpan duration, long bytesDownloaded, int peersUsed, bool isComplete, int piecesVerified, int pieceCount)
        {
            Name = name;
            InfoHash = infoHash;
            Path = path;
            Size = size;
            Duration = duration;
            BytesDownloaded = bytesDownloaded;
            PeersUsed = peersUsed;
            IsComplete = isComplete;
            PiecesVerified = piecesVerified;
            PieceCount = pieceCount;
        }

        public string Name { get; }

        public InfoHash InfoHash { get; }

        /// <summary>The downloaded file, or the folder of a multi-file torrent.</summary>
        public string Path { get; }

        /// <summary>Bytes of content (padding left out).</summary>
        public long Size { get; }

        public TimeSpan Duration { get; }

        /// <summary>Payload bytes received in this run (a resumed download counts only what it fetched).</summary>
        public long BytesDownloaded { get; }

        /// <summary>Bytes per second over the run.</summary>
        public double AverageRate => Duration.TotalSeconds <= 0 ? 0 : BytesDownloaded / Duration.TotalSeconds;

        /// <summary>Peers that sent at least one block we kept.</summary>
        public int PeersUsed { get; }

        /// <summary>Every piece is on disk and verified against its SHA-1.</summary>
        public bool IsComplete { get; }

        public int PiecesVerified { get; }

        public int PieceCount { get; }

        public override string ToString() =>
            IsComplete
                ? $"{Name}: complete, {ByteSize.Format(Size)} in {Duration.TotalSeconds:0.#} s ({ByteSize.Format((long)AverageRate)}/s)"
                : $"{Name}: {PiecesVerified}/{PieceCount} pieces verified";
    }
}
