using System.Xml.Linq;

namespace TorrentPS.Module.Tests.Help;

/// <summary>The converter on small pages: each rule of the PlatyPS 0.14 layout it follows, and the pages it refuses.</summary>
public class MarkdownToMamlTests
{
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    private const string Yaml = """
        ```yaml
        Type: String
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```
        """;

    private static string Page(string body, string onlineVersion = "") => $"""
        ---
        external help file: TorrentPS.dll-Help.xml
        Module Name: TorrentPS
        online version: {onlineVersion}
        schema: 2.0.0
        ---

        # Test-Thing

        {body}
        """;

    private static XElement Compile(string markdown)
    {
        CommandHelp help = CommandHelpReader.Read(PlatyPSDocument.Parse(markdown, "/docs/Test-Thing.md"));
        return XDocument.Parse(MamlWriter.Write([help])).Root!.Element(Command + "command")!;
    }

    private static string[] Paras(XElement? parent) => parent!.Elements(Maml + "para").Select(p => p.Value).ToArray();

    private static HelpSourceException Refused(string markdown)
        => Assert.Throws<HelpSourceException>(() => CommandHelpReader.Read(PlatyPSDocument.Parse(markdown, "/docs/Test-Thing.md")));

    [Fact]
    public void Text_becomes_one_para_per_paragraph_and_list_item_without_markdown_marks()
    {
        XElement command = Compile(Page("""
            ## SYNOPSIS
            Does **one** thing.

            ## DESCRIPTION
            First line
            and its continuation, with `a * b` and `x_y_z` kept and \*escapes\* undone.

            Choices:

            - *first*, which wraps
              onto a second line
            - second

            After the list, see [the spec](https://example.org/spec) or [a page](Other.md).
            """));

        Assert.Equal(["Does one thing."], Paras(command.Element(Command + "details")!.Element(Maml + "description")));
        Assert.Equal(
            [
                "First line and its continuation, with `a * b` and `x_y_z` kept and *escapes* undone.",
                "Choices:",
                "- first, which wraps onto a second line",
                "- second",
                string.Empty,
                "After the list, see the spec (https://example.org/spec) or a page (Other.md).",
            ],
            Paras(command.Element(Maml + "description")));
    }

    [Fact]
    public void An_example_has_a_dashed_title_its_code_blocks_joined_and_its_remarks()
    {
        XElement example = Compile(Page("""
            ## EXAMPLES

            ### Example 1: Two blocks
            An introduction that PlatyPS 0.14 leaves out.

            ```powershell
            Test-Thing -Name a
            ```

            ```Output
            Name
            ----
            a
            ```

            What it shows.

            A second remark.
            """)).Element(Command + "examples")!.Element(Command + "example")!;

        Assert.Equal("-------------------- Example 1: Two blocks --------------------", (string?)example.Element(Maml + "title"));
        Assert.Equal("Test-Thing -Name a\n\nName\n----\na", (string?)example.Element(Dev + "code"));
        Assert.Equal(["What it shows.", "A second remark."], Paras(example.Element(Dev + "remarks")));
    }

    [Theory]
    [InlineData("Example 1", "-------------------------- Example 1 --------------------------")]
    [InlineData("Example 2: A title that is long enough to need no dashes at all", "Example 2: A title that is long enough to need no dashes at all")]
    public void Example_titles_are_centred_in_dashes_up_to_64_characters(string title, string expected)
    {
        Assert.Equal(expected, CommandHelpReader.PadExampleTitle(title));
    }

