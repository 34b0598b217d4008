namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// Reads a PlatyPS 0.14 (schema 2.0.0) cmdlet page into a <see cref="CommandHelp"/>, following the grammar of
/// PlatyPS's ModelTransformerVersion2: the syntax comes from the parameters' yaml (the SYNTAX code blocks
/// are only for readers), an example is an optional introduction, its code blocks and then remarks, and
/// what PlatyPS would refuse to compile is refused here too, with the file and line.
/// </summary>
internal sealed class CommandHelpReader
{
    public const string AllParameterSets = "(All)";

    private static readonly string[] KnownYamlKeys =
    [
        "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value",
        "Accept pipeline input", "Accept wildcard characters", "Applicable",
    ];

    private readonly PlatyPSDocument _page;
    private readonly string _file;

    private CommandHelpReader(PlatyPSDocument page)
    {
        _page = page;
        _file = page.Path is null ? "(markdown)" : System.IO.Path.GetFileName(page.Path);
    }

    public static CommandHelp Read(PlatyPSDocument page) => new CommandHelpReader(page).Read();

    private CommandHelp Read()
    {
        string name = _page.Title ?? throw new HelpSourceException(_file, 1, "The page has no '# Cmdlet-Name' title.");
        IReadOnlyList<string> synopsis = [], description = [], notes = [];
        List<ParameterHelp> parameters = [];
        List<IReadOnlyList<ParameterHelp>> syntax = [];
        List<TypeHelp> inputs = [], outputs = [];
        List<ExampleHelp> examples = [];
        List<LinkHelp> links = [];

        foreach (PlatyPSDocument.Section section in _page.Sections)
        {
            switch (section.Heading.ToUpperInvariant())
            {
                case "SYNOPSIS":
                    synopsis = TextSection(section);
                    break;
                case "DESCRIPTION":
                    description = TextSection(section);
                    break;
                case "NOTES":
                    notes = TextSection(section);
                    break;
                case "SYNTAX":
                    // PlatyPS checks nothing here either: MAML syntax is built from the parameters' yaml.
                    break;
                case "EXAMPLES":
                    RequireOnlySubsections(section);
                    examples.AddRange(section.Subsections.Select(Example));
                    break;
                case "PARAMETERS":
                    RequireOnlySubsections(section);
                    var declared = section.Subsections.Select(Parameter).Where(p => p != null).Select(p => p!).ToList();
                    parameters.AddRange(declared.Select(p => p[0]));
                    syntax.AddRange(GatherSyntax(declared));
                    break;
                case "INPUTS":
                    RequireOnlySubsections(section);
                    inputs.AddRange(section.Subsections.Select(TypeEntry));
                    break;
                case "OUTPUTS":
                    RequireOnlySubsections(section);
                    outputs.AddRange(section.Subsections.Select(TypeEntry));
                    break;
                case "RELATED LINKS":
                    links.AddRange(RelatedLinks(section));
                    break;
                default:
                    throw new HelpSourceException(_file, section.Line, $"Unexpected section '## {section.Heading}'.");
            }
        }

        if (syntax.Count == 0)
        {
            syntax.Add([]);
        }

        // PlatyPS puts the page's online version first among the related links, unless it is already first.
        if (_page.FrontMatter.TryGetValue("online version", out string? online) && online.Length > 0
            && (links.Count == 0 || links[0].Uri != online))
        {
            links.Insert(0, new LinkHelp("Online Version:", AbsoluteUriOrEmpty(online)));
        }

        return new CommandHelp(name, synopsis, description, syntax, parameters, inputs, outputs, notes, examples, links);
    }

    /// <summary>SYNOPSIS, DESCRIPTION and NOTES: paragraphs only (PlatyPS 0.14 fails on code blocks there).</summary>
    private List<string> TextSection(PlatyPSDocument.Section section)
    {
        if (section.Subsections.Count > 0)
        {
            throw new HelpSourceException(_file, section.Subsections[0].Line, $"'## {section.Heading}' cannot have '###' headings.");
        }

        // A section that is present but empty still gets one (empty) paragraph, as in PlatyPS.
        return TextOnly(Blocks(section.Lines, section.Line), section.Heading).DefaultIfEmpty(string.Empty).ToList();
    }

    private IReadOnlyList<string> TextOnly(List<MarkdownBlock> blocks, string where)
    {
        if (blocks.OfType<CodeBlock>().FirstOrDefault() is { } code)
        {
            throw new HelpSourceException(_file, code.Line, $"PlatyPS 0.14 cannot compile a code block in {where}; only text is allowed there.");
        }

        return HelpParagraphs.From(blocks.Cast<TextBlock>());
    }

