using System;
using System.CommandLine;
using TorrentPS.Cli.Output;
using TorrentPS.Cli.Views;

namespace TorrentPS.Cli.Commands
{
    /// <summary><c>torrentps info PATH|MAGNET [--json]</c>: what a .torrent file or a magnet link describes.</summary>
    internal static class InfoCommand
    {
        private const string MagnetScheme = "magnet:";

        public static Command Create(CommandOutput output)
        {
            var input = new Argument<string>("input")
            {
                Description = "A .torrent file, or a magnet link (starting with \"magnet:\"; quote it in the shell).",
            };
            var json = new Option<bool>("--json")
            {
                Description = "Print one JSON object (camelCase) instead of the human summary. " +
                    "For a magnet link, each tracker (tr=) is its own tier, tried in order, as libtorrent reads them.",
            };

            var command = new Command("info", "Show what a .torrent file or a magnet link describes: name, info-hash, size, pieces, trackers, files.");
            command.Arguments.Add(input);
            command.Options.Add(json);
            command.SetAction(parseResult => Run(output, parseResult.GetValue(input) ?? string.Empty, parseResult.GetValue(json)));
            return command;
        }

        private static int Run(CommandOutput output, string input, bool json) =>
            input.StartsWith(MagnetScheme, StringComparison.OrdinalIgnoreCase)
                ? ShowMagnet(output, input, json)
                : ShowTorrentFile(output, input, json);

        private static int ShowMagnet(CommandOutput output, string uri, bool json)
        {
            MagnetLink link;
            try
            {
                link = MagnetLink.Parse(uri);
            }
            catch (MetainfoException exception)
            {
                output.WriteError("magnet link", TorrentCommandInput.Describe(exception));
                return ExitCodes.InvalidInput;
            }

            if (json)
            {
                output.WriteJson(MagnetLinkJson.From(link), CliJsonContext.Console.MagnetLinkJson);
            }
            else
            {
                MagnetLinkView.Write(output.Out, link);
            }

            return ExitCodes.Success;
        }

        private static int ShowTorrentFile(CommandOutput output, string path, bool json)
        {
            TorrentInfo? torrent = TorrentCommandInput.LoadTorrentFile(output, path);
            if (torrent is null)
            {
                return ExitCodes.InvalidInput;
            }

            if (json)
            {
                output.WriteJson(TorrentInfoJson.From(torrent), CliJsonContext.Console.TorrentInfoJson);
            }
            else
            {
                TorrentInfoView.Write(output.Out, torrent);
            }

            return ExitCodes.Success;
        }
    }
}
