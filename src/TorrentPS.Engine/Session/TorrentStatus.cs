using System;
using System.Globalization;

namespace TorrentPS
{
    /// <summary>An immutable snapshot of a torrent session: what hosts turn into progress bars and job properties.</summary>
    public sealed class TorrentStatus
    {
        public TorrentStatus(
            string name,
            TorrentActivity activity,
            long bytesDone,
            long bytesTotal,
            int piecesDone,
            int pieceCount,
            double downloadRate,
            double uploadRate,
            int peersConnected,
            int peersKnown,
            int seedsConnected,
            long bytesUploaded)
        {
            Name = name;
            Activity = activity;
            BytesDone = bytesDone;
            BytesTotal = bytesTotal;
            PiecesDone = piecesDone;
            PieceCount = pieceCount;
            DownloadRate = downloadRate;
            UploadRate = uploadRate;
            PeersConnected = peersConnected;
            PeersKnown = peersKnown;
            SeedsConnected = seedsConnected;
            BytesUploaded = bytesUploaded;
        }

        public string Name { get; }

        public TorrentActivity Activity { get; }

        /// <summary>Verified bytes.</summary>
        public long BytesDone { get; }

        public long BytesTotal { get; }

        public int PiecesDone { get; }

        public int PieceCount { get; }

        /// <summary>Payload bytes per second received.</summary>
        public double DownloadRate { get; }

        /// <summary>Payload bytes per second sent.</summary>
        public double UploadRate { get; }

        public int PeersConnected { get; }

        public int PeersKnown { get; }

        public int SeedsConnected { get; }

        public long BytesUploaded { get; }

        public double PercentComplete => BytesTotal == 0 ? 100 : Math.Round(100.0 * BytesDone / BytesTotal, 2);

        /// <summary>Time left at the current rate; null when nothing is arriving or all is done.</summary>
        public TimeSpan? Eta => BytesDone >= BytesTotal ? TimeSpan.Zero : DownloadRate < 1 ? (TimeSpan?)null : TimeSpan.FromSeconds(Math.Ceiling((BytesTotal - BytesDone) / DownloadRate));

        /// <summary>A one-line summary such as "42.1% · 3.2 MiB/s · 17 peers".</summary>
        public override string ToString()
        {
            string percent = PercentComplete.ToString("0.#", CultureInfo.InvariantCulture) + "%";
            return Activity switch
            {
                TorrentActivity.Downloading => $"{percent} · {ByteSize.Format((long)DownloadRate)}/s · {PeersConnected} peers",
                TorrentActivity.Seeding => $"seeding · {ByteSize.Format((long)UploadRate)}/s up · {PeersConnected} peers",
                TorrentActivity.CheckingData => $"checking data · {percent}",
                _ => $"{Activity.ToString().ToLowerInvariant()} · {percent}",
            };
        }
    }
}
