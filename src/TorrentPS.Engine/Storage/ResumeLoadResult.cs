namespace TorrentPS.Storage
{
    public enum ResumeLoadStatus
    {
        /// <summary>The resume file is valid and current: its verified pieces can be trusted.</summary>
        Loaded,

        /// <summary>There is no resume file: check the data.</summary>
        NotFound,

        /// <summary>The resume file is corrupt or stale (see <see cref="ResumeLoadResult.Reason"/>): warn and check the data.</summary>
        Ignored,
    }

    /// <summary>The outcome of loading resume data. Never an exception for bad content: a session warns and rechecks.</summary>
    public sealed class ResumeLoadResult
    {
        private ResumeLoadResult(ResumeLoadStatus status, string path, ResumeData? data, string? reason)
        {
            Status = status;
            Path = path;
            Data = data;
            Reason = reason;
        }

        public ResumeLoadStatus Status { get; }

        /// <summary>The resume file's full path.</summary>
        public string Path { get; }

        /// <summary>The validated resume data when <see cref="Status"/> is <see cref="ResumeLoadStatus.Loaded"/>.</summary>
        public ResumeData? Data { get; }

        /// <summary>Why the file was ignored, such as "it belongs to another torrent (info-hash ...)".</summary>
        public string? Reason { get; }

        /// <summary>A warning for the user when the file was ignored; null otherwise.</summary>
        public string? Warning => Status == ResumeLoadStatus.Ignored
            ? $"Resume file '{Path}' ignored: {Reason}. The data will be checked again."
            : null;

        internal static ResumeLoadResult Loaded(string path, ResumeData data) => new ResumeLoadResult(ResumeLoadStatus.Loaded, path, data, null);

        internal static ResumeLoadResult NotFound(string path) => new ResumeLoadResult(ResumeLoadStatus.NotFound, path, null, null);

        internal static ResumeLoadResult Ignored(string path, string reason) => new ResumeLoadResult(ResumeLoadStatus.Ignored, path, null, reason);

        public override string ToString() => Status switch
        {
            ResumeLoadStatus.Loaded => $"{Path}: loaded, {Data!.VerifiedPieces} verified",
            ResumeLoadStatus.NotFound => $"{Path}: not found",
            _ => $"{Path}: ignored ({Reason})",
        };
    }
}
