using System;

namespace TorrentPS.Jobs
{
    /// <summary>What happened in a job, for a host that replays the job's reports on its own thread.</summary>
    public enum TorrentJobEventKind
    {
        Output,
        Error,
        Progress,
        StateChanged,
        Log,
    }

    /// <summary>One report of a job core (or a log line of its work), as queued by <see cref="TorrentJobEventQueue{TResult}"/>.</summary>
    public sealed class TorrentJobEvent<TResult>
        where TResult : class
    {
        private TorrentJobEvent(TorrentJobEventKind kind, TResult? result = null, Exception? error = null, TorrentStatus? status = null, bool isFinal = false, TorrentJobState state = default, string? message = null)
        {
            Kind = kind;
            Result = result;
            Error = error;
            Status = status;
            IsFinal = isFinal;
            State = state;
            Message = message;
        }

        public TorrentJobEventKind Kind { get; }

        /// <summary>For Output.</summary>
        public TResult? Result { get; }

        /// <summary>For Error.</summary>
        public Exception? Error { get; }

        /// <summary>For Progress.</summary>
        public TorrentStatus? Status { get; }

        /// <summary>For Progress: the record that closes the bar.</summary>
        public bool IsFinal { get; }

        /// <summary>For StateChanged.</summary>
        public TorrentJobState State { get; }

        /// <summary>For Log.</summary>
        public string? Message { get; }

        internal static TorrentJobEvent<TResult> ForOutput(TResult result) => new(TorrentJobEventKind.Output, result: result);

        internal static TorrentJobEvent<TResult> ForError(Exception error) => new(TorrentJobEventKind.Error, error: error);

        internal static TorrentJobEvent<TResult> ForProgress(TorrentStatus status, bool final) => new(TorrentJobEventKind.Progress, status: status, isFinal: final);

        internal static TorrentJobEvent<TResult> ForState(TorrentJobState state) => new(TorrentJobEventKind.StateChanged, state: state);

        internal static TorrentJobEvent<TResult> ForLog(string message) => new(TorrentJobEventKind.Log, message: message);

        public override string ToString() => Kind switch
        {
            TorrentJobEventKind.Output => $"Output {Result}",
            TorrentJobEventKind.Error => $"Error {Error?.Message}",
            TorrentJobEventKind.Progress => $"{(IsFinal ? "Final progress" : "Progress")} {Status}",
            TorrentJobEventKind.StateChanged => $"State {State}",
            _ => $"Log {Message}",
        };
    }
}
