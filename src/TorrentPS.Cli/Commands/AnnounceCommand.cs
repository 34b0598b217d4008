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
    /// <c>torrentps announce TORRENT|MAGNET [--tracker URL]... [--event E] [--port N] [--numwant N] [--all] [--json]</c>:
    /// one announce, tier by tier until a tracker answers (every tracker with --all); exit 0 when one answered.
    /// </summary>
    internal static class AnnounceCommand
    {
        public static Command Create(CommandOutput output)
        {
            var shared = new TrackerCommandInput();
            var trackerEvent = new Option<TrackerEvent>("--event")
            {
                Description = "The announce event: started, completed or stopped. Default: none (a regular announce).",
                HelpName = "started|completed|stopped|none",
            };
            var port = new Option<int>("--port")
            {
                Description = "The port to tell trackers we accept peers on (1-65535).",
                DefaultValueFactory = _ => TrackerQueryOptions.DefaultPort,
            };
            var numWant = new Option<int>("--numwant")
            {
                Description = "How many peers to ask for (0-10000).",
                DefaultValueFactory = _ => AnnounceRequest.DefaultNumWant,
            };
            var all = new Option<bool>("--all")
            {
                Description = "Ask every tracker, instead of tier by tier until one answers (BEP 12).",
            };
            CommandLineRanges.Require(port, 1, 65535);
            CommandLineRanges.Require(numWant, 0, TrackerQueryOptions.MaxNumWant);

            var command = new Command("announce", "Announce a torrent to its trackers and show each tracker's answer: peers, seeders, leechers, interval.");
            shared.AddTo(command);
            command.Options.Add(trackerEvent);
            command.Options.Add(port);
            command.Options.Add(numWant);
            command.Options.Add(all);
            command.SetAction((parseResult, cancellationToken) =>
            {
                var options = new TrackerQueryOptions
                {
                    Trackers = parseResult.GetValue(shared.Trackers),
                    Event = parseResult.GetValue(trackerEvent),
                    Port = parseResult.GetValue(port),
                    NumWant = parseResult.GetValue(numWant),
                    All = parseResult.GetValue(all),
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
            if (query.TiersFor(target).Count == 0)
            {
                TrackerCommandInput.WriteNoTracker(output, target);
                return ExitCodes.InvalidInput;
            }

            IReadOnlyList<TrackerAnnounceResult> results;
            try
            {
                results = await query.AnnounceAsync(target, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: no tracker is waited for any longer, and nothing half-known is printed.
                output.WriteError(target.InfoHash.ToString(), "cancelled before every tracker answered");
                return ExitCodes.InvalidInput;
            }
            if (json)
            {
                output.WriteJson(results.Select(TrackerAnnounceJson.From).ToList(), CliJsonContext.Console.ListTrackerAnnounceJson);
            }
            else
            {
                TrackerResultsView.WriteAnnounce(output.Out, results);
            }

            foreach (TrackerAnnounceResult failed in results.Where(r => !r.IsSuccess))
            {
                output.WriteError(failed.Tracker, failed.Error ?? "no usable answer");
            }

            return TrackerCommandInput.Finish(output, results.Count(r => r.IsSuccess), results.Count);
        }
    }
}
