namespace TorrentPS.Peers.Serving
{
    /// <summary>What a peer's cancel did.</summary>
    public enum CancelOutcome
    {
        /// <summary>Nothing queued matched: it was served already (or is being sent), or never asked for.</summary>
        NotQueued,

        /// <summary>Taken off the queue; without the Fast extension nothing more is said.</summary>
        Removed,

        /// <summary>Taken off the queue; the Fast extension promises one answer per request, so send a reject (BEP 6).</summary>
        RemovedSendReject,
    }
}
