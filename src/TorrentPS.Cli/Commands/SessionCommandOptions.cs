using System;
using System.CommandLine;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// The options <c>download</c> and <c>seed</c> share: --peer, --tracker, --no-trackers, --max-peers and --verbose,
    /// checked the same way; each command words their help for what it does and adds them in its own order.
    /// </summary>
    internal sealed class SessionCommandOptions
    {
        public const int MaxPeersLimit = 1000;

        public SessionCommandOptions(string peerHelp, string trackerHelp, string noTrackersHelp, string verboseHelp, int defaultMaxPeers)
        {
            Peers = new Option<string[]>("--peer")
            {
                Description = peerHelp,
                HelpName = "HOST:PORT",
                AllowMultipleArgumentsPerToken = false,
            };
            Trackers = new Option<string[]>("--tracker")
            {
                Description = trackerHelp,
                HelpName = "URL",
                AllowMultipleArgumentsPerToken = false,
            };
            NoTrackers = new Option<bool>("--no-trackers")
            {
                Description = noTrackersHelp,
            };
            MaxPeers = new Option<int>("--max-peers")
            {
                Description = "Connections kept open at most (1-1000).",
                DefaultValueFactory = _ => defaultMaxPeers,
            };
            Verbose = new Option<bool>("--verbose", "-v")
            {
                Description = verboseHelp,
            };
            CommandLineRanges.Require(MaxPeers, 1, MaxPeersLimit);
            TorrentCommandInput.ValidatePeersAndTrackers(Peers, Trackers);
        }

        public Option<string[]> Peers { get; }

        public Option<string[]> Trackers { get; }

        public Option<bool> NoTrackers { get; }

        public Option<int> MaxPeers { get; }

        public Option<bool> Verbose { get; }

        public string[] GetPeers(ParseResult parseResult) => parseResult.GetValue(Peers) ?? Array.Empty<string>();

        public string[] GetTrackers(ParseResult parseResult) => parseResult.GetValue(Trackers) ?? Array.Empty<string>();
    }
}
