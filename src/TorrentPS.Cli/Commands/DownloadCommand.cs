using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using TorrentPS.Cli.Output;
using TorrentPS.Cli.Views;
using TorrentPS.Jobs;
using TorrentPS.Storage;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// <c>torrentps download TORRENT [-o DIR] [--peer HOST:PORT]... [--tracker URL]... [--no-trackers] [--max-peers N]
    /// [--port N] [--seed-ratio R] [--seed-time DURATION] [--verbose] [--json]</c>: downloads one torrent with a live
    /// progress bar on stderr, then (with --seed-ratio or --seed-time) seeds it on --port until that limit. Ctrl+C or
    /// SIGTERM stops gracefully (a second Ctrl+C quits at once); while seeding, that ends the seeding and the exit code
    /// stays 0. Exit codes: 0 when every piece is on disk and
    /// verified, 1 for bad input or a failure, 2 for a bad command line, 3 when a signal stopped the download
    /// (verified pieces and resume data are kept: the same command continues).
    /// </summary>
    internal static class DownloadCommand
    {
        public static Command Create(CommandOutput output)
        {
            var torrent = new Argument<string>("torrent")
            {
                Description = "The .torrent file to download.",
            };
            var destination = new Option<string>("--output", "-o")
            {
                Description = "The folder to download into (created if missing). Default: the current folder.",
                HelpName = "DIR",
            };
            var shared = new SessionCommandOptions(
                peerHelp: "A peer to connect to, as host:port or [IPv6]:port, besides those the trackers name. Repeat it for several.",
                trackerHelp: "A tracker URL (http://, https:// or udp://) to use instead of the torrent's own. Repeat it for several.",
                noTrackersHelp: "Ask no tracker: connect only to the peers given with --peer.",
                verboseHelp: "Show what the session does (peers, trackers, hash failures) on stderr.",
                defaultMaxPeers: TorrentSessionOptions.Default.MaxPeers);
            var port = new Option<int>("--port")
            {
                Description = "The port told to trackers (1-65535).",
                DefaultValueFactory = _ => TorrentSessionOptions.Default.Port,
            };
            var json = new Option<bool>("--json")
            {
                Description = "Print one JSON object with the result when the run ends, instead of the human summary.",
            };
            Option<double?> seedRatio = SeedLimitOptions.Ratio("When complete, seed on --port until this many times the torrent's size is uploaded (1 = one full copy).");
            Option<string> seedTime = SeedLimitOptions.Time("When complete, seed on --port for this long: 90s, 45m, 2h, 1d, 1h30m or 01:30:00 (a bare number is minutes).");
            CommandLineRanges.Require(port, 1, 65535);

            var command = new Command(
                "download",
                "Download a torrent into a folder, with a live progress bar on stderr. Ctrl+C (or SIGTERM) stops gracefully and the same command resumes; " +
                "a second Ctrl+C quits at once. Exit codes: 0 complete and verified, 1 bad input or failure, 2 bad command line, 3 interrupted.");
            command.Arguments.Add(torrent);
            command.Options.Add(destination);
            command.Options.Add(shared.Peers);
            command.Options.Add(shared.Trackers);
            command.Options.Add(shared.NoTrackers);
            command.Options.Add(shared.MaxPeers);
            command.Options.Add(port);
            command.Options.Add(seedRatio);
            command.Options.Add(seedTime);
            command.Options.Add(shared.Verbose);
            command.Options.Add(json);

            // A synchronous action on purpose: System.CommandLine's own Ctrl+C handling (for asynchronous actions)
            // would end the process two seconds after the signal, cutting the graceful stop short.
            command.SetAction(parseResult => new DownloadRun(output)
            {
                Input = parseResult.GetValue(torrent) ?? string.Empty,
                Destination = parseResult.GetValue(destination),
                Peers = shared.GetPeers(parseResult),
                Trackers = shared.GetTrackers(parseResult),
                NoTrackers = parseResult.GetValue(shared.NoTrackers),
                MaxPeers = parseResult.GetValue(shared.MaxPeers),
                Port = parseResult.GetValue(port),
                SeedRatio = parseResult.GetValue(seedRatio),
                SeedTime = SeedLimitOptions.TryParseDuration(parseResult.GetValue(seedTime), out TimeSpan parsed) ? parsed : null,
                Verbose = parseResult.GetValue(shared.Verbose),
                Json = parseResult.GetValue(json),
            }.Execute());
            return command;
        }

        /// <summary>One run of the command: reads the input, runs the session, reports, picks the exit code.</summary>
        private sealed class DownloadRun : SessionRun
        {
            public DownloadRun(CommandOutput output)
                : base(output)
            {
            }

            public string? Destination { get; init; }

            public bool Json { get; init; }

            public int Execute()
            {
                TorrentInfo? torrent = TorrentCommandInput.LoadTorrent(Output, Input, "download needs the .torrent file: fetching metadata from peers (BEP 9) is not supported yet");
                List<IPEndPoint>? endPoints = torrent is null ? null : TorrentCommandInput.ResolvePeers(Output, Peers);
                if (torrent is null || endPoints is null)
                {
                    return ExitCodes.InvalidInput;
                }

                string folder;
                try
                {
                    folder = Path.GetFullPath(string.IsNullOrEmpty(Destination) ? "." : Destination!);
                }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
                {
                    Output.WriteError(Destination ?? string.Empty, "not a usable folder: " + e.Message);
                    return ExitCodes.InvalidInput;
                }

                bool trackersUsable = !NoTrackers && (Trackers.Length > 0 || torrent.AnnounceUrls.Count > 0);
                if (!trackersUsable && endPoints.Count == 0)
                {
                    Output.WriteWarning(torrent.Name, NoTrackers
                        ? "--no-trackers and no --peer: only data already in the folder can complete it"
                        : "the torrent names no tracker and no --peer was given: only data already in the folder can complete it");
                }

                DownloadProgressRenderer progress = DownloadProgressRenderer.ForConsole(Output.Error);
                var options = new TorrentSessionOptions
                {
                    MaxPeers = MaxPeers,
                    Port = Port,
                    Peers = endPoints,
                    UseTrackers = !NoTrackers,
                    Trackers = Trackers,
                    Log = SessionRunOutput.VerboseLog(Verbose, progress.WriteLine),
                };

                using var signals = new DownloadStopSignals(progress.WriteLine);
                progress.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "Downloading {0} ({1}, {2} pieces) into {3}",
                    Views.TerminalText.Printable(torrent.Name),
                    ByteSize.Format(torrent.ContentSize),
                    torrent.PieceCount,
                    folder));

                TorrentDownloadResult? result = null;
                DownloadThenSeed? run = null;
                try
                {
                    run = new DownloadThenSeed(torrent, folder, options, SeedOptions(options));
                    if (run.Seed is not null)
                    {
                        run.Seed.Started += (_, e) => progress.WriteLine(string.Format(CultureInfo.InvariantCulture, "Seeding {0} on port {1}", Views.TerminalText.Printable(torrent.Name), e.Port));
                    }

                    result = run.RunAsync(progress, signals.Token).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (signals.StopRequested)
                {
                    // Stopped before the session had anything to report; nothing is lost.
                }
                catch (Exception e) when (SessionRunOutput.IsFailure(e))
                {
                    progress.Finish();
                    SessionRunOutput.WriteFailure(Output, e, folder);
                    return ExitCodes.InvalidInput;
                }

                progress.Finish();
                if (run?.SeedResult is TorrentSeedResult seeded && !Json)
                {
                    Output.Out.WriteLine(Views.TerminalText.Printable(seeded.ToString()));
                }

                // A signal while seeding ends the seeding: the download itself was complete.
                return Report(torrent, result, signals.StopRequested && run?.SeedResult is null);
            }

            /// <summary>The seeding that follows a complete download: on the port told to trackers, with the same peers and trackers.</summary>
            private SeedOptions? SeedOptions(TorrentSessionOptions download) =>
                SeedRatio is null && SeedTime is null ? null : new SeedOptions
                {
                    Port = download.Port,
                    Peers = download.Peers,
                    UseTrackers = download.UseTrackers,
                    Trackers = download.Trackers,
                    MaxPeers = download.MaxPeers,
                    SeedRatio = SeedRatio,
                    SeedTime = SeedTime,
                    Log = download.Log,
                };

            private int Report(TorrentInfo torrent, TorrentDownloadResult? result, bool interrupted)
            {
                if (result is not null && Json)
                {
                    Output.WriteJson(DownloadResultJson.From(result, interrupted), CliJsonContext.Console.DownloadResultJson);
                }
                else if (result is not null)
                {
                    Output.Out.WriteLine(Views.TerminalText.Printable(result.ToString()));
                    Output.Out.WriteLine((result.IsComplete ? "Saved to " : "Partial data in ") + result.Path);
                    Output.Out.Flush();
                }

                if (result?.IsComplete == true)
                {
                    return ExitCodes.Success;
                }

                string progress = result is null
                    ? "stopped before any piece was verified"
                    : string.Format(CultureInfo.InvariantCulture, "{0}/{1} pieces verified", result.PiecesVerified, result.PieceCount);
                if (interrupted)
                {
                    Output.WriteWarning(torrent.Name, $"interrupted: {progress}; run the same command again to resume");
                    return ExitCodes.Interrupted;
                }

                Output.WriteError(torrent.Name, $"not complete: {progress}");
                return ExitCodes.InvalidInput;
            }
        }
    }
}
