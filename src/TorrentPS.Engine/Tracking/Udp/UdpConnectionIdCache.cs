using System;
using System.Collections.Generic;
using System.Net;

namespace TorrentPS.Tracking.Udp
{
    /// <summary>Connection ids per tracker endpoint, reused while younger than their lifetime (BEP 15: one minute).</summary>
    internal sealed class UdpConnectionIdCache
    {
        private readonly Dictionary<IPEndPoint, (long Id, DateTimeOffset ObtainedAt)> _ids = new Dictionary<IPEndPoint, (long, DateTimeOffset)>();
        private readonly ITrackerClock _clock;
        private readonly TimeSpan _lifetime;

        public UdpConnectionIdCache(ITrackerClock clock, TimeSpan lifetime)
        {
            _clock = clock;
            _lifetime = lifetime;
        }

        public bool TryGet(IPEndPoint endPoint, out long connectionId)
        {
            lock (_ids)
            {
                if (_ids.TryGetValue(endPoint, out (long Id, DateTimeOffset ObtainedAt) entry) && _clock.UtcNow - entry.ObtainedAt < _lifetime)
                {
                    connectionId = entry.Id;
                    return true;
                }

                _ids.Remove(endPoint);
                connectionId = 0;
                return false;
            }
        }

        public void Store(IPEndPoint endPoint, long connectionId)
        {
            lock (_ids)
            {
                _ids[endPoint] = (connectionId, _clock.UtcNow);
            }
        }

        public void Forget(IPEndPoint endPoint)
        {
            lock (_ids)
            {
                _ids.Remove(endPoint);
            }
        }
    }
}
