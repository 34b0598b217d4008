using System;
using System.IO;
using TorrentPS.Cli.Output;
using TorrentPS.Peers.Listening;
using TorrentPS.Storage;

namespace TorrentPS.Cli.Commands
{
    /// <summary>What <c>download</c> and <c>seed</c> write the same way while their session runs: verbose lines and the failures that end it.</summary>
    internal static class SessionRunOutput
    {
        /// <summary>The session log for --verbose (one line per message, above the progress bar), or null without it.</summary>
        public static Action<string>? VerboseLog(bool verbose, Action<string> writeLine) =>
            verbose ? message => writeLine("torrentps: verbose: " + TorrentCommandInput.OneLine(message)) : null;

        /// <summary>A failure of the run that is the user's to fix (data, folder, port), reported as bad input rather than a crash.</summary>
        public static bool IsFailure(Exception e) =>
            e is StorageException || e is IOException || e is UnauthorizedAccessException || e is TorrentSeedException || e is PeerListenerException;

        /// <summary>One error line: about --port when the listener failed, about the data folder otherwise.</summary>
        public static void WriteFailure(CommandOutput output, Exception e, string folder) =>
            output.WriteError(e is PeerListenerException ? "--port" : folder, e is UnauthorizedAccessException ? "permission denied: " + e.Message : e.Message);
    }
}