    private void RequireOnlySubsections(PlatyPSDocument.Section section)
    {
        if (Blocks(section.Lines, section.Line).FirstOrDefault() is { } stray)
        {
            throw new HelpSourceException(_file, stray.Line, $"Text under '## {section.Heading}' must be inside a '###' entry.");
        }
    }

    private ExampleHelp Example(PlatyPSDocument.Subsection example)
    {
        List<MarkdownBlock> blocks = Blocks(example.Lines, example.Line);

        // Grammar: [introduction] code+ [remarks]. PlatyPS 0.14 leaves the introduction out of MAML.
        int firstCode = blocks.FindIndex(b => b is CodeBlock);
        int afterCode = firstCode < 0 ? blocks.Count : blocks.FindIndex(firstCode, b => b is not CodeBlock);
        if (afterCode < 0)
        {
            afterCode = blocks.Count;
        }

        var code = blocks.Skip(Math.Max(firstCode, 0)).Take(firstCode < 0 ? 0 : afterCode - firstCode).Cast<CodeBlock>();
        var remarks = blocks.Skip(afterCode).ToList();
        if (remarks.OfType<CodeBlock>().FirstOrDefault() is { } late)
        {
            throw new HelpSourceException(_file, late.Line, $"Example '{example.Heading}' has text between code blocks; PlatyPS 0.14 allows one run of code blocks per example, then remarks.");
        }

        return new ExampleHelp(
            PadExampleTitle(example.Heading),
            string.Join("\n\n", code.Select(c => c.Code)),
            HelpParagraphs.From(remarks.Cast<TextBlock>()).DefaultIfEmpty(string.Empty).ToList());
    }

