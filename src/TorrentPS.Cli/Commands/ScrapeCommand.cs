using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Cli.Output;
using TorrentPS.Cli.Views;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// <c>torrentps scrape TORRENT [--tracker URL]... [--json]</c>: every tracker's seeder, completed and leecher
    /// counts (BEP 48, BEP 15), asked in parallel; exit 0 when one answered.
    /// </summary>
    internal static class ScrapeCommand
    {
        public static Command Create(CommandOutput output)
        {
            var shared = new TrackerCommandInput();
            var command = new Command("scrape", "Ask every tracker of a torrent how many seeders, completed downloads and leechers it counts.");
            shared.AddTo(command);
            command.SetAction((parseResult, cancellationToken) =>
            {
                var options = new TrackerQueryOptions
                {
                    Trackers = parseResult.GetValue(shared.Trackers),
                    Timeout = TrackerCommandInput.ToTimeout(parseResult.GetValue(shared.Timeout)),
                };
                return RunAsync(output, parseResult.GetValue(shared.Input) ?? string.Empty, options, parseResult.GetValue(shared.Json), cancellationToken);
            });
            return command;
        }

        private static async Task<int> RunAsync(CommandOutput output, string input, TrackerQueryOptions options, bool json, CancellationToken cancellationToken)
        {
            TrackerTarget? target = TrackerCommandInput.Read(output, input);
            if (target is null)
            {
                return ExitCodes.InvalidInput;
            }

            using var query = new TrackerQuery(options);
            if (query.TrackersFor(target).Count == 0)
            {
                TrackerCommandInput.WriteNoTracker(output, target);
                return ExitCodes.InvalidInput;
            }

            IReadOnlyList<TrackerScrapeResult> results;
            try
            {
                results = await query.ScrapeAsync(target, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: no tracker is waited for any longer, and nothing half-known is printed.
                output.WriteError(target.InfoHash.ToString(), "cancelled before every tracker answered");
                return ExitCodes.InvalidInput;
            }
            if (json)
            {
                output.WriteJson(results.Select(TrackerScrapeJson.From).ToList(), CliJsonContext.Console.ListTrackerScrapeJson);
            }
            else
            {
                TrackerResultsView.WriteScrape(output.Out, results);
            }

            foreach (TrackerScrapeResult failed in results.Where(r => !r.IsSuccess))
            {
                output.WriteError(failed.Tracker, failed.Error ?? "no usable answer");
            }

            return TrackerCommandInput.Finish(output, results.Count(r => r.IsSuccess), results.Count);
        }
    }
}
