using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Net;
using TorrentPS.Cli.Output;
using TorrentPS.Jobs;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// What <c>download</c> and <c>seed</c> share: checking --peer and --tracker on the command line, reading the
    /// .torrent file and the --peer end points (each writes one error line and returns null on bad input).
    /// </summary>
    internal static class TorrentCommandInput
    {
        private const string MagnetScheme = "magnet:";

        /// <summary>Makes the parser refuse a --peer that is not host:port and a --tracker that is not a tracker URL.</summary>
        public static void ValidatePeersAndTrackers(Option<string[]> peers, Option<string[]> trackers)
        {
            peers.Validators.Add(result => CheckEach(result, "--peer", text => PeerEndPointParser.Split(text)));
            trackers.Validators.Add(result => CheckEach(result, "--tracker", text =>
            {
                if (!TrackerFailures.IsTrackerUrl(text))
                {
                    throw new FormatException($"'{text}' is not an http://, https:// or udp:// URL.");
                }
            }));
        }

        /// <summary>
        /// Loads the .torrent file named by <paramref name="input"/> and writes its warnings; a magnet link gets
        /// <paramref name="magnetRefusal"/>, a folder the error with <paramref name="folderHint"/> after it.
        /// </summary>
        public static TorrentInfo? LoadTorrent(CommandOutput output, string input, string magnetRefusal, string folderHint = "")
        {
            if (input.StartsWith(MagnetScheme, StringComparison.OrdinalIgnoreCase))
            {
                output.WriteError("magnet link", magnetRefusal);
                return null;
            }

            return LoadTorrentFile(output, input, folderHint);
        }

        /// <summary>Loads the .torrent file at <paramref name="path"/> and writes its warnings, or writes why it cannot and returns null.</summary>
        public static TorrentInfo? LoadTorrentFile(CommandOutput output, string path, string folderHint = "")
        {
            try
            {
                if (Directory.Exists(path))
                {
                    output.WriteError(path, "is a directory, not a .torrent file" + folderHint);
                    return null;
                }

                TorrentInfo torrent = TorrentInfo.LoadFile(path);
                foreach (string warning in torrent.Warnings)
                {
                    output.WriteWarning(path, warning);
                }

                return torrent;
            }
            catch (MetainfoException e)
            {
                output.WriteError(path, Describe(e));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                output.WriteError(path, DescribeIo(e));
            }

            return null;
        }

        /// <summary>A metainfo error for the console: the subject (file or "magnet link") is printed before it, so the source is left out.</summary>
        public static string Describe(MetainfoException exception) =>
            exception.Field is null ? exception.Reason : $"{exception.Field}: {exception.Reason}";

        /// <summary>A file error for the console; <paramref name="notFound"/> is what a missing file is called.</summary>
        public static string DescribeIo(Exception exception, string notFound = "no such file") => exception switch
        {
            FileNotFoundException _ => notFound,
            DirectoryNotFoundException _ => "no such file (its folder does not exist)",
            UnauthorizedAccessException _ => "permission denied",
            _ => exception.Message,
        };

        /// <summary>The --peer end points, duplicates dropped, in the order given.</summary>
        public static List<IPEndPoint>? ResolvePeers(CommandOutput output, string[] peers)
        {
            var endPoints = new List<IPEndPoint>(peers.Length);
            foreach (string text in peers)
            {
                try
                {
                    IPEndPoint endPoint = PeerEndPointParser.Parse(text);
                    if (!endPoints.Contains(endPoint))
                    {
                        endPoints.Add(endPoint);
                    }
                }
                catch (FormatException e)
                {
                    output.WriteError("--peer", e.Message);
                    return null;
                }
            }

            return endPoints;
        }

        /// <summary>A session log message as one line, so it cannot break the progress bar.</summary>
        public static string OneLine(string text) =>
            text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');

        private static void CheckEach(OptionResult result, string name, Action<string> check)
        {
            foreach (Token token in result.Tokens)
            {
                try
                {
                    check(token.Value);
                }
                catch (FormatException e)
                {
                    result.AddError($"{name}: {e.Message}");
                }
            }
        }
    }
}
