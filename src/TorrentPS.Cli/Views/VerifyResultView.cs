using System.Globalization;
using System.IO;
using System.Linq;

namespace TorrentPS.Cli.Views
{
    /// <summary>The human report <c>torrentps verify</c> prints: the verdict, then every file that is not complete.</summary>
    internal static class VerifyResultView
    {
        public static void Write(TextWriter output, DataCheckResult result)
        {
            output.WriteLine(TerminalText.Printable(result.ToString()));
            output.WriteLine("Data: " + TerminalText.Printable(result.Destination));
            TorrentFileCheck[] incomplete = result.Files.Where(file => !file.IsComplete).ToArray();
            if (incomplete.Length == 0)
            {
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "All {0} file(s) complete ({1}).", result.Files.Count, ByteSize.Format(result.BytesVerified)));
                return;
            }

            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} of {1} file(s) not complete:", incomplete.Length, result.Files.Count));
            foreach (TorrentFileCheck file in incomplete)
            {
                output.WriteLine("  " + TerminalText.Printable(Describe(file)));
            }
        }

        private static string Describe(TorrentFileCheck file)
        {
            if (!file.Exists)
            {
                return file.Path + ": missing";
            }

            string size = file.SizeOnDisk == file.Length
                ? string.Empty
                : string.Format(CultureInfo.InvariantCulture, " (size {0}, expected {1})", file.SizeOnDisk, file.Length);
            return string.Format(CultureInfo.InvariantCulture, "{0}: {1}/{2} pieces good, {3} bad, {4} missing{5}", file.Path, file.PiecesGood, file.PieceCount, file.PiecesBad, file.PiecesMissing, size);
        }
    }
}
