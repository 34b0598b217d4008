using System.Management.Automation;
using System.Reflection;

namespace TorrentPS.Module.Tests;

/// <summary>House rules that every cmdlet in TorrentPS.dll must follow, checked by reflection.</summary>
public class CmdletSurfaceTests
{
    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (CmdletMetadata cmdlet in CmdletMetadata.All)
        {
            data.Add(cmdlet.Name);
        }

        return data;
    }

    [Fact]
    public void The_module_has_the_cmdlets_it_promises()
    {
        string[] names = CmdletMetadata.All.Select(c => c.Name).ToArray();

        Assert.Contains("Get-TorrentInfo", names);
        Assert.Contains("ConvertFrom-Bencode", names);
        Assert.Contains("ConvertTo-Bencode", names);
        Assert.Contains("Start-TorrentDownload", names);
        Assert.Contains("Start-TorrentSeed", names);
        Assert.Contains("Get-TorrentDownload", names);
        Assert.Contains("Wait-TorrentDownload", names);
        Assert.Contains("Stop-TorrentDownload", names);
        Assert.Contains("Suspend-TorrentDownload", names);
        Assert.Contains("Resume-TorrentDownload", names);
        Assert.Contains("Invoke-TorrentAnnounce", names);
        Assert.Contains("Invoke-TorrentScrape", names);
        Assert.Contains("New-Torrent", names);
        Assert.Contains("Test-TorrentData", names);
        Assert.Contains("Get-TorrentPeer", names);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Uses_an_approved_verb(string name)
    {
        // The Verbs* classes hold PowerShell's approved verbs as constants, which the stub keeps intact.
        var approved = typeof(VerbsCommon).Assembly.GetTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Get", approved);

        Assert.Contains(CmdletMetadata.Get(name).Verb, approved);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Declares_its_output_types_for_every_parameter_set(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);

        Assert.NotEmpty(cmdlet.OutputTypes);
        foreach (OutputTypeDeclaration output in cmdlet.OutputTypes)
        {
            Assert.NotEmpty(output.TypeNames);
            Assert.All(output.ParameterSets, set => Assert.Contains(set, cmdlet.ParameterSetNames));
        }

        if (cmdlet.OutputTypes.All(o => o.ParameterSets.Count > 0))
        {
            var covered = cmdlet.OutputTypes.SelectMany(o => o.ParameterSets).ToHashSet();
            Assert.All(cmdlet.ParameterSetNames, set => Assert.Contains(set, covered));
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Lives_in_its_own_file_named_after_it_and_uses_a_verb_constant(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        string className = $"{cmdlet.Verb}{cmdlet.Noun}Command";

        Assert.Equal(className, cmdlet.Type.Name);
        Assert.Equal("TorrentPS.PowerShell.Commands", cmdlet.Type.Namespace);
        Assert.True(cmdlet.Type.IsSealed && cmdlet.Type.IsPublic, $"{className} should be public and sealed.");
        Assert.True(typeof(PSCmdlet).IsAssignableFrom(cmdlet.Type), $"{className} should derive from PSCmdlet.");

        string file = Path.Combine(RepoPaths.CommandsFolder, className + ".cs");
        Assert.True(File.Exists(file), $"{file} should exist.");
        Assert.Matches(@"\[Cmdlet\(Verbs[A-Za-z]+\.[A-Za-z]+,", File.ReadAllText(file));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_parameter_states_its_validation(string name)
    {
        foreach (ParameterMetadata parameter in CmdletMetadata.Get(name).Parameters.Where(p => !p.IsSwitch))
        {
            bool stated = parameter.AttributeTypes.Any(t =>
                typeof(ValidateArgumentsAttribute).IsAssignableFrom(t)
                || t == typeof(AllowNullAttribute) || t == typeof(AllowEmptyStringAttribute) || t == typeof(AllowEmptyCollectionAttribute));
            Assert.True(stated, $"{name} {parameter} has no Validate*/Allow* attribute.");
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Path_parameters_follow_the_Get_FileHash_pattern(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        if (!cmdlet.Parameters.Any(p => p.Name == "Path"))
        {
            return;
        }

        ParameterMetadata path = cmdlet.Parameter("Path");
        ParameterMetadata literal = cmdlet.Parameter("LiteralPath");
        Assert.Equal(typeof(string[]), path.Type);
        Assert.Equal(typeof(string[]), literal.Type);
        Assert.True(path.SupportsWildcards, "-Path takes wildcards.");
        Assert.True(path.ValueFromPipelineByPropertyName);
        Assert.False(literal.SupportsWildcards, "-LiteralPath takes no wildcards.");
        Assert.Equal(["PSPath", "LP"], literal.Aliases);
        Assert.True(literal.ValueFromPipelineByPropertyName, "Get-ChildItem output binds to -LiteralPath through PSPath.");
        Assert.False(literal.ValueFromPipeline);
        Assert.DoesNotContain(path.Sets, s => literal.Sets.Any(l => l.Name == s.Name));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Cmdlets_that_write_files_support_ShouldProcess(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);
        string[] writers = ["OutFile", "Destination", "OutputPath"];

        if (cmdlet.Parameters.Any(p => writers.Contains(p.Name)))
        {
            Assert.True(cmdlet.SupportsShouldProcess, $"{name} writes files, so it needs SupportsShouldProcess.");
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void A_default_parameter_set_is_named_when_there_are_several(string name)
    {
        CmdletMetadata cmdlet = CmdletMetadata.Get(name);

        if (cmdlet.ParameterSetNames.Count > 1)
        {
            Assert.Contains(cmdlet.DefaultParameterSetName, cmdlet.ParameterSetNames);
        }
    }
}
