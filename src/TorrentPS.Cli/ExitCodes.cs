namespace TorrentPS.Cli
{
    /// <summary>The process exit codes every command uses.</summary>
    internal static class ExitCodes
    {
        public const int Success = 0;

        /// <summary>The input (a file, a URI, its content) was wrong, or the command could not finish.</summary>
        public const int InvalidInput = 1;

        /// <summary>The command line itself was wrong: unknown command or option, missing argument.</summary>
        public const int Usage = 2;

        /// <summary>A signal (Ctrl+C, SIGTERM) stopped the command before it finished; what it did so far is kept.</summary>
        public const int Interrupted = 3;
    }
}
