using System.Globalization;

namespace TorrentPS.Tracking
{
    /// <summary>The transfer totals an announce reports, as the session knows them at that moment.</summary>
    public readonly struct TrackerProgress
    {
        public TrackerProgress(long uploaded, long downloaded, long left)
        {
            Uploaded = uploaded;
            Downloaded = downloaded;
            Left = left;
        }

        public long Uploaded { get; }

        public long Downloaded { get; }

        /// <summary>Bytes still missing, counted from verified pieces.</summary>
        public long Left { get; }

        public override string ToString()
            => string.Format(CultureInfo.InvariantCulture, "up {0} down {1} left {2}", Uploaded, Downloaded, Left);
    }
}
