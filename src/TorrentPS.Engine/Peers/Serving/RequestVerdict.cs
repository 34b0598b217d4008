namespace TorrentPS.Peers.Serving
{
    /// <summary>What to do with a peer's request.</summary>
    public enum RequestVerdict
    {
        /// <summary>Accepted and queued: it will be served.</summary>
        Queued,

        /// <summary>Already queued; the one answer the first copy gets is enough.</summary>
        Duplicate,

        /// <summary>Refused politely: send a reject (the Fast extension is on).</summary>
        Reject,

        /// <summary>Refused silently: without the Fast extension there is no way to say no.</summary>
        Ignore,

        /// <summary>Nonsense or abuse: close the connection (<see cref="RequestDecision.ToException"/> says why).</summary>
        Disconnect,
    }
}
