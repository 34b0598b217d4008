using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace TorrentPS.Cli.Views
{
    /// <summary>The human output of <c>torrentps announce</c> and <c>torrentps scrape</c>: one block per tracker asked.</summary>
    internal static class TrackerResultsView
    {
        private const string Indent = "  ";

        public static void WriteAnnounce(TextWriter output, IReadOnlyList<TrackerAnnounceResult> results)
        {
            foreach (TrackerAnnounceResult result in results)
            {
                string tracker = TerminalText.Printable(result.Tracker);
                if (!result.IsSuccess)
                {
                    output.WriteLine($"{tracker}: failed: {TerminalText.Printable(result.Error ?? string.Empty)}");
                    continue;
                }

                string interval = ((long)(result.Interval?.TotalSeconds ?? 0)).ToString(CultureInfo.InvariantCulture);
                output.WriteLine($"{tracker}: {Count(result.Seeders)} seeders, {Count(result.Leechers)} leechers, {Plural(result.Peers.Count, "peer")}, announce every {interval} s");
                if (result.Warning != null)
                {
                    output.WriteLine($"{Indent}warning: {TerminalText.Printable(result.Warning)}");
                }

                foreach (TrackerPeer peer in result.Peers)
                {
                    output.WriteLine(Indent + peer);
                }
            }
        }

        public static void WriteScrape(TextWriter output, IReadOnlyList<TrackerScrapeResult> results)
        {
            foreach (TrackerScrapeResult result in results)
            {
                string tracker = TerminalText.Printable(result.Tracker);
                output.WriteLine(result.IsSuccess
                    ? $"{tracker}: {Count(result.Seeders)} seeders, {Count(result.Completed)} completed, {Count(result.Leechers)} leechers"
                    : $"{tracker}: failed: {TerminalText.Printable(result.Error ?? string.Empty)}");
            }
        }

        private static string Count(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

        private static string Plural(int count, string noun) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
    }
}
