using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using TorrentPS.Cli.Output;
using TorrentPS.Jobs;
using TorrentPS.Peers.Listening;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// <c>torrentps seed TORRENT [--path DATA] [--port N] [--peer HOST:PORT]... [--tracker URL]... [--no-trackers]
    /// [--seed-ratio R] [--seed-time DURATION] [--upload-limit RATE] [--max-peers N] [--verbose]</c>: checks the data,
    /// listens for peers and serves them until Ctrl+C or SIGTERM (or the ratio or time given), then stops gracefully:
    /// peers closed, trackers told. Exit codes: 0 when seeding ended as asked (a signal with no limit given, or the
    /// limit reached), 1 for bad input or a failure (no data, port in use), 2 for a bad command line, 3 when a signal
    /// stopped it before the --seed-ratio or --seed-time it was given.
    /// </summary>
    internal static class SeedCommand
    {
        public static Command Create(CommandOutput output)
        {
            var torrent = new Argument<string>("torrent")
            {
                Description = "The .torrent file to seed.",
            };
            var dataPath = new Option<string>("--path", "-p")
            {
                Description = "Where the data is: the folder that holds the torrent's file or folder, or that file or folder itself. Default: the current folder.",
                HelpName = "DATA",
            };
            var port = new Option<int>("--port")
            {
                Description = "The port to listen on, IPv4 and IPv6 (0-65535; 0 lets the system pick and prints it).",
                DefaultValueFactory = _ => SeedOptions.Default.Port,
            };
            var shared = new SessionCommandOptions(
                peerHelp: "A leecher to connect to, as host:port or [IPv6]:port, for peers that will not connect to us. Repeat it for several.",
                trackerHelp: "A tracker URL (http://, https:// or udp://) to announce to instead of the torrent's own. Repeat it for several.",
                noTrackersHelp: "Announce to no tracker: serve only peers that connect or are given with --peer.",
                verboseHelp: "Show what the session does (peers, trackers, refusals) on stderr.",
                defaultMaxPeers: SeedOptions.Default.MaxPeers);
            Option<double?> ratio = SeedLimitOptions.Ratio("Stop once this many times the torrent's size has been uploaded (1 = one full copy). Default: until Ctrl+C.");
            Option<string> time = SeedLimitOptions.Time("Stop after seeding this long: 90s, 45m, 2h, 1d, 1h30m or 01:30:00 (a bare number is minutes). Default: until Ctrl+C.");
            Option<string> uploadLimit = SeedLimitOptions.UploadLimit();
            CommandLineRanges.Require(port, 0, 65535);

            var command = new Command(
                "seed",
                "Seed a torrent from its data: check it, listen for peers and serve them until Ctrl+C or SIGTERM (or --seed-ratio/--seed-time), " +
                "then stop gracefully. Exit codes: 0 ended as asked, 1 bad input or failure, 2 bad command line, 3 interrupted before the ratio or time given.");
            command.Arguments.Add(torrent);
            foreach (Option option in new Option[] { dataPath, port, shared.Peers, shared.Trackers, shared.NoTrackers, ratio, time, uploadLimit, shared.MaxPeers, shared.Verbose })
            {
                command.Options.Add(option);
            }

            // Synchronous on purpose, as download: System.CommandLine's own Ctrl+C handling would cut the graceful stop short.
            command.SetAction(parseResult => new SeedRun(output)
            {
                Input = parseResult.GetValue(torrent) ?? string.Empty,
                DataPath = parseResult.GetValue(dataPath),
                Port = parseResult.GetValue(port),
                Peers = shared.GetPeers(parseResult),
                Trackers = shared.GetTrackers(parseResult),
                NoTrackers = parseResult.GetValue(shared.NoTrackers),
                SeedRatio = parseResult.GetValue(ratio),
                SeedTime = SeedLimitOptions.TryParseDuration(parseResult.GetValue(time), out TimeSpan parsed) ? parsed : null,
                UploadLimit = SeedLimitOptions.TryParseRate(parseResult.GetValue(uploadLimit), out long rate) ? rate : 0,
                MaxPeers = parseResult.GetValue(shared.MaxPeers),
                Verbose = parseResult.GetValue(shared.Verbose),
            }.Execute());
            return command;
        }

        /// <summary>One run of the command: reads the input, seeds, reports, picks the exit code.</summary>
        private sealed class SeedRun : SessionRun
        {
            public SeedRun(CommandOutput output)
                : base(output)
            {
            }

            public string? DataPath { get; init; }

            public long UploadLimit { get; init; }

            public int Execute()
            {
                TorrentInfo? torrent = TorrentCommandInput.LoadTorrent(Output, Input, "seed needs the .torrent file");
                if (torrent is null)
                {
                    return ExitCodes.InvalidInput;
                }

                List<IPEndPoint>? endPoints = TorrentCommandInput.ResolvePeers(Output, Peers);
                if (endPoints is null)
                {
                    return ExitCodes.InvalidInput;
                }

                string folder;
                try
                {
                    folder = TorrentDataLocation.Resolve(torrent, string.IsNullOrEmpty(DataPath) ? "." : DataPath!);
                }
                catch (StorageException e)
                {
                    Output.WriteError(e.Path, e.Reason);
                    return ExitCodes.InvalidInput;
                }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
                {
                    Output.WriteError(DataPath ?? ".", "not a usable path: " + e.Message);
                    return ExitCodes.InvalidInput;
                }

                SeedProgressRenderer progress = SeedProgressRenderer.ForConsole(Output.Error, torrent.ContentSize);
                var session = new SeedSession(torrent, folder, new SeedOptions
                {
                    Port = Port,
                    Peers = endPoints,
                    UseTrackers = !NoTrackers,
                    Trackers = Trackers,
                    MaxPeers = MaxPeers,
                    UploadLimit = UploadLimit,
                    SeedRatio = SeedRatio,
                    SeedTime = SeedTime,
                    Log = SessionRunOutput.VerboseLog(Verbose, progress.WriteLine),
                });
                session.Started += (_, e) =>
                {
                    progress.WriteLine(string.Format(
                        CultureInfo.InvariantCulture,
                        "Seeding {0} ({1}, {2} pieces) from {3} on port {4}",
                        Views.TerminalText.Printable(torrent.Name),
                        ByteSize.Format(torrent.ContentSize),
                        torrent.PieceCount,
                        folder,
                        e.Port));
                    if (!e.IsComplete)
                    {
                        progress.WriteLine($"torrentps: warning: {TorrentCommandInput.OneLine(torrent.Name)}: the data is incomplete: seeding the {e.PiecesSeeded} verified of {e.PieceCount} pieces");
                    }
                };

                using var signals = new DownloadStopSignals(progress.WriteLine);
                TorrentSeedResult result;
                try
                {
                    result = session.RunAsync(progress, signals.Token).GetAwaiter().GetResult();
                }
                catch (Exception e) when (SessionRunOutput.IsFailure(e))
                {
                    progress.Finish();
                    SessionRunOutput.WriteFailure(Output, e, folder);
                    return ExitCodes.InvalidInput;
                }

                progress.Finish();
                Output.Out.WriteLine(Views.TerminalText.Printable(result.ToString()));
                Output.Out.Flush();
                bool hadLimit = SeedRatio.HasValue || SeedTime.HasValue;
                return result.StopReason == SeedStopReason.Stopped && hadLimit ? ExitCodes.Interrupted : ExitCodes.Success;
            }
        }
    }
}
