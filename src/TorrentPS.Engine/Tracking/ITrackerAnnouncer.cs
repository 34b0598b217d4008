using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking
{
    /// <summary>Asks one tracker. <see cref="TrackerClient"/> is the real one; the seam lets tier and updater logic be tested alone.</summary>
    public interface ITrackerAnnouncer
    {
        /// <exception cref="TrackerException">The tracker could not be asked or refused.</exception>
        Task<TrackerAnnounceResult> AnnounceAsync(string tracker, AnnounceRequest request, CancellationToken cancellationToken);
    }
}
