using System;

namespace TorrentPS.Peers.Listening
{
    /// <summary>The listener could not bind its port (in use, not permitted, no such address).</summary>
    public sealed class PeerListenerException : Exception
    {
        public PeerListenerException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
