using System;
using TorrentPS.Cli.Output;

namespace TorrentPS.Cli.Commands
{
    /// <summary>What one run of <c>download</c> or <c>seed</c> is given from the command line that both commands take.</summary>
    internal abstract class SessionRun
    {
        protected SessionRun(CommandOutput output) => Output = output;

        public string Input { get; init; } = string.Empty;

        public string[] Peers { get; init; } = Array.Empty<string>();

        public string[] Trackers { get; init; } = Array.Empty<string>();

        public bool NoTrackers { get; init; }

        public int MaxPeers { get; init; }

        public int Port { get; init; }

        public double? SeedRatio { get; init; }

        public TimeSpan? SeedTime { get; init; }

        public bool Verbose { get; init; }

        protected CommandOutput Output { get; }
    }
}
