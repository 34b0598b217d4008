namespace TorrentPS.Cli.Views
{
    /// <summary>
    /// The object <c>torrentps download --json</c> prints when the run ends. Status is "complete" (every piece on
    /// disk and verified; exit code 0) or "interrupted" (stopped by a signal; exit code 3; the same command resumes).
    /// </summary>
    internal sealed record DownloadResultJson(
        string Status,
        string Name,
        string InfoHash,
        string Path,
        long Size,
        bool IsComplete,
        int PiecesVerified,
        int PieceCount,
        long BytesDownloaded,
        double DurationSeconds,
        double AverageRate,
        int PeersUsed)
    {
        public static DownloadResultJson From(TorrentDownloadResult result, bool interrupted) => new DownloadResultJson(
            Status: result.IsComplete ? "complete" : interrupted ? "interrupted" : "incomplete",
            Name: result.Name,
            InfoHash: result.InfoHash.ToString(),
            Path: result.Path,
            Size: result.Size,
            IsComplete: result.IsComplete,
            PiecesVerified: result.PiecesVerified,
            PieceCount: result.PieceCount,
            BytesDownloaded: result.BytesDownloaded,
            DurationSeconds: System.Math.Round(result.Duration.TotalSeconds, 3),
            // Bytes per second, whole: a fraction of a byte says nothing.
            AverageRate: System.Math.Round(result.AverageRate),
            PeersUsed: result.PeersUsed);
    }
}
