namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// Markdown blocks -> the paragraphs of a MAML text element (one maml:para each), as PlatyPS 0.14 lays them
/// out: a paragraph's lines are joined into one, each list item is its own paragraph (marker kept), and an
/// empty paragraph follows a list of two or more items before the text goes on, which is how PlatyPS sets
/// a list apart in Get-Help.
/// </summary>
internal static class HelpParagraphs
{
    public static IReadOnlyList<string> From(IEnumerable<TextBlock> blocks)
    {
        var paragraphs = new List<string>();
        int listItems = 0;
        foreach (TextBlock block in blocks)
        {
            if (!block.IsListItem && listItems >= 2)
            {
                paragraphs.Add(string.Empty);
            }

            listItems = block.IsListItem ? listItems + 1 : 0;
            paragraphs.Add(Plain(block.Markdown));
        }

        return paragraphs;
    }

    /// <summary>
    /// A parameter description may also hold code blocks: PlatyPS separates each run of text and each code
    /// block by an empty paragraph and gives every code line its own paragraph.
    /// </summary>
    public static IReadOnlyList<string> FromDescription(IEnumerable<MarkdownBlock> blocks)
    {
        var parts = new List<IReadOnlyList<string>>();
        var text = new List<TextBlock>();
        foreach (MarkdownBlock block in blocks)
        {
            if (block is TextBlock paragraph)
            {
                text.Add(paragraph);
                continue;
            }

            if (text.Count > 0)
            {
                parts.Add(From(text));
                text = [];
            }

            parts.Add(((CodeBlock)block).Code.Split('\n'));
        }

        if (text.Count > 0)
        {
            parts.Add(From(text));
        }

        if (parts.Count == 0)
        {
            return [string.Empty];
        }

        var paragraphs = new List<string>(parts[0]);
        foreach (IReadOnlyList<string> part in parts.Skip(1))
        {
            paragraphs.Add(string.Empty);
            paragraphs.AddRange(part);
        }

        return paragraphs;
    }

    /// <summary>Inline markdown as MAML text: a link reads "text (uri)", as PlatyPS writes it.</summary>
    public static string Plain(string markdown)
        => MarkdownInline.ToPlainText(markdown, (text, uri) => uri.Length == 0 ? text : $"{text} ({uri})");
}
