using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TorrentPS.Cli.Output;

namespace TorrentPS.Cli.Views
{
    /// <summary>The human summary <c>torrentps info FILE</c> prints.</summary>
    internal static class TorrentInfoView
    {
        public static void Write(TextWriter output, TorrentInfo torrent)
        {
            var view = new LabelledLines(output);
            view.Line("Name", TerminalText.Printable(torrent.Name));
            view.Line("Info-hash", torrent.InfoHash.ToString());
            // TotalSize counts BEP 47 padding, which never reaches the disk; people want the content size.
            long contentSize = torrent.ContentSize;
            string padding = contentSize == torrent.TotalSize ? string.Empty : $", {ByteSize.Format(torrent.TotalSize)} with padding";
            view.Line("Size", $"{ByteSize.FormatWithExact(contentSize)} in {Count(torrent.Files.Count, "file")}{padding}");
            view.Line("Pieces", $"{torrent.PieceCount.ToString(CultureInfo.InvariantCulture)} x {ByteSize.Format(torrent.PieceLength)}");
            view.Line("Private", torrent.IsPrivate ? "yes" : "no");
            view.Line("Format", torrent.IsHybrid ? "hybrid (v1 and v2)" : "v1");
            if (torrent.CreationDate is { } created)
            {
                view.Line("Created", created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
            }

            view.Optional("Created by", torrent.CreatedBy);
            view.Optional("Comment", torrent.Comment);

            WriteTrackers(view, torrent.Trackers);
            view.List("Web seeds", torrent.WebSeeds);
            WriteFiles(output, torrent.Files);
        }

        private static void WriteTrackers(LabelledLines view, IReadOnlyList<IReadOnlyList<string>> tiers)
        {
            if (tiers.Count == 0)
            {
                view.Line("Trackers", "none (DHT, PEX or web seeds only)");
                return;
            }

            view.Heading("Trackers");
            for (int tier = 0; tier < tiers.Count; tier++)
            {
                string label = "tier " + (tier + 1).ToString(CultureInfo.InvariantCulture);
                view.Indented(label, tiers[tier].Select(TerminalText.Printable));
            }
        }

        private static void WriteFiles(TextWriter output, IReadOnlyList<TorrentFile> files)
        {
            output.WriteLine($"Files ({files.Count.ToString(CultureInfo.InvariantCulture)}):");
            string[] sizes = files.Select(file => ByteSize.Format(file.Length)).ToArray();
            int width = sizes.Length == 0 ? 0 : sizes.Max(size => size.Length);
            for (int i = 0; i < files.Count; i++)
            {
                output.WriteLine($"  {sizes[i].PadLeft(width)}  {TerminalText.Printable(files[i].Path)}");
            }
        }

        private static string Count(int count, string noun) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
    }
}
