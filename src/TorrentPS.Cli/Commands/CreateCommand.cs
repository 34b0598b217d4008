using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using TorrentPS.Cli.Output;
using TorrentPS.Cli.Views;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// <c>torrentps create PATH [-o FILE] [--tracker URL[,URL]]... [--web-seed URL]... [--piece-size BYTES] [--private]
    /// [--comment TEXT] [--source TEXT] [--include-hidden] [--force] [--json]</c>: makes a .torrent file of a file or
    /// a folder, with hashing progress on stderr. Exit codes: 0 when the file is written, 1 for bad input or a
    /// failure, 2 for a bad command line.
    /// </summary>
    internal static class CreateCommand
    {
        public static Command Create(CommandOutput output)
        {
            var path = new Argument<string>("path")
            {
                Description = "The file or folder to make a torrent of. A folder makes a multi-file torrent named after it.",
            };
            var outFile = new Option<string>("--output", "-o")
            {
                Description = "The .torrent file to write. Default: NAME.torrent in the current folder.",
                HelpName = "FILE",
            };
            var trackers = new Option<string[]>("--tracker", "-t")
            {
                Description = "A tracker URL (http://, https:// or udp://). Each --tracker is a tier; URLs joined by commas share one. The first is the announce URL.",
                HelpName = "URL",
                AllowMultipleArgumentsPerToken = false,
            };
            var webSeeds = new Option<string[]>("--web-seed", "-w")
            {
                Description = "A web seed URL (BEP 19: http://, https:// or ftp://). Repeat it for several.",
                HelpName = "URL",
                AllowMultipleArgumentsPerToken = false,
            };
            var pieceSize = new Option<string>("--piece-size")
            {
                Description = "Bytes per piece: a power of two from 16384 (16K) to 67108864 (64M); K and M suffixes are binary. Default: chosen for 1000-2000 pieces.",
                HelpName = "BYTES",
            };
            var isPrivate = new Option<bool>("--private")
            {
                Description = "Mark the torrent private (BEP 27): clients use only its trackers. Changes the info-hash.",
            };
            var comment = new Option<string>("--comment", "-c")
            {
                Description = "A comment to store in the torrent.",
                HelpName = "TEXT",
            };
            var source = new Option<string>("--source", "-s")
            {
                Description = "The source string private trackers ask for (info.source). Changes the info-hash.",
                HelpName = "TEXT",
            };
            var includeHidden = new Option<bool>("--include-hidden")
            {
                Description = "Also include hidden files and folders (names starting with '.') and OS junk (.DS_Store, Thumbs.db, desktop.ini, ._*).",
            };
            var force = new Option<bool>("--force", "-f")
            {
                Description = "Replace the output file if it exists.",
            };
            var json = new Option<bool>("--json")
            {
                Description = "Print the new torrent as one JSON object (the shape of 'torrentps info --json') instead of the human summary.",
            };
            pieceSize.Validators.Add(result =>
            {
                if (result.Tokens.Count > 0 && !TryParseSize(result.Tokens[0].Value, out _))
                {
                    result.AddError($"--piece-size: '{result.Tokens[0].Value}' is not a number of bytes (such as 262144, 256K or 1M).");
                }
            });

            var command = new Command("create", "Make a .torrent file of a file or a folder: hash it in parallel, with trackers, web seeds and flags.");
            command.Arguments.Add(path);
            foreach (Option option in new Option[] { outFile, trackers, webSeeds, pieceSize, isPrivate, comment, source, includeHidden, force, json })
            {
                command.Options.Add(option);
            }

            command.SetAction(parseResult =>
            {
                // The validator has already refused what does not parse.
                int pieceLength = TryParseSize(parseResult.GetValue(pieceSize), out int parsed) ? parsed : 0;
                return new CreateRun(output)
                {
                    Input = parseResult.GetValue(path) ?? string.Empty,
                    OutFile = parseResult.GetValue(outFile),
                    Force = parseResult.GetValue(force),
                    Json = parseResult.GetValue(json),
                    Options = new TorrentCreationOptions
                    {
                        Trackers = TorrentCreationOptions.ParseTrackerTiers(parseResult.GetValue(trackers)),
                        WebSeeds = parseResult.GetValue(webSeeds) ?? Array.Empty<string>(),
                        PieceLength = pieceLength,
                        IsPrivate = parseResult.GetValue(isPrivate),
                        Comment = parseResult.GetValue(comment),
                        Source = parseResult.GetValue(source),
                        IncludeHiddenFiles = parseResult.GetValue(includeHidden),
                    },
                }.Execute();
            });
            return command;
        }

        /// <summary>"262144", "256K", "256KiB", "1M": bytes, with binary suffixes. Absent is 0 (automatic).</summary>
        internal static bool TryParseSize(string? text, out int bytes)
        {
            bytes = 0;
            if (string.IsNullOrWhiteSpace(text))
            {
                return true;
            }

            string value = text!.Trim();
            long multiplier = 1;
            foreach ((string suffix, long factor) in new[] { ("KiB", 1024L), ("MiB", 1024L * 1024), ("K", 1024L), ("M", 1024L * 1024) })
            {
                if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    multiplier = factor;
                    value = value.Substring(0, value.Length - suffix.Length);
                    break;
                }
            }

            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) || number * multiplier > int.MaxValue)
            {
                return false;
            }

            bytes = (int)(number * multiplier);
            return true;
        }

        /// <summary>One run of the command: scans, hashes with progress, writes the file, reports.</summary>
        private sealed class CreateRun
        {
            private readonly CommandOutput _output;

            public CreateRun(CommandOutput output) => _output = output;

            public string Input { get; init; } = string.Empty;

            public string? OutFile { get; init; }

            public bool Force { get; init; }

            public bool Json { get; init; }

            public TorrentCreationOptions Options { get; init; } = TorrentCreationOptions.Default;

            public int Execute()
            {
                HashingProgressRenderer progress = HashingProgressRenderer.ForConsole(_output.Error);
                BuiltTorrent built;
                string target;
                try
                {
                    Options.Validate();
                    // The output must be known before the scan, to leave it out when it is inside the folder.
                    target = Path.GetFullPath(string.IsNullOrEmpty(OutFile)
                        ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Input))) + ".torrent"
                        : OutFile!);
                    TorrentCreationOptions options = WithExcluded(target);
                    TorrentContent content = TorrentBuilder.Scan(Input, options);
                    if (!CheckTarget(target))
                    {
                        return ExitCodes.InvalidInput;
                    }

                    foreach (string skipped in content.SkippedPaths)
                    {
                        if (!PathsEqual(skipped, target))
                        {
                            _output.WriteWarning(skipped, "left out (hidden or OS junk; --include-hidden keeps it)");
                        }
                    }

                    built = TorrentBuilder.CreateAsync(content, options, progress).GetAwaiter().GetResult();
                    built.Save(target);
                }
                catch (TorrentCreationException e)
                {
                    progress.Finish();
                    _output.WriteError(e.Path ?? OptionName(e.Option) ?? Input, e.Reason);
                    return ExitCodes.InvalidInput;
                }
                catch (StorageException e)
                {
                    progress.Finish();
                    _output.WriteError(e.Path, e.Reason);
                    return ExitCodes.InvalidInput;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                {
                    progress.Finish();
                    _output.WriteError(OutFile ?? Input, e.Message);
                    return ExitCodes.InvalidInput;
                }

                progress.Finish();
                TorrentInfo torrent = built.LoadAs(target);
                foreach (string warning in torrent.Warnings)
                {
                    _output.WriteWarning(target, warning);
                }

                if (Json)
                {
                    _output.WriteJson(TorrentInfoJson.From(torrent), CliJsonContext.Console.TorrentInfoJson);
                }
                else
                {
                    _output.Out.WriteLine("Created " + target);
                    TorrentInfoView.Write(_output.Out, torrent);
                    _output.Out.Flush();
                }

                return ExitCodes.Success;
            }

            private TorrentCreationOptions WithExcluded(string target)
            {
                var excluded = new List<string>(Options.ExcludedPaths) { target };
                return new TorrentCreationOptions
                {
                    Trackers = Options.Trackers,
                    WebSeeds = Options.WebSeeds,
                    PieceLength = Options.PieceLength,
                    IsPrivate = Options.IsPrivate,
                    Comment = Options.Comment,
                    Source = Options.Source,
                    IncludeHiddenFiles = Options.IncludeHiddenFiles,
                    ExcludedPaths = excluded,
                };
            }

            private bool CheckTarget(string target)
            {
                if (Directory.Exists(target))
                {
                    _output.WriteError(target, "is a folder; give the .torrent file's name with -o");
                    return false;
                }

                if (File.Exists(target) && !Force)
                {
                    _output.WriteError(target, "already exists; use --force to replace it");
                    return false;
                }

                return true;
            }

            /// <summary>The command-line option behind an engine option, so the error names what the user typed.</summary>
            private static string? OptionName(string? option) => option switch
            {
                null => null,
                "piece length" => "--piece-size",
                "web seed" => "--web-seed",
                _ => "--" + option.Replace(' ', '-'),
            };

            private static bool PathsEqual(string a, string b) =>
                string.Equals(a, b, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
        }
    }
}
