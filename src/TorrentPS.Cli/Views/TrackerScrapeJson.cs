namespace TorrentPS.Cli.Views
{
    /// <summary>One element of the array <c>torrentps scrape --json</c> prints: one per tracker asked, failures included.</summary>
    internal sealed record TrackerScrapeJson(
        string Tracker,
        string InfoHash,
        string Status,
        int? Seeders,
        int? Completed,
        int? Leechers,
        string? Error)
    {
        public static TrackerScrapeJson From(TrackerScrapeResult result) => new TrackerScrapeJson(
            Tracker: result.Tracker,
            InfoHash: result.InfoHash.ToString(),
            Status: TrackerStatusText.Of(result.Status),
            Seeders: result.Seeders,
            Completed: result.Completed,
            Leechers: result.Leechers,
            Error: result.Error);
    }
}
