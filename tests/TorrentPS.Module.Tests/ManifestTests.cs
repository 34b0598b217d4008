namespace TorrentPS.Module.Tests;

/// <summary>TorrentPS.psd1, read without PowerShell.</summary>
public class ManifestTests
{
    private static readonly Dictionary<string, object?> Manifest = PowerShellDataFile.Load(RepoPaths.Manifest);

    private static string[] Strings(string key) => Assert.IsType<object?[]>(Manifest[key]).Cast<string>().ToArray();

    [Fact]
    public void Exports_exactly_the_cmdlets_in_the_assembly()
    {
        string[] exported = Strings("CmdletsToExport");

        Assert.Equal(exported.Distinct(StringComparer.OrdinalIgnoreCase).Count(), exported.Length);
        Assert.DoesNotContain(exported, e => e.Contains('*', StringComparison.Ordinal));
        Assert.Equal(CmdletMetadata.All.Select(c => c.Name).Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("AliasesToExport")]
    [InlineData("VariablesToExport")]
    public void Exports_nothing_but_cmdlets(string key)
    {
        Assert.Empty(Strings(key));
    }

    [Fact]
    public void Loads_the_engine_loader_before_the_cmdlets_and_then_the_format_file()
    {
        // The loader picks the engine build (ModuleImportTests); RequiredAssemblies could only name one.
        Assert.Equal(["TorrentPS.Loader.dll"], Strings("NestedModules"));
        Assert.Equal("TorrentPS.dll", Manifest["RootModule"]);
        Assert.False(Manifest.ContainsKey("RequiredAssemblies"));
        Assert.Equal(["TorrentPS.Format.ps1xml"], Strings("FormatsToProcess"));
    }

    [Fact]
    public void Runs_on_Windows_PowerShell_and_PowerShell_7()
    {
        Assert.Equal("5.1", Manifest["PowerShellVersion"]);
        Assert.Equal(["Core", "Desktop"], Strings("CompatiblePSEditions").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Has_the_identity_and_gallery_data_Publish_Module_needs()
    {
        Assert.True(Guid.TryParse(Assert.IsType<string>(Manifest["GUID"]), out _));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Assert.IsType<string>(Manifest["ModuleVersion"]));
        Assert.False(string.IsNullOrWhiteSpace(Manifest["Author"] as string));
        Assert.False(string.IsNullOrWhiteSpace(Manifest["Description"] as string));

        var psData = Assert.IsType<Dictionary<string, object?>>(Assert.IsType<Dictionary<string, object?>>(Manifest["PrivateData"])["PSData"]);
        Assert.NotEmpty(Assert.IsType<object?[]>(psData["Tags"]));
        Assert.True(Uri.IsWellFormedUriString(psData["ProjectUri"] as string, UriKind.Absolute));
        Assert.True(Uri.IsWellFormedUriString(psData["LicenseUri"] as string, UriKind.Absolute));
    }

    [Fact]
    public void The_assemblies_carry_the_manifest_version()
    {
        var expected = Version.Parse((string)Manifest["ModuleVersion"]!);

        Version cmdlets = typeof(TorrentPS.PowerShell.Commands.GetTorrentInfoCommand).Assembly.GetName().Version!;
        Version engine = typeof(TorrentInfo).Assembly.GetName().Version!;

        Assert.Equal(expected, new Version(cmdlets.Major, cmdlets.Minor, cmdlets.Build));
        Assert.Equal(cmdlets, engine);
    }

    [Fact]
    public void The_manifest_reader_understands_the_forms_manifests_use()
    {
        var parsed = PowerShellDataFile.Parse("""
            @{
                # comment
                A = 'it''s'; B = @('x', 'y')
                C = @(
                    'z'
                )
                D = @()
                E = "plain"
                F = @{ G = $true }
                H = 'p', 'q'
            }
            """);

        Assert.Equal("it's", parsed["A"]);
        Assert.Equal(["x", "y"], (object?[])parsed["B"]!);
        Assert.Equal(["z"], (object?[])parsed["C"]!);
        Assert.Empty((object?[])parsed["D"]!);
        Assert.Equal("plain", parsed["E"]);
        Assert.Equal(true, ((Dictionary<string, object?>)parsed["F"]!)["G"]);
        Assert.Equal(["p", "q"], (object?[])parsed["H"]!);
        Assert.Throws<FormatException>(() => PowerShellDataFile.Parse("@{ A = \"$(Get-Date)\" }"));
    }
}
