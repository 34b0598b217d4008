using System;

namespace TorrentPS.Peers
{
    /// <summary>
    /// A peer broke the wire protocol (or timed out while it should have spoken). The one exception type of
    /// the peer layer: <see cref="Error"/> says what kind of fault, the message says what exactly.
    /// </summary>
    public sealed class PeerProtocolException : Exception
    {
        public PeerProtocolException(PeerProtocolError error, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Error = error;
        }

        public PeerProtocolError Error { get; }
    }
}
