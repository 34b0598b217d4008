namespace TorrentPS.Module.Tests;

/// <summary>
/// A PlatyPS 0.14 (schema 2.0.0) markdown help file split into its parts: front matter, title, the
/// level-2 sections in order, and each section's level-3 subsections. Headings inside code fences are text.
/// </summary>
internal sealed class PlatyPSDocument
{
    private PlatyPSDocument(string text, string? path)
    {
        Text = text;
        Path = path;
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int i = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
            {
                int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    FrontMatter[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
                }
            }

            i++;
        }

        Section? section = null;
        Subsection? subsection = null;
        bool inFence = false;
        for (; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && Title is null)
            {
                Title = line[2..].Trim();
                continue;
            }
            else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = new Section(line[3..].Trim()) { Line = i + 1 };
                subsection = null;
                Sections.Add(section);
                continue;
            }
            else if (!inFence && line.StartsWith("### ", StringComparison.Ordinal) && section != null)
            {
                subsection = new Subsection(line[4..].Trim()) { Line = i + 1 };
                section.Subsections.Add(subsection);
                continue;
            }

            (subsection?.Lines ?? section?.Lines)?.Add(line);
        }
    }

    public string Text { get; }

    /// <summary>The file it was read from, for messages; null when parsed from text.</summary>
    public string? Path { get; }

    public Dictionary<string, string> FrontMatter { get; } = new(StringComparer.Ordinal);

    public string? Title { get; }

    public List<Section> Sections { get; } = [];

    public static PlatyPSDocument Load(string path) => new(File.ReadAllText(path), path);

    public static PlatyPSDocument Parse(string text, string? path = null) => new(text, path);

    public Section this[string heading]
        => Sections.SingleOrDefault(s => s.Heading == heading) ?? throw new Xunit.Sdk.XunitException($"No '## {heading}' section.");

    internal sealed class Section(string heading)
    {
        public string Heading { get; } = heading;

        /// <summary>The 1-based line of the heading; the body starts on the next line.</summary>
        public int Line { get; init; }

        public List<string> Lines { get; } = [];

        public List<Subsection> Subsections { get; } = [];

        public string Body => string.Join("\n", Lines).Trim();
    }

    internal sealed class Subsection(string heading)
    {
        public string Heading { get; } = heading;

        /// <summary>The 1-based line of the heading; the body starts on the next line.</summary>
        public int Line { get; init; }

        public List<string> Lines { get; } = [];

        public string Body => string.Join("\n", Lines).Trim();

        /// <summary>The contents of the fenced code blocks, with the info string (e.g. "yaml") of each.</summary>
        public IEnumerable<(string Info, string Code)> CodeBlocks()
        {
            string? info = null;
            var code = new List<string>();
            foreach (string line in Lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    if (info is null)
                    {
                        info = line[3..].Trim();
                        code.Clear();
                    }
                    else
                    {
                        yield return (info, string.Join("\n", code));
                        info = null;
                    }
                }
                else if (info != null)
                {
                    code.Add(line);
                }
            }
        }

        /// <summary>The "Key: value" lines of the first yaml block.</summary>
        public Dictionary<string, string> Yaml()
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            string yaml = CodeBlocks().FirstOrDefault(b => b.Info == "yaml").Code ?? string.Empty;
            foreach (string line in yaml.Split('\n'))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    result[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            return result;
        }
    }
}
