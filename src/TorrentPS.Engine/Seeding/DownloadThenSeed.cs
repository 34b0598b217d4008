using System;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS
{
    /// <summary>
    /// A download that goes on seeding: runs a <see cref="TorrentSession"/> and, when it completes and a seed
    /// ratio or time is given, a <see cref="SeedSession"/> on the same data until that limit or cancellation.
    /// Without a ratio or time it is just the download. The hosts (Start-TorrentDownload -SeedRatio/-SeedTime,
    /// <c>torrentps download --seed-ratio/--seed-time</c>) call <see cref="RunAsync"/> and nothing else; a run
    /// can be repeated (a resumed job downloads what is missing, then seeds again).
    /// </summary>
    public sealed class DownloadThenSeed
    {
        private readonly TorrentSession _download;
        private readonly SeedSession? _seed;
        private TorrentSeedResult? _seedResult;

        /// <param name="seed">The seeding that follows; null, or options with neither ratio nor time, for none.</param>
        public DownloadThenSeed(TorrentInfo torrent, string destination, TorrentSessionOptions? download = null, SeedOptions? seed = null)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            _download = new TorrentSession(torrent, destination, download);
            _seed = seed is { HasGoal: true } ? new SeedSession(torrent, destination, seed) : null;
        }

        public TorrentSession Download => _download;

        /// <summary>The seeding part, or null when no ratio or time was given.</summary>
        public SeedSession? Seed => _seed;

        /// <summary>What the seeding of the latest run achieved; null when it did not seed (not asked, incomplete, or cancelled first).</summary>
        public TorrentSeedResult? SeedResult => Volatile.Read(ref _seedResult);

        /// <summary>
        /// Downloads, then seeds when asked and complete; returns the download's result. A cancellation during the
        /// download stops it as usual and skips seeding; one during seeding ends seeding gracefully.
        /// </summary>
        public async Task<TorrentDownloadResult> RunAsync(IProgress<TorrentStatus>? progress = null, CancellationToken cancellationToken = default)
        {
            Volatile.Write(ref _seedResult, null);
            TorrentDownloadResult result = await _download.RunAsync(progress, cancellationToken).ConfigureAwait(false);
            if (_seed is null || !result.IsComplete || cancellationToken.IsCancellationRequested)
            {
                return result;
            }

            // The download just wrote valid resume data, so the seed session starts serving without a recheck.
            Volatile.Write(ref _seedResult, await _seed.RunAsync(progress, cancellationToken).ConfigureAwait(false));
            return result;
        }
    }
}