    [Fact]
    public void Syntax_items_come_from_the_parameter_sets_in_the_yaml_ordered_by_position()
    {
        XElement command = Compile(Page("""
            ## PARAMETERS

            ### -Force
            Overwrites.

            ```yaml
            Type: SwitchParameter
            Parameter Sets: (All)
            Aliases: f

            Required: False
            Position: Named
            Default value: None
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ### -Kind
            Which kind.

            ```yaml
            Type: String
            Parameter Sets: ByName
            Aliases:
            Accepted values: Small, Large

            Required: False
            Position: 1
            Default value: Small
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ### -Name
            The name.

            ```yaml
            Type: String[]
            Parameter Sets: ByName
            Aliases: N, Title

            Required: True
            Position: 0
            Default value: None
            Accept pipeline input: True (ByPropertyName, ByValue)
            Accept wildcard characters: True
            ```

            ### -Id
            The id.

            ```yaml
            Type: Int32
            Parameter Sets: ById
            Aliases:

            Required: True
            Position: Named
            Default value: None
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ### CommonParameters
            This cmdlet supports the common parameters.
            """));

        var items = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(["Name", "Kind", "Force"], items[0].Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!));
        Assert.Equal(["Force", "Id"], items[1].Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!));

        XElement name = items[0].Elements(Command + "parameter").First();
        Assert.Equal("true", (string?)name.Attribute("required"));
        Assert.Equal("0", (string?)name.Attribute("position"));
        Assert.Equal("true", (string?)name.Attribute("globbing"));
        Assert.Equal("True (ByPropertyName, ByValue)", (string?)name.Attribute("pipelineInput"));
        Assert.Equal("N, Title", (string?)name.Attribute("aliases"));

        XElement kindInSyntax = items[0].Elements(Command + "parameter").ElementAt(1);
        Assert.Equal(["Small", "Large"], kindInSyntax.Element(Command + "parameterValueGroup")!.Elements().Select(v => v.Value));
        Assert.Equal("Small", (string?)kindInSyntax.Element(Dev + "defaultValue"));

        // A switch shows no value in syntax but has one in the parameter list; its default is False.
        XElement forceInSyntax = items[0].Elements(Command + "parameter").Last();
        Assert.Null(forceInSyntax.Element(Command + "parameterValue"));
        Assert.Equal("False", (string?)forceInSyntax.Element(Dev + "defaultValue"));

        var parameters = command.Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
        Assert.Equal(["Force", "Kind", "Name", "Id"], parameters.Select(p => (string)p.Element(Maml + "name")!));
        Assert.Equal("SwitchParameter", (string?)parameters[0].Element(Command + "parameterValue"));
        Assert.Equal("false", (string?)parameters[0].Element(Command + "parameterValue")!.Attribute("required"));
        Assert.Equal("named", (string?)parameters[0].Attribute("position"));
        Assert.Null(parameters[1].Element(Command + "parameterValueGroup"));
        Assert.Equal("none", (string?)parameters[3].Attribute("aliases"));
    }

    [Fact]
    public void A_cmdlet_with_only_common_sets_has_one_syntax_item()
    {
        XElement command = Compile(Page($"""
            ## PARAMETERS

            ### -Name
            The name.

            {Yaml}
            """));

        XElement item = Assert.Single(command.Element(Command + "syntax")!.Elements(Command + "syntaxItem"));
        Assert.Equal("Test-Thing", (string?)item.Element(Maml + "name"));
        Assert.Equal("Name", (string?)Assert.Single(item.Elements(Command + "parameter")).Element(Maml + "name"));
    }

    [Fact]
    public void Related_links_keep_only_absolute_targets_and_the_online_version_comes_first()
    {
        XElement command = Compile(Page(
            """
            ## RELATED LINKS

            [Other-Thing](Other-Thing.md)

            [BEP 3](https://www.bittorrent.org/beps/bep_0003.html)
            """,
            onlineVersion: "https://example.org/Test-Thing"));

        var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => ((string)l.Element(Maml + "linkText")!, (string)l.Element(Maml + "uri")!));
        Assert.Equal(
            [("Online Version:", "https://example.org/Test-Thing"), ("Other-Thing", string.Empty), ("BEP 3", "https://www.bittorrent.org/beps/bep_0003.html")],
            links);
    }

    [Fact]
    public void Absent_sections_give_empty_elements_and_empty_ones_an_empty_para()
    {
        XElement command = Compile(Page("""
            ## SYNOPSIS
            Short.

            ## NOTES

            ## INPUTS

            ### None
            """));

        Assert.Empty(command.Element(Maml + "description")!.Elements());
        Assert.Equal([string.Empty], Paras(command.Element(Maml + "alertSet")!.Element(Maml + "alert")));
        Assert.Equal([string.Empty], Paras(command.Element(Command + "inputTypes")!.Element(Command + "inputType")!.Element(Maml + "description")));
        Assert.Empty(command.Element(Command + "returnValues")!.Elements());
    }

    [Fact]
    public void Pages_that_PlatyPS_cannot_compile_are_refused_with_the_file_and_line()
    {
        HelpSourceException code = Refused(Page("""
            ## DESCRIPTION
            Text.

            ```powershell
            Test-Thing
            ```
            """));
        Assert.Equal("Test-Thing.md", code.File);
        Assert.Equal(13, code.Line);
        Assert.StartsWith("Test-Thing.md:13: ", code.Message, StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION", code.Message, StringComparison.Ordinal);

        HelpSourceException key = Refused(Page($"""
            ## PARAMETERS

            ### -Name
            The name.

            {Yaml.Replace("Required: False", "Mandatory: False", StringComparison.Ordinal)}
            """));
        Assert.Contains("unknown key 'Mandatory'", key.Message, StringComparison.Ordinal);
        Assert.Equal(20, key.Line);

        Assert.Contains("no ```yaml block", Refused(Page("""
            ## PARAMETERS

            ### -Name
            The name, and nothing more.
            """)).Message, StringComparison.Ordinal);

        Assert.Contains("text between code blocks", Refused(Page("""
            ## EXAMPLES

            ### Example 1: Twice
            ```powershell
            Test-Thing
            ```

            Then:

            ```powershell
            Test-Thing -Again
            ```
            """)).Message, StringComparison.Ordinal);

        Assert.Contains("only [text](uri) links", Refused(Page("""
            ## RELATED LINKS

            See also [Other-Thing](Other-Thing.md)
            """)).Message, StringComparison.Ordinal);

        Assert.Contains("Unexpected section '## USAGE'", Refused(Page("""
            ## USAGE
            Text.
            """)).Message, StringComparison.Ordinal);

        Assert.Contains("never closed", Refused(Page("""
            ## EXAMPLES

            ### Example 1: Open
            ```powershell
            Test-Thing
            """)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_cmdlet_pages_go_into_the_MAML_the_module_page_is_skipped_and_about_pages_become_text()
    {
        string folder = Directory.CreateTempSubdirectory("torrentps-help-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Test-Thing.md"), Page("## SYNOPSIS\nA thing."));
            File.WriteAllText(Path.Combine(folder, "Add-Thing.md"), Page("## SYNOPSIS\nAnother.").Replace("# Test-Thing", "# Add-Thing", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(folder, "TorrentPS.md"), "---\nModule Name: TorrentPS\nModule Guid: 00000000-0000-0000-0000-000000000000\n---\n\n# TorrentPS Module\n");
            File.WriteAllText(Path.Combine(folder, "about_Things.md"), "# about_Things\n\n## SHORT DESCRIPTION\nThings.\n");

            SortedDictionary<string, string> output = ExternalHelpCompiler.Compile(folder);

            Assert.Equal(["about_Things.help.txt", "TorrentPS.dll-Help.xml"], output.Keys);
            var names = XDocument.Parse(output["TorrentPS.dll-Help.xml"]).Root!.Elements()
                .Select(c => (string)c.Element(Command + "details")!.Element(Command + "name")!);
            Assert.Equal(["Add-Thing", "Test-Thing"], names);
            Assert.StartsWith("TOPIC\n    about_Things\n\nSHORT DESCRIPTION\n    Things.\n", output["about_Things.help.txt"], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
