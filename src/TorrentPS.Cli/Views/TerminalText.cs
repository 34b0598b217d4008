using System.Globalization;
using System.Text;

namespace TorrentPS.Cli.Views
{
    /// <summary>
    /// Torrent names, comments and URLs come from strangers: control characters in them could move the
    /// cursor or recolour the terminal, so the human views show them escaped.
    /// </summary>
    internal static class TerminalText
    {
        public static string Printable(string text)
        {
            if (!NeedsEscaping(text))
            {
                return text;
            }

            var builder = new StringBuilder(text.Length + 8);
            foreach (char c in text)
            {
                if (char.IsControl(c))
                {
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        private static bool NeedsEscaping(string text)
        {
            foreach (char c in text)
            {
                if (char.IsControl(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