    /// <summary>Centres the title in dashes to about 64 characters, as PlatyPS does, so examples stand out in Get-Help.</summary>
    internal static string PadExampleTitle(string title)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length >= 62)
        {
            return title;
        }

        string dashes = new('-', (64 - title.Length - 2) / 2);
        return $"{dashes} {title} {dashes}";
    }

    /// <summary>One entry per yaml block of the parameter (usually one), or null for CommonParameters.</summary>
    private List<ParameterHelp>? Parameter(PlatyPSDocument.Subsection entry)
    {
        string name = entry.Heading.StartsWith('-') ? entry.Heading[1..] : entry.Heading;
        if (name.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase) || name.Equals("WorkflowParameters", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        List<MarkdownBlock> blocks = Blocks(entry.Lines, entry.Line);
        int firstYaml = blocks.FindIndex(b => b is CodeBlock c && c.Info.Equals("yaml", StringComparison.OrdinalIgnoreCase));
        if (firstYaml < 0)
        {
            throw new HelpSourceException(_file, entry.Line, $"Parameter '{entry.Heading}' has no ```yaml block with its metadata.");
        }

        IReadOnlyList<string> description = HelpParagraphs.FromDescription(blocks.Take(firstYaml));
        var result = new List<ParameterHelp>();
        foreach (MarkdownBlock block in blocks.Skip(firstYaml))
        {
            if (block is not CodeBlock yaml || !yaml.Info.Equals("yaml", StringComparison.OrdinalIgnoreCase))
            {
                throw new HelpSourceException(_file, block.Line, $"Parameter '{entry.Heading}': only ```yaml blocks may follow its first ```yaml block.");
            }

            result.Add(ParameterFromYaml(name, description, yaml));
        }

        return result;
    }

    private ParameterHelp ParameterFromYaml(string name, IReadOnlyList<string> description, CodeBlock yaml)
    {
        // Keys are matched without regard to case and an empty value counts as absent, as in PlatyPS.
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string[] lines = yaml.Code.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            int lineNumber = yaml.Line + 1 + i;
            if (colon < 0)
            {
                throw new HelpSourceException(_file, lineNumber, $"Parameter '-{name}': '{line}' is not a 'Key: value' line.");
            }

            string key = line[..colon].Trim();
            if (!KnownYamlKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new HelpSourceException(_file, lineNumber, $"Parameter '-{name}': unknown key '{key}' (PlatyPS 0.14 knows {string.Join(", ", KnownYamlKeys)}).");
            }

            string value = line[(colon + 1)..].Trim();
            values[key] = value.Length == 0 ? null : value;
        }

        string? Value(string key) => values.TryGetValue(key, out string? value) ? value : null;
        static string[] List(string? value) => value is null ? [] : value.Split(',').Select(v => v.Trim()).ToArray();

        // No "Parameter Sets" line means every set; a line with no value means none (PlatyPS reads it so).
        string[] sets = values.ContainsKey("Parameter Sets")
            ? List(Value("Parameter Sets")).Where(s => s.Length > 0).ToArray()
            : [AllParameterSets];

        return new ParameterHelp(
            name,
            description,
            Value("Type"),
            sets,
            List(Value("Aliases")),
            List(Value("Accepted values")),
            string.Equals(Value("Required"), "true", StringComparison.OrdinalIgnoreCase),
            Value("Position") ?? "named",
            Value("Default value"),
            Value("Accept pipeline input") ?? "false",
            string.Equals(Value("Accept wildcard characters"), "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// One syntax item per parameter set, in the order the sets first appear among the documented
    /// parameters; parameters of every set join each item; within an item, parameters are ordered by
    /// position (stable, so named ones keep page order). A cmdlet with only "(All)" gets one item.
    /// </summary>
    private static List<IReadOnlyList<ParameterHelp>> GatherSyntax(List<List<ParameterHelp>> parameters)
    {
        var bySet = parameters.Select(blocks =>
        {
            var map = new Dictionary<string, ParameterHelp>(StringComparer.OrdinalIgnoreCase);
            foreach (ParameterHelp block in blocks)
            {
                foreach (string set in block.ParameterSets)
                {
                    map[set] = block;
                }
            }

            return map;
        }).ToList();

        var setNames = new List<string>();
        foreach (string set in bySet.SelectMany(map => map.Keys))
        {
            if (!setNames.Contains(set, StringComparer.OrdinalIgnoreCase))
            {
                setNames.Add(set);
            }
        }

        var syntax = new List<IReadOnlyList<ParameterHelp>>();
        foreach (string set in setNames)
        {
            if (set == AllParameterSets && setNames.Count > 1)
            {
                continue;
            }

            var members = new List<ParameterHelp>();
            foreach (Dictionary<string, ParameterHelp> map in bySet)
            {
                if (map.TryGetValue(set, out ParameterHelp? member))
                {
                    members.Add(member);
                }
                else if (map.Count == 1 && map.TryGetValue(AllParameterSets, out ParameterHelp? everywhere))
                {
                    members.Add(everywhere);
                }
            }

            syntax.Add(members.OrderBy(p => p.Position, StringComparer.Ordinal).ToList());
        }

        return syntax;
    }

    private TypeHelp TypeEntry(PlatyPSDocument.Subsection entry)
        => new(entry.Heading, TextOnly(Blocks(entry.Lines, entry.Line), $"'### {entry.Heading}'").DefaultIfEmpty(string.Empty).ToList());

    private IEnumerable<LinkHelp> RelatedLinks(PlatyPSDocument.Section section)
    {
        if (section.Subsections.Count > 0)
        {
            throw new HelpSourceException(_file, section.Subsections[0].Line, "'## RELATED LINKS' cannot have '###' headings.");
        }

        foreach (MarkdownBlock block in Blocks(section.Lines, section.Line))
        {
            if (block is not TextBlock text || text.IsListItem)
            {
                throw new HelpSourceException(_file, block.Line, "RELATED LINKS holds only [text](uri) links, one per paragraph (no lists or code).");
            }

            var found = new List<LinkHelp>();
            string rest = MarkdownInline.ToPlainText(text.Markdown, (linkText, uri) =>
            {
                found.Add(new LinkHelp(linkText, AbsoluteUriOrEmpty(uri)));
                return string.Empty;
            });
            if (found.Count == 0 || rest.Trim().Length > 0)
            {
                throw new HelpSourceException(_file, block.Line, $"RELATED LINKS holds only [text](uri) links, but this paragraph has '{rest.Trim()}'.");
            }

            foreach (LinkHelp link in found)
            {
                yield return link;
            }
        }
    }

    /// <summary>
    /// PlatyPS keeps a link's target only when it is an absolute URI: relative links between markdown pages
    /// would make Get-Help -Online fail. A scheme has to be written out (so "/x" is not a file URI here).
    /// </summary>
    internal static string AbsoluteUriOrEmpty(string uri)
        => Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) && uri.StartsWith(parsed.Scheme + ":", StringComparison.OrdinalIgnoreCase)
            ? uri
            : string.Empty;

    private List<MarkdownBlock> Blocks(List<string> lines, int headingLine) => MarkdownBlockReader.Read(lines, headingLine + 1, _file);
}
