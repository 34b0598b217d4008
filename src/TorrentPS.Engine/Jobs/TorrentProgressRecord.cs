using System;
using System.Globalization;

namespace TorrentPS.Jobs
{
    /// <summary>
    /// What one progress bar shows for a status snapshot, in PowerShell's terms (a ProgressRecord's fields) but
    /// without PowerShell: hosts copy these fields over. Percent is whole (0-100), seconds remaining -1 when
    /// unknown, and the texts are never empty because PowerShell refuses empty activity and status.
    /// </summary>
    public sealed class TorrentProgressRecord
    {
        private TorrentProgressRecord(int activityId, string activity, string statusDescription, string currentOperation, int percentComplete, int secondsRemaining, bool isCompleted)
        {
            ActivityId = activityId;
            Activity = activity;
            StatusDescription = statusDescription;
            CurrentOperation = currentOperation;
            PercentComplete = percentComplete;
            SecondsRemaining = secondsRemaining;
            IsCompleted = isCompleted;
        }

        public int ActivityId { get; }

        /// <summary>"Downloading name": the bar's title.</summary>
        public string Activity { get; }

        /// <summary>The snapshot's one-line summary, such as "42.1% · 3.2 MiB/s · 17 peers".</summary>
        public string StatusDescription { get; }

        /// <summary>Pieces and bytes: "120/300 pieces · 12.0 MiB of 30.0 MiB".</summary>
        public string CurrentOperation { get; }

        public int PercentComplete { get; }

        public int SecondsRemaining { get; }

        /// <summary>True for the record that closes the bar.</summary>
        public bool IsCompleted { get; }

        /// <summary>
        /// The activity id for a job's bar. Job ids are unique in a process, so bars of jobs received together
        /// (Receive-Job -Wait, Wait-TorrentDownload) never overwrite each other.
        /// </summary>
        public static int ActivityIdForJob(int jobId)
        {
            if (jobId < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(jobId), jobId, "A job id is never negative.");
            }

            return jobId;
        }

        public static TorrentProgressRecord From(int activityId, TorrentStatus status, bool completed)
        {
            if (status is null)
            {
                throw new ArgumentNullException(nameof(status));
            }

            if (activityId < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(activityId), activityId, "PowerShell activity ids are not negative.");
            }

            int percent = (int)Math.Floor(Math.Max(0, Math.Min(100, status.PercentComplete)));
            int seconds = status.Eta is TimeSpan eta ? (int)Math.Min(int.MaxValue, Math.Ceiling(eta.TotalSeconds)) : -1;
            string name = string.IsNullOrWhiteSpace(status.Name) ? "torrent" : status.Name;
            string verb;
            string operation;
            if (status.Activity == TorrentActivity.Seeding)
            {
                // A seeder has nothing left to fetch: what matters is what it gave and the ratio it reached.
                verb = "Seeding";
                double ratio = status.BytesTotal <= 0 ? 0 : (double)status.BytesUploaded / status.BytesTotal;
                operation = string.Format(CultureInfo.InvariantCulture, "{0} uploaded (ratio {1:0.00}) · {2}/{3} pieces offered", ByteSize.Format(status.BytesUploaded), ratio, status.PiecesDone, status.PieceCount);
                seconds = -1;
            }
            else
            {
                verb = status.Activity == TorrentActivity.CheckingData ? "Checking" : "Downloading";
                operation = string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}/{1} pieces · {2} of {3}",
                    status.PiecesDone,
                    status.PieceCount,
                    ByteSize.Format(status.BytesDone),
                    ByteSize.Format(status.BytesTotal));
            }

            return new TorrentProgressRecord(activityId, $"{verb} {name}", status.ToString(), operation, percent, completed ? -1 : seconds, completed);
        }

        public override string ToString() => $"{Activity}: {StatusDescription}";
    }
}
