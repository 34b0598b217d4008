using System.IO;
using TorrentPS.Cli.Output;

namespace TorrentPS.Cli.Views
{
    /// <summary>The human summary <c>torrentps info MAGNET</c> prints: only what the link itself carries.</summary>
    internal static class MagnetLinkView
    {
        public static void Write(TextWriter output, MagnetLink link)
        {
            output.WriteLine("Magnet link: files and pieces come from peers (BEP 9); the link itself carries:");
            var view = new LabelledLines(output);
            view.Line("Name", link.DisplayName is null ? "(no dn= in the link)" : TerminalText.Printable(link.DisplayName));
            view.Line("Info-hash", link.InfoHash.ToString());
            if (link.ExactLength is { } length)
            {
                view.Line("Size", ByteSize.FormatWithExact(length));
            }

            view.List("Trackers", link.Trackers);
            view.List("Web seeds", link.WebSeeds);
            view.List("Peers", link.Peers);
        }
    }
}
