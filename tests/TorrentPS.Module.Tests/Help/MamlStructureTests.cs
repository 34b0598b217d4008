using System.Xml.Linq;

namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// The committed MAML, read as Get-Help reads it: well-formed, in the MAML namespaces, and one command per
/// cmdlet class in TorrentPS.dll with that cmdlet's parameters, one syntax item per parameter set, and as
/// many examples as its page.
/// </summary>
public class MamlStructureTests
{
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    private static readonly Lazy<XDocument> Document = new(() =>
        XDocument.Load(Path.Combine(RepoPaths.HelpFolder, CompiledHelpFiles.MamlFile), LoadOptions.None));

    public static TheoryData<string> CmdletNames() => CmdletSurfaceTests.CmdletNames();

    private static XElement CommandElement(string name)
    {
        var matches = Document.Value.Root!.Elements(Command + "command")
            .Where(c => (string?)c.Element(Command + "details")?.Element(Command + "name") == name)
            .ToList();
        Assert.True(matches.Count == 1, $"{CompiledHelpFiles.MamlFile} has {matches.Count} command:command elements for {name}, expected 1. Regenerate: {CompiledHelpFiles.RegenerateCommand}");
        return matches[0];
    }

    private static string[] ParameterNames(XElement parent)
        => parent.Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!).ToArray();

    [Fact]
    public void Is_a_MAML_help_items_document_with_one_command_per_cmdlet_class()
    {
        XElement root = Document.Value.Root!;

        Assert.Equal(MamlWriter.Msh + "helpItems", root.Name);
        Assert.Equal("maml", (string?)root.Attribute("schema"));
        Assert.Equal("utf-8", Document.Value.Declaration?.Encoding);
        Assert.All(root.Elements(), command =>
        {
            Assert.Equal(Command + "command", command.Name);
            Assert.Equal(Maml.NamespaceName, (string?)command.Attribute(XNamespace.Xmlns + "maml"));
            Assert.Equal(Command.NamespaceName, (string?)command.Attribute(XNamespace.Xmlns + "command"));
            Assert.Equal(Dev.NamespaceName, (string?)command.Attribute(XNamespace.Xmlns + "dev"));
        });

        var documented = root.Elements().Select(c => (string)c.Element(Command + "details")!.Element(Command + "name")!).Order(StringComparer.Ordinal);
        Assert.Equal(CmdletMetadata.All.Select(c => c.Name).Order(StringComparer.Ordinal), documented);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Details_carry_the_name_verb_noun_and_synopsis(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        XElement details = CommandElement(name).Element(Command + "details")!;

        Assert.Equal(cmdlet.Verb, (string?)details.Element(Command + "verb"));
        Assert.Equal(cmdlet.Noun, (string?)details.Element(Command + "noun"));
        string synopsis = string.Join(" ", details.Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value));
        Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{name} has no synopsis in the MAML.");
        Assert.NotEmpty(CommandElement(name).Element(Maml + "description")!.Elements(Maml + "para"));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameters_are_the_cmdlet_class_parameters_with_their_types_aliases_and_wildcards(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        var parameters = CommandElement(name).Element(Command + "parameters")!.Elements(Command + "parameter")
            .ToDictionary(p => (string)p.Element(Maml + "name")!);

        var expected = cmdlet.Parameters.Select(p => p.Name).ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            expected.AddRange(["Confirm", "WhatIf"]);
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), parameters.Keys.Order(StringComparer.Ordinal));
        foreach (ParameterMetadata parameter in cmdlet.Parameters)
        {
            XElement element = parameters[parameter.Name];
            string where = $"{name} -{parameter.Name}";
            string type = parameter.IsSwitch ? "SwitchParameter" : parameter.Type.Name;
            Assert.True((string?)element.Element(Dev + "type")?.Element(Maml + "name") == type, $"{where}: dev:type is not {type}.");
            string aliases = parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases);
            Assert.True((string?)element.Attribute("aliases") == aliases, $"{where}: aliases='{element.Attribute("aliases")?.Value}', expected '{aliases}'.");
            Assert.True((string?)element.Attribute("globbing") == (parameter.SupportsWildcards ? "true" : "false"), $"{where}: globbing does not match [SupportsWildcards].");
            Assert.NotEmpty(string.Concat(element.Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value)));
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Syntax_has_one_item_per_parameter_set_with_that_sets_parameters(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        var items = CommandElement(name).Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        var expected = cmdlet.ParameterSetNames
            .Select(set => cmdlet.Parameters
                .Where(p => p.Sets.Any(s => s.Name == set || s.Name == CmdletMetadata.AllParameterSets))
                .Select(p => p.Name)
                .Concat(cmdlet.SupportsShouldProcess ? ["Confirm", "WhatIf"] : Array.Empty<string>())
                .Order(StringComparer.Ordinal))
            .Select(names => string.Join(" ", names))
            .Order(StringComparer.Ordinal);
        var actual = items
            .Select(item => string.Join(" ", ParameterNames(item).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);

        foreach (XElement item in items)
        {
            Assert.Equal(name, (string?)item.Element(Maml + "name"));
            var positions = item.Elements(Command + "parameter").Select(p => (string)p.Attribute("position")!).ToList();
            var numbered = positions.TakeWhile(p => p != "named").Select(int.Parse).ToList();
            Assert.True(numbered.SequenceEqual(numbered.Order()), $"{name}: positional parameters of a syntax item are not in position order.");
            Assert.All(positions.Skip(numbered.Count), p => Assert.Equal("named", p));

            // Get-Help writes a switch as plain -Name only when the syntax entry has no value element.
            Assert.All(
                item.Elements(Command + "parameter").Where(p => (string?)p.Element(Dev + "type")?.Element(Maml + "name") == "SwitchParameter"),
                p => Assert.Null(p.Element(Command + "parameterValue")));
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Has_as_many_examples_as_the_page_with_code_in_each(string name)
    {
        var page = PlatyPSDocument.Load(Path.Combine(RepoPaths.HelpFolder, name + ".md"))["EXAMPLES"].Subsections;
        var examples = CommandElement(name).Element(Command + "examples")!.Elements(Command + "example").ToList();

        Assert.Equal(page.Count, examples.Count);
        for (int i = 0; i < page.Count; i++)
        {
            Assert.Contains(page[i].Heading, (string?)examples[i].Element(Maml + "title"), StringComparison.Ordinal);
            Assert.Contains(name, (string?)examples[i].Element(Dev + "code"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Inputs_and_outputs_name_the_types_of_the_page(string name)
    {
        PlatyPSDocument page = PlatyPSDocument.Load(Path.Combine(RepoPaths.HelpFolder, name + ".md"));
        XElement command = CommandElement(name);

        string[] TypeNames(string list, string entry) => command.Element(Command + list)!.Elements(Command + entry)
            .Select(e => (string)e.Element(Dev + "type")!.Element(Maml + "name")!).ToArray();

        Assert.Equal(page["INPUTS"].Subsections.Select(s => s.Heading), TypeNames("inputTypes", "inputType"));
        Assert.Equal(page["OUTPUTS"].Subsections.Select(s => s.Heading), TypeNames("returnValues", "returnValue"));
    }
}
