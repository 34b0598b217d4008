using System;

namespace TorrentPS.Peers.Serving
{
    /// <summary>The verdict on one request and, when it is refused, why.</summary>
    public readonly struct RequestDecision
    {
        private RequestDecision(RequestVerdict verdict, PeerProtocolError error, string? reason)
        {
            Verdict = verdict;
            Error = error;
            Reason = reason;
        }

        public RequestVerdict Verdict { get; }

        /// <summary>For <see cref="RequestVerdict.Disconnect"/>: the kind of fault.</summary>
        public PeerProtocolError Error { get; }

        /// <summary>Why the request was refused; null when it was queued.</summary>
        public string? Reason { get; }

        public static RequestDecision Queued { get; } = new RequestDecision(RequestVerdict.Queued, default, null);

        internal static RequestDecision Duplicate(string reason) => new RequestDecision(RequestVerdict.Duplicate, default, reason);

        internal static RequestDecision Refuse(bool supportsFast, string reason) =>
            new RequestDecision(supportsFast ? RequestVerdict.Reject : RequestVerdict.Ignore, default, reason);

        internal static RequestDecision Disconnect(PeerProtocolError error, string reason) => new RequestDecision(RequestVerdict.Disconnect, error, reason);

        /// <summary>The exception that closes the connection for a <see cref="RequestVerdict.Disconnect"/>.</summary>
        public PeerProtocolException ToException()
        {
            if (Verdict != RequestVerdict.Disconnect)
            {
                throw new InvalidOperationException($"A {Verdict} request does not close the connection.");
            }

            return new PeerProtocolException(Error, Reason!);
        }

        public override string ToString() => Reason is null ? Verdict.ToString() : $"{Verdict}: {Reason}";
    }
}
