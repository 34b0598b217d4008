using System;
using System.Globalization;
using System.Text;

namespace TorrentPS.Cli.Output
{
    /// <summary>The words and the bar a download's status turns into on the console.</summary>
    internal static class DownloadProgressText
    {
        private const int BarWidth = 16;

        /// <summary>
        /// The live line on a terminal: "[#####-----------]  35.2%  2.8 MiB/8.0 MiB  1.1 MiB/s  3 peers  ETA 0:05".
        /// </summary>
        public static string Bar(TorrentStatus status)
        {
            ArgumentNullException.ThrowIfNull(status);

            double percent = Math.Max(0, Math.Min(100, status.PercentComplete));
            int filled = (int)Math.Floor(percent / 100 * BarWidth);
            var line = new StringBuilder(96);
            line.Append('[').Append('#', filled).Append('-', BarWidth - filled).Append("] ");
            line.Append(Percent(percent).PadLeft(6));
            switch (status.Activity)
            {
                case TorrentActivity.CheckingData:
                    line.Append("  checking existing data");
                    break;
                case TorrentActivity.Downloading:
                    line.Append("  ").Append(ByteSize.Format(status.BytesDone)).Append('/').Append(ByteSize.Format(status.BytesTotal));
                    line.Append("  ").Append(ByteSize.Format((long)status.DownloadRate)).Append("/s");
                    line.Append("  ").Append(Peers(status));
                    line.Append("  ETA ").Append(Eta(status.Eta));
                    break;
                default:
                    line.Append("  ").Append(status.Activity.ToString().ToLowerInvariant());
                    break;
            }

            return line.ToString();
        }

        /// <summary>
        /// One self-contained line for a log file or a pipe:
        /// "downloading 35.2% · 90/256 pieces · 2.8 MiB of 8.0 MiB · 1.1 MiB/s · 3 peers · ETA 0:05".
        /// </summary>
        public static string Line(TorrentStatus status)
        {
            ArgumentNullException.ThrowIfNull(status);

            string activity = status.Activity == TorrentActivity.CheckingData ? "checking" : status.Activity.ToString().ToLowerInvariant();
            string text = string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1} · {2}/{3} pieces · {4} of {5}",
                activity,
                Percent(status.PercentComplete),
                status.PiecesDone,
                status.PieceCount,
                ByteSize.Format(status.BytesDone),
                ByteSize.Format(status.BytesTotal));
            if (status.Activity == TorrentActivity.Downloading)
            {
                text += $" · {ByteSize.Format((long)status.DownloadRate)}/s · {Peers(status)} · ETA {Eta(status.Eta)}";
            }

            return text;
        }

        /// <summary>"0:42", "12:05" or "3:07:09"; "?" while nothing arrives.</summary>
        public static string Eta(TimeSpan? eta)
        {
            if (eta is not TimeSpan left)
            {
                return "?";
            }

            long seconds = (long)Math.Ceiling(left.TotalSeconds);
            long hours = seconds / 3600;
            long minutes = seconds / 60 % 60;
            long rest = seconds % 60;
            return hours > 0
                ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}:{2:00}", hours, minutes, rest)
                : string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}", minutes, rest);
        }

        private static string Percent(double percent) => percent.ToString("0.0", CultureInfo.InvariantCulture) + "%";

        private static string Peers(TorrentStatus status) =>
            status.PeersConnected == 1 ? "1 peer" : status.PeersConnected.ToString(CultureInfo.InvariantCulture) + " peers";
    }
}
