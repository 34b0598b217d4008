using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace TorrentPS.Module.Tests;

/// <summary>
/// out/TorrentPS, which the build of src/TorrentPS stages (this project references it, so it is fresh):
/// everything the manifest names and everything those assemblies need must be there, and PowerShell's own
/// assembly must not.
/// </summary>
public class StagedModuleTests
{
    private static readonly Dictionary<string, object?> Manifest = PowerShellDataFile.Load(Path.Combine(RepoPaths.StagedModule, "TorrentPS.psd1"));

    private static readonly string NetStandardEngine = Path.Combine("lib", "netstandard2.0", "TorrentPS.Engine.dll");

    private static readonly string Net8Engine = Path.Combine("lib", "net8.0", "TorrentPS.Engine.dll");

    private static string Staged(string file) => Path.Combine(RepoPaths.StagedModule, file);

    [Fact]
    public void Holds_the_same_manifest_as_the_repository()
    {
        Assert.Equal(File.ReadAllText(RepoPaths.Manifest), File.ReadAllText(Staged("TorrentPS.psd1")));
    }

    [Fact]
    public void Holds_every_file_the_manifest_names()
    {
        var named = new List<string> { (string)Manifest["RootModule"]! };
        named.AddRange(((object?[])Manifest["NestedModules"]!).Cast<string>());
        named.AddRange(((object?[])Manifest["FormatsToProcess"]!).Cast<string>());

        Assert.All(named, file => Assert.True(File.Exists(Staged(file)), $"{file} is missing from {RepoPaths.StagedModule}."));
    }

    [Fact]
    public void The_staged_assemblies_carry_the_module_version()
    {
        var expected = Version.Parse((string)Manifest["ModuleVersion"]!);

        foreach (string file in new[] { "TorrentPS.dll", "TorrentPS.Loader.dll", NetStandardEngine, Net8Engine })
        {
            Version actual = AssemblyName.GetAssemblyName(Staged(file)).Version!;
            Assert.Equal(expected, new Version(actual.Major, actual.Minor, actual.Build));
        }
    }

    [Fact]
    public void Holds_only_the_cmdlets_and_the_loader_beside_the_manifest()
    {
        // An engine (or a package) here would be found by the runtime before the loader chose a build.
        Assert.Equal(
            ["TorrentPS.Loader.dll", "TorrentPS.dll"],
            Directory.GetFiles(RepoPaths.StagedModule, "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Staged("System.Management.Automation.dll")), "The PowerShellStandard stub must never ship.");
    }

    [Fact]
    public void The_loader_depends_on_nothing_but_netstandard_and_PowerShell()
    {
        Assert.Equal(["System.Management.Automation", "netstandard"], References(Staged("TorrentPS.Loader.dll")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Holds_every_assembly_Windows_PowerShell_needs_in_lib_netstandard()
    {
        // On .NET Framework the module folder and lib/netstandard2.0 are all there is: netstandard2.0 assemblies see the
        // framework only through netstandard (mscorlib for a few older packages); any other reference has to ship.
        string folder = Staged(Path.Combine("lib", "netstandard2.0"));
        string[] provided = ["netstandard", "mscorlib", "System.Management.Automation"];
        var missing = new List<string>();
        foreach (string dll in Directory.GetFiles(RepoPaths.StagedModule, "*.dll").Concat(Directory.GetFiles(folder, "*.dll")))
        {
            foreach (string reference in References(dll))
            {
                bool shipped = File.Exists(Staged(reference + ".dll")) || File.Exists(Path.Combine(folder, reference + ".dll"));
                if (!provided.Contains(reference) && !shipped)
                {
                    missing.Add($"{Path.GetFileName(dll)} -> {reference}");
                }
            }
        }

        Assert.Empty(missing);
        Assert.True(File.Exists(Path.Combine(folder, "System.Memory.dll")), "The engine's System.Memory dependency is staged.");
    }

    [Fact]
    public void The_net8_engine_needs_nothing_but_the_shared_framework()
    {
        string framework = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        string[] outside = References(Staged(Net8Engine)).Where(r => !File.Exists(Path.Combine(framework, r + ".dll"))).ToArray();

        Assert.Empty(outside);
        Assert.Equal(["TorrentPS.Engine.dll"], Directory.GetFiles(Staged(Path.Combine("lib", "net8.0")), "*.dll").Select(Path.GetFileName));
    }

    [Fact]
    public void Holds_the_format_file_that_the_source_tree_has()
    {
        Assert.Equal(File.ReadAllText(RepoPaths.FormatFile), File.ReadAllText(Staged("TorrentPS.Format.ps1xml")));
    }

    private static string[] References(string dll)
    {
        using var stream = File.OpenRead(dll);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToArray();
    }
}
