using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using TorrentPS.Cli.Output;
using TorrentPS.Cli.Views;
using TorrentPS.Storage;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// <c>torrentps verify TORRENT [--path DATA] [--json]</c>: checks data on disk against a torrent's piece hashes,
    /// per piece and per file, with progress on stderr. DATA is the download folder, or the torrent's own folder or
    /// file. Exit codes: 0 only when every piece is good and every file has its exact length, 1 when the data is
    /// not complete or the input is bad, 2 for a bad command line.
    /// </summary>
    internal static class VerifyCommand
    {
        public static Command Create(CommandOutput output)
        {
            var torrent = new Argument<string>("torrent")
            {
                Description = "The .torrent file whose data to check.",
            };
            var path = new Option<string>("--path", "-p")
            {
                Description = "Where the data is: the download folder, or the torrent's own folder or file. Default: the current folder.",
                HelpName = "DATA",
            };
            var json = new Option<bool>("--json")
            {
                Description = "Print one JSON object with the result (per file too) instead of the human report.",
            };

            var command = new Command("verify", "Check data on disk against a torrent: every piece hashed, results per file. Exit code 0 only when complete and correct.");
            command.Arguments.Add(torrent);
            command.Options.Add(path);
            command.Options.Add(json);
            command.SetAction(parseResult => Run(output, parseResult.GetValue(torrent) ?? string.Empty, parseResult.GetValue(path), parseResult.GetValue(json)));
            return command;
        }

        private static int Run(CommandOutput output, string input, string? dataPath, bool json)
        {
            TorrentInfo? torrent = TorrentCommandInput.LoadTorrent(
                output, input, "verify needs the .torrent file: a magnet link carries no piece hashes", folderHint: " (the data goes in --path)");
            if (torrent is null)
            {
                return ExitCodes.InvalidInput;
            }

            HashingProgressRenderer progress = HashingProgressRenderer.ForConsole(output.Error);
            DataCheckResult result;
            try
            {
                string destination = TorrentDataLocation.Resolve(torrent, string.IsNullOrEmpty(dataPath) ? "." : dataPath!);
                result = DataChecker.CheckAsync(torrent, destination, progress).GetAwaiter().GetResult();
            }
            catch (StorageException e)
            {
                progress.Finish();
                output.WriteError(e.Path, e.Reason);
                return ExitCodes.InvalidInput;
            }

            progress.Finish();
            if (json)
            {
                output.WriteJson(VerifyResultJson.From(result), CliJsonContext.Console.VerifyResultJson);
            }
            else
            {
                VerifyResultView.Write(output.Out, result);
                output.Out.Flush();
            }

            if (result.IsComplete)
            {
                return ExitCodes.Success;
            }

            output.WriteError(torrent.Name, string.Format(
                CultureInfo.InvariantCulture,
                "not complete: {0}/{1} pieces good, {2} bad, {3} missing",
                result.PiecesGood,
                result.PieceCount,
                result.PiecesBad,
                result.PiecesMissing));
            return ExitCodes.InvalidInput;
        }
    }
}
