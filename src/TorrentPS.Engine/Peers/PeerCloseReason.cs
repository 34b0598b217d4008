namespace TorrentPS.Peers
{
    /// <summary>Why a connection ended.</summary>
    public enum PeerCloseReason
    {
        /// <summary>We closed it (Close or Dispose).</summary>
        Local,

        /// <summary>The peer closed its end.</summary>
        RemoteClosed,

        /// <summary>The peer broke the protocol; the connection's CloseError is the <see cref="PeerProtocolException"/>.</summary>
        ProtocolViolation,

        /// <summary>The peer sent nothing for longer than the idle timeout.</summary>
        IdleTimeout,

        /// <summary>A socket error: reset, unreachable, and the like.</summary>
        NetworkError,

        /// <summary>The token given to RunAsync was cancelled.</summary>
        Cancelled,

        /// <summary>The message handler threw; CloseError is its exception.</summary>
        HandlerFailed,
    }
}
