using System.Text;
using System.Text.RegularExpressions;

namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// Writes an about_ page as the plain-text topic Get-Help reads (about_X.help.txt), in the simple form of
/// PlatyPS 0.14's TextRenderer: "TOPIC" and the indented topic name, section headings in capitals, text
/// indented four spaces and wrapped to 80 columns, code indented four spaces, quotes and dashes made ASCII.
/// Our pages use the newer layout (# about_X, then ## sections, ### subsections), so each level sits one
/// below PlatyPS 0.14's template: ## is its #, ### its ##. List items wrap under their own text.
/// </summary>
internal static partial class AboutTopicWriter
{
    public const int Width = 80;
    private const string Indent = "    ";

    public static string Write(PlatyPSDocument page)
    {
        string file = page.Path is null ? "(markdown)" : Path.GetFileName(page.Path);
        string title = page.Title ?? throw new HelpSourceException(file, 1, "The about page has no '# about_Name' title.");
        if (!title.StartsWith("about_", StringComparison.OrdinalIgnoreCase) || title.Contains(' ', StringComparison.Ordinal))
        {
            throw new HelpSourceException(file, 1, $"The about page's title '{title}' must be the topic name, about_Something.");
        }

        var text = new StringBuilder();
        text.Append("TOPIC\n").Append(Indent).Append(title).Append("\n\n");
        foreach (PlatyPSDocument.Section section in page.Sections)
        {
            text.Append(section.Heading.ToUpperInvariant()).Append('\n');
            AppendBlocks(text, MarkdownBlockReader.Read(section.Lines, section.Line + 1, file));
            foreach (PlatyPSDocument.Subsection subsection in section.Subsections)
            {
                text.Append(subsection.Heading).Append('\n');
                AppendBlocks(text, MarkdownBlockReader.Read(subsection.Lines, subsection.Line + 1, file));
            }
        }

        return Ascii(text.ToString().TrimEnd('\n') + "\n");
    }

    private static void AppendBlocks(StringBuilder text, List<MarkdownBlock> blocks)
    {
        for (int i = 0; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case CodeBlock code:
                    foreach (string line in code.Code.Split('\n'))
                    {
                        text.Append((Indent + line).TrimEnd()).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case TextBlock paragraph:
                    string plain = MarkdownInline.ToPlainText(paragraph.Markdown, RenderLink);
                    string hanging = paragraph.IsListItem ? Indent + new string(' ', ListMarkerWidth(plain)) : Indent;
                    foreach (string line in Wrap(plain, Indent, hanging))
                    {
                        text.Append(line).Append('\n');
                    }

                    // A list stays together; a blank line ends it and every paragraph.
                    bool nextIsItem = i + 1 < blocks.Count && blocks[i + 1] is TextBlock { IsListItem: true };
                    if (!(paragraph.IsListItem && nextIsItem))
                    {
                        text.Append('\n');
                    }

                    break;
            }
        }
    }

    /// <summary>A link to another page means nothing in a text topic, so only absolute ones keep their target.</summary>
    private static string RenderLink(string text, string uri)
    {
        string absolute = CommandHelpReader.AbsoluteUriOrEmpty(uri);
        return absolute.Length == 0 ? text : $"{text} ({absolute})";
    }

    private static int ListMarkerWidth(string item) => ListMarker().Match(item).Length;

    /// <summary>Greedy word wrap; a word longer than the line gets a line of its own.</summary>
    internal static IEnumerable<string> Wrap(string text, string firstIndent, string nextIndent)
    {
        var line = new StringBuilder(firstIndent);
        bool empty = true;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                yield return line.ToString();
                line.Clear().Append(nextIndent);
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ');
            }

            line.Append(word);
            empty = false;
        }

        if (!empty)
        {
            yield return line.ToString();
        }
    }

    /// <summary>Get-Help shows the file as it is: typographic quotes and dashes become their ASCII forms, as PlatyPS does.</summary>
    private static string Ascii(string text) => DoubleQuotes().Replace(SingleQuotes().Replace(Dashes().Replace(text.Replace('\u00a0', ' '), "-"), "'"), "\"");

    [GeneratedRegex(@"^([-*+]|[0-9]{1,9}[.)]) ")]
    private static partial Regex ListMarker();

    [GeneratedRegex("[\u2018\u2019\u201b]")]
    private static partial Regex SingleQuotes();

    [GeneratedRegex("[\u201c\u201d\u201e\u201f]")]
    private static partial Regex DoubleQuotes();

    [GeneratedRegex("[\u05be\u1806\u2010\u2011\u00ad\u2012\u2013\u2014\u2015\u2212]")]
    private static partial Regex Dashes();
}
