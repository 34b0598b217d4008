using System;

namespace TorrentPS.Swarm
{
    /// <summary>
    /// How many block requests to keep outstanding with one peer: enough to cover the bandwidth-delay
    /// product, measured per peer rather than fixed. It starts small and grows by one per block received
    /// (slow start) until the peer's rate stops rising, then tracks rate x queue time. A snubbing peer gets one.
    /// </summary>
    public sealed class RequestQueueSizer
    {
        private readonly int _blockSize;
        private readonly int _min;
        private readonly int _max;
        private readonly double _queueSeconds;
        private readonly RateMeter _rate = new RateMeter(3);
        private double _bestRate;
        private long _lastGrowthSecond;
        private bool _slowStart = true;

        public RequestQueueSizer(int blockSize = PiecePicker.DefaultBlockSize, int min = 4, int max = 500, double queueSeconds = 3.0, int initial = 16)
        {
            _blockSize = blockSize;
            _min = min;
            _max = max;
            _queueSeconds = queueSeconds;
            Depth = Math.Min(max, Math.Max(min, initial));
        }

        /// <summary>The number of requests to keep outstanding now.</summary>
        public int Depth { get; private set; }

        public bool InSlowStart => _slowStart;

        public double BytesPerSecond(TimeSpan now) => _rate.BytesPerSecond(now);

        public void BlockReceived(int bytes, TimeSpan now)
        {
            _rate.Add(bytes, now);
            double rate = _rate.BytesPerSecond(now);
            if (_slowStart)
            {
                Depth = Math.Min(_max, Depth + 1);
                long second = (long)now.TotalSeconds;
                if (rate > _bestRate * 1.05)
                {
                    _bestRate = rate;
                    _lastGrowthSecond = second;
                }
                else if (rate > 0 && second - _lastGrowthSecond >= 2)
                {
                    _slowStart = false;
                }

                return;
            }

            int target = (int)Math.Ceiling(rate * _queueSeconds / _blockSize);
            Depth = Math.Min(_max, Math.Max(_min, target));
        }

        /// <summary>Nothing arrived for a long time while unchoked: keep one request out, as libtorrent does.</summary>
        public void Snubbed()
        {
            Depth = 1;
            _slowStart = false;
        }
    }
}
