using System;
using System.IO;

namespace TorrentPS.Cli.Output
{
    /// <summary>
    /// What a progress bar on stderr can count on, decided the same way for every command's bar: whether stderr is a
    /// terminal that can redraw a line in place, and how wide it is (a wider bar would wrap and stop redrawing).
    /// </summary>
    internal static class StderrTerminal
    {
        public const int DefaultWidth = 80;

        /// <summary>Interactive when stderr is not redirected and TERM is not "dumb"; the width only matters then.</summary>
        public static (bool Interactive, int Width) Measure()
        {
            bool interactive = !Console.IsErrorRedirected && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
            int width = DefaultWidth;
            if (interactive)
            {
                try
                {
                    width = Console.WindowWidth > 0 ? Console.WindowWidth : width;
                }
                catch (IOException)
                {
                    // No window to measure (some terminals, some CI consoles): the classic width is safe.
                }
            }

            return (interactive, width);
        }
    }
}
