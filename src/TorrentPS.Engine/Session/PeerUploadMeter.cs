using System;
using TorrentPS.Peers.Serving;
using TorrentPS.Swarm;

namespace TorrentPS.Session
{
    /// <summary>
    /// What we gave one peer, as the choker ranks it: the uploader's byte count turned into a 20-second rate.
    /// Shared by the download and the seed session; the session's tick calls <see cref="TakeDelta"/> and feeds
    /// <see cref="Count"/>, under the session's lock.
    /// </summary>
    internal sealed class PeerUploadMeter
    {
        private readonly RateMeter _rate = new RateMeter(20);
        private readonly PeerUploader _uploader;
        private long _counted;

        public PeerUploadMeter(PeerUploader uploader) => _uploader = uploader;

        /// <summary>Block bytes sent since the last call.</summary>
        public long TakeDelta()
        {
            long total = _uploader.BytesUploaded;
            long delta = total - _counted;
            _counted = total;
            return delta;
        }

        /// <summary>Counts <paramref name="bytes"/> in the 20-second upload rate the choker ranks by.</summary>
        public void Count(long bytes, TimeSpan now) => _rate.Add(bytes, now);

        public double BytesPerSecond(TimeSpan now) => _rate.BytesPerSecond(now);
    }
}
