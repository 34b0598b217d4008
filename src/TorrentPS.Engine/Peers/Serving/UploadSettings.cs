using System;

namespace TorrentPS.Peers.Serving
{
    /// <summary>How much a downloading peer may ask of us before it counts as hostile.</summary>
    public sealed class UploadSettings
    {
        public static UploadSettings Default { get; } = new UploadSettings();

        /// <summary>
        /// The largest block a peer may request. 16 KiB is what every client uses; the wire reader already refuses
        /// anything larger (<see cref="BlockRequest.MaxLength"/>), so this can only lower the bound.
        /// </summary>
        public int MaxBlockLength { get; init; } = BlockRequest.MaxLength;

        /// <summary>
        /// Accepted requests a peer may have waiting at once; one more is a flood and drops the peer. libtorrent
        /// allows 2000 (its max_allowed_in_request_queue); our own downloader pipelines up to 500.
        /// </summary>
        public int MaxQueuedRequests { get; init; } = 2000;

        /// <summary>
        /// Requests we refuse (the peer is choked, or asks for a piece we lack) that a peer may send before it is
        /// dropped; libtorrent's max_rejects is 50. After we choke a peer that was unchoked, the requests it may
        /// have had in flight (up to <see cref="MaxQueuedRequests"/>) are forgiven first.
        /// </summary>
        public int MaxRefusedRequests { get; init; } = 50;

        internal void Validate()
        {
            if (MaxBlockLength < 1 || MaxBlockLength > BlockRequest.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxBlockLength), MaxBlockLength, $"The block limit is 1 to {BlockRequest.MaxLength} bytes (the wire reader refuses larger blocks).");
            }

            if (MaxQueuedRequests < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxQueuedRequests), MaxQueuedRequests, "A peer may queue at least one request.");
            }

            if (MaxRefusedRequests < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxRefusedRequests), MaxRefusedRequests, "The limit is not negative.");
            }
        }
    }
}
