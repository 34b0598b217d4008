using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using TorrentPS.Cli.Output;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Cli.Commands
{
    /// <summary>What <c>announce</c> and <c>scrape</c> share: the input argument, --tracker, --timeout, --json, and reading the input.</summary>
    internal sealed class TrackerCommandInput
    {
        public const int MaxTimeoutSeconds = 3600;

        public Argument<string> Input { get; } = new Argument<string>("input")
        {
            Description = "A .torrent file, a magnet link (quote it in the shell), or an info-hash (40 hex characters; needs --tracker).",
        };

        public Option<string[]> Trackers { get; } = new Option<string[]>("--tracker")
        {
            Description = "A tracker URL (http://, https:// or udp://) to ask instead of the torrent's own. Repeat it for several; they are asked in the order given.",
            AllowMultipleArgumentsPerToken = false,
        };

        public Option<int?> Timeout { get; } = new Option<int?>("--timeout")
        {
            Description = "Seconds one tracker may take to answer (1-3600). Default: 30 for HTTP, 15+30+60 for UDP's three tries.",
        };

        public Option<bool> Json { get; } = new Option<bool>("--json")
        {
            Description = "Print a JSON array, one object per tracker asked, instead of the human summary.",
        };

        public TrackerCommandInput()
        {
            CommandLineRanges.Require(Timeout, 1, MaxTimeoutSeconds);
        }

        public void AddTo(Command command)
        {
            command.Arguments.Add(Input);
            command.Options.Add(Trackers);
            command.Options.Add(Timeout);
            command.Options.Add(Json);
        }

        public static TimeSpan? ToTimeout(int? seconds) => seconds is int value ? TimeSpan.FromSeconds(value) : null;

        /// <summary>Reads the input, or writes one error line and returns null.</summary>
        public static TrackerTarget? Read(CommandOutput output, string input)
        {
            try
            {
                return TrackerTarget.FromInput(input);
            }
            catch (MetainfoException exception)
            {
                string subject = input.StartsWith("magnet:", StringComparison.OrdinalIgnoreCase) ? "magnet link" : input;
                output.WriteError(subject, TorrentCommandInput.Describe(exception));
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                output.WriteError(input, TorrentCommandInput.DescribeIo(exception, "no such file (nor a magnet link or an info-hash)"));
            }

            return null;
        }

        /// <summary>The error line for a torrent with no tracker to ask.</summary>
        public static void WriteNoTracker(CommandOutput output, TrackerTarget target) =>
            output.WriteError(target.InfoHash.ToString(), "names no tracker; give one with --tracker");

        /// <summary>One error line per tracker that failed, then the exit code: success when any tracker answered.</summary>
        public static int Finish(CommandOutput output, int answered, int asked)
        {
            if (answered > 0)
            {
                return ExitCodes.Success;
            }

            if (asked > 1)
            {
                output.WriteError("trackers", string.Format(CultureInfo.InvariantCulture, "none of the {0} trackers asked answered", asked));
            }

            return ExitCodes.InvalidInput;
        }
    }
}
