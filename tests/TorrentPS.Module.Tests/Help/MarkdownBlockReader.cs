using System.Text.RegularExpressions;

namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// Splits the lines of a section body into paragraphs, list items and fenced code blocks. Blank lines end a
/// paragraph, a line ending in two spaces is a hard break (it ends the paragraph too), a list marker starts a
/// new item, and every other line continues the block before it (so wrapped list items stay one item).
/// </summary>
internal static partial class MarkdownBlockReader
{
    /// <param name="lines">The body lines.</param>
    /// <param name="firstLine">The 1-based line number of lines[0] in the file, for messages.</param>
    /// <param name="file">The file name, for messages.</param>
    public static List<MarkdownBlock> Read(IReadOnlyList<string> lines, int firstLine, string file)
    {
        var blocks = new List<MarkdownBlock>();
        var text = new List<string>();
        int textLine = 0;
        bool isListItem = false;

        void FinishText()
        {
            if (text.Count > 0)
            {
                blocks.Add(new TextBlock(textLine, string.Join(" ", text), isListItem));
                text.Clear();
            }
        }

        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            int number = firstLine + i;
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                FinishText();
                int close = i + 1;
                while (close < lines.Count && !lines[close].StartsWith("```", StringComparison.Ordinal))
                {
                    close++;
                }

                if (close == lines.Count)
                {
                    throw new HelpSourceException(file, number, "This code fence is never closed.");
                }

                // Like PlatyPS, the code is trimmed as a whole: its own indentation inside is kept.
                string code = string.Join("\n", lines.Skip(i + 1).Take(close - i - 1).Select(l => l.TrimEnd())).Trim();
                blocks.Add(new CodeBlock(number, line[3..].Trim(), code));
                i = close;
            }
            else if (string.IsNullOrWhiteSpace(line))
            {
                FinishText();
            }
            else
            {
                bool startsItem = ListMarker().IsMatch(line);
                if (startsItem)
                {
                    FinishText();
                }

                if (text.Count == 0)
                {
                    textLine = number;
                    isListItem = startsItem;
                }

                text.Add(line.Trim());
                if (line.EndsWith("  ", StringComparison.Ordinal))
                {
                    FinishText();
                }
            }
        }

        FinishText();
        return blocks;
    }

    [GeneratedRegex(@"^ {0,3}([-*+]|[0-9]{1,9}[.)])[ \t]+\S")]
    private static partial Regex ListMarker();
}
