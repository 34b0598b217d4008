namespace TorrentPS.Module.Tests;

/// <summary>docs/en-US: one PlatyPS 0.14 (schema 2.0.0) page per cmdlet that matches the cmdlet's real surface.</summary>
public class HelpFileTests
{
    private static readonly string[] SectionOrder = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    public static TheoryData<string> CmdletNames() => CmdletSurfaceTests.CmdletNames();

    private static PlatyPSDocument Help(string name)
    {
        string path = Path.Combine(RepoPaths.HelpFolder, name + ".md");
        Assert.True(File.Exists(path), $"{path} should exist.");
        return PlatyPSDocument.Load(path);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Has_the_schema_2_front_matter_and_every_section_in_order(string name)
    {
        PlatyPSDocument help = Help(name);

        Assert.Equal("TorrentPS.dll-Help.xml", help.FrontMatter["external help file"]);
        Assert.Equal("TorrentPS", help.FrontMatter["Module Name"]);
        Assert.True(help.FrontMatter.ContainsKey("online version"));
        Assert.Equal("2.0.0", help.FrontMatter["schema"]);
        Assert.Equal(name, help.Title);
        Assert.Equal(SectionOrder, help.Sections.Select(s => s.Heading).ToArray());
        Assert.NotEmpty(help["SYNOPSIS"].Body);
        Assert.NotEmpty(help["DESCRIPTION"].Body);
        Assert.DoesNotContain("{{", help.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Syntax_has_one_block_per_parameter_set(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        PlatyPSDocument.Section syntax = Help(name)["SYNTAX"];

        var expected = cmdlet.ParameterSetNames
            .Select(set => cmdlet.ParameterSetNames.Count > 1 && set == cmdlet.DefaultParameterSetName ? set + " (Default)" : set)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, syntax.Subsections.Select(s => s.Heading).Order(StringComparer.Ordinal));

        foreach (PlatyPSDocument.Subsection block in syntax.Subsections)
        {
            string set = block.Heading.Replace(" (Default)", string.Empty, StringComparison.Ordinal);
            string code = Assert.Single(block.CodeBlocks()).Code;
            Assert.StartsWith(name + " ", code, StringComparison.Ordinal);
            Assert.EndsWith("[<CommonParameters>]", code.TrimEnd(), StringComparison.Ordinal);
            foreach (ParameterMetadata parameter in cmdlet.Parameters.Where(p => p.Sets.Any(s => s.Name == set || s.Name == CmdletMetadata.AllParameterSets)))
            {
                Assert.Contains("-" + parameter.Name, code, StringComparison.Ordinal);
            }

            foreach (ParameterMetadata parameter in cmdlet.Parameters.Where(p => p.Sets.All(s => s.Name != set && s.Name != CmdletMetadata.AllParameterSets)))
            {
                Assert.DoesNotMatch($@"-{parameter.Name}\b", code);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Has_at_least_two_real_examples(string name)
    {
        var examples = Help(name)["EXAMPLES"].Subsections;

        Assert.True(examples.Count >= 2, $"{name} has {examples.Count} example(s).");
        Assert.All(examples, example =>
        {
            var code = example.CodeBlocks().First(b => b.Info == "powershell").Code;
            Assert.Contains(name, code, StringComparison.Ordinal);
            Assert.NotEmpty(example.Body.Split("```").Last().Trim());
        });
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Documents_exactly_the_parameters_the_cmdlet_has(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        var documented = Help(name)["PARAMETERS"].Subsections.Select(s => s.Heading).ToList();

        var expected = cmdlet.Parameters.Select(p => "-" + p.Name).ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            expected.AddRange(["-Confirm", "-WhatIf"]);
        }

        expected.Add("CommonParameters");
        Assert.Equal(expected.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        Assert.Equal("CommonParameters", documented[^1]);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameter_metadata_in_the_help_matches_the_class(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        var sections = Help(name)["PARAMETERS"].Subsections.ToDictionary(s => s.Heading);

        foreach (ParameterMetadata parameter in cmdlet.Parameters)
        {
            PlatyPSDocument.Subsection section = sections["-" + parameter.Name];
            Dictionary<string, string> yaml = section.Yaml();
            string where = $"{name} -{parameter.Name}";
            ParameterSetDeclaration set = Assert.Single(parameter.Sets);

            Assert.False(string.IsNullOrWhiteSpace(section.Body.Split("```")[0]), $"{where} has no description.");
            Assert.True(yaml["Type"] == parameter.Type.Name, $"{where}: Type is '{yaml["Type"]}', expected '{parameter.Type.Name}'.");
            Assert.True(yaml["Parameter Sets"] == (set.Name == CmdletMetadata.AllParameterSets ? "(All)" : set.Name), $"{where}: Parameter Sets is '{yaml["Parameter Sets"]}'.");
            Assert.True(SplitList(yaml["Aliases"]).SequenceEqual(parameter.Aliases), $"{where}: Aliases is '{yaml["Aliases"]}'.");
            Assert.True(yaml["Required"] == (set.Mandatory ? "True" : "False"), $"{where}: Required is '{yaml["Required"]}'.");
            Assert.True(yaml["Position"] == (set.Position?.ToString() ?? "Named"), $"{where}: Position is '{yaml["Position"]}'.");
            Assert.True(yaml["Accept pipeline input"] == PipelineText(set), $"{where}: Accept pipeline input is '{yaml["Accept pipeline input"]}', expected '{PipelineText(set)}'.");
            Assert.True(yaml["Accept wildcard characters"] == (parameter.SupportsWildcards ? "True" : "False"), $"{where}: Accept wildcard characters is '{yaml["Accept wildcard characters"]}'.");
            Assert.True(yaml.ContainsKey("Default value"), $"{where} has no Default value line.");
        }

        if (cmdlet.SupportsShouldProcess)
        {
            Assert.Equal("wi", sections["-WhatIf"].Yaml()["Aliases"]);
            Assert.Equal("cf", sections["-Confirm"].Yaml()["Aliases"]);
        }

        static string PipelineText(ParameterSetDeclaration set) => (set.ValueFromPipeline, set.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByPropertyName, ByValue)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Inputs_and_outputs_name_the_real_types(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        PlatyPSDocument help = Help(name);
        var inputs = help["INPUTS"].Subsections.Select(s => s.Heading).ToHashSet();
        var outputs = help["OUTPUTS"].Subsections.Select(s => s.Heading).ToHashSet();

        foreach (ParameterMetadata parameter in cmdlet.Parameters.Where(p => p.ValueFromPipeline))
        {
            Assert.Contains(parameter.Type.FullName!, inputs);
        }

        Assert.NotEmpty(inputs);
        Assert.Equal(cmdlet.OutputTypes.SelectMany(o => o.TypeNames).ToHashSet(), outputs);
    }

    [Fact]
    public void The_module_page_lists_every_cmdlet_and_the_manifest_guid()
    {
        PlatyPSDocument page = PlatyPSDocument.Load(Path.Combine(RepoPaths.HelpFolder, "TorrentPS.md"));
        var manifest = PowerShellDataFile.Load(RepoPaths.Manifest);

        Assert.Equal("TorrentPS", page.FrontMatter["Module Name"]);
        Assert.Equal((string)manifest["GUID"]!, page.FrontMatter["Module Guid"]);
        Assert.Equal("en-US", page.FrontMatter["Locale"]);
        Assert.True(page.FrontMatter.ContainsKey("Download Help Link"));
        Assert.True(page.FrontMatter.ContainsKey("Help Version"));
        Assert.Equal("TorrentPS Module", page.Title);
        Assert.NotEmpty(page["Description"].Body);
        Assert.Equal(
            CmdletMetadata.All.Select(c => $"[{c.Name}]({c.Name}.md)").Order(StringComparer.Ordinal),
            page["TorrentPS Cmdlets"].Subsections.Select(s => s.Heading).Order(StringComparer.Ordinal));
        Assert.All(page["TorrentPS Cmdlets"].Subsections, s => Assert.NotEmpty(s.Body));
    }

    [Fact]
    public void The_about_topic_exists_and_names_every_cmdlet()
    {
        PlatyPSDocument about = PlatyPSDocument.Load(Path.Combine(RepoPaths.HelpFolder, "about_TorrentPS.md"));

        Assert.Equal("about_TorrentPS", about.Title);
        Assert.NotEmpty(about["SHORT DESCRIPTION"].Body);
        Assert.NotEmpty(about["LONG DESCRIPTION"].Body);
        Assert.All(CmdletMetadata.All, c => Assert.Contains(c.Name, about.Text, StringComparison.Ordinal));
    }

    private static string[] SplitList(string value)
        => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
