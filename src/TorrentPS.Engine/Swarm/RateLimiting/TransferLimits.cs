using System;

namespace TorrentPS.Swarm.RateLimiting
{
    /// <summary>
    /// An upload and a download limit that belong together: the engine holds one global pair and each torrent
    /// its own. <see cref="UploadThrough"/> and <see cref="DownloadThrough"/> build the chains a transfer must pass.
    /// </summary>
    public sealed class TransferLimits
    {
        /// <param name="uploadBytesPerSecond">0 means unlimited.</param>
        /// <param name="downloadBytesPerSecond">0 means unlimited.</param>
        /// <param name="clock">Null means the real clock.</param>
        public TransferLimits(long uploadBytesPerSecond = 0, long downloadBytesPerSecond = 0, IRateLimitClock? clock = null)
        {
            Upload = new RateLimiter(uploadBytesPerSecond, clock);
            Download = new RateLimiter(downloadBytesPerSecond, clock);
        }

        public RateLimiter Upload { get; }

        public RateLimiter Download { get; }

        /// <summary>Upload bytes must pass these limits and then <paramref name="outer"/>'s (the global ones).</summary>
        public RateLimitChain UploadThrough(TransferLimits? outer) =>
            outer is null ? new RateLimitChain(Upload) : new RateLimitChain(Upload, outer.Upload);

        /// <summary>Download bytes must pass these limits and then <paramref name="outer"/>'s (the global ones).</summary>
        public RateLimitChain DownloadThrough(TransferLimits? outer) =>
            outer is null ? new RateLimitChain(Download) : new RateLimitChain(Download, outer.Download);

        public override string ToString() => $"up {Upload}, down {Download}";
    }
}
