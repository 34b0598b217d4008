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
        named.AddRange(((object?[])Manifest["RequiredAssemblies"]!).Cast<string>());
        named.AddRange(((object?[])Manifest["FormatsToProcess"]!).Cast<string>());

        Assert.All(named, file => Assert.True(File.Exists(Staged(file)), $"{file} is missing from {RepoPaths.StagedModule}."));
    }

    [Fact]
    public void The_staged_assemblies_carry_the_module_version()
    {
        var expected = Version.Parse((string)Manifest["ModuleVersion"]!);

        foreach (string file in new[] { "TorrentPS.dll", "TorrentPS.Engine.dll" })
        {
            Version actual = AssemblyName.GetAssemblyName(Staged(file)).Version!;
            Assert.Equal(expected, new Version(actual.Major, actual.Minor, actual.Build));
        }
    }

    [Fact]
    public void Holds_every_assembly_the_module_depends_on_but_not_PowerShell()
    {
        Assert.False(File.Exists(Staged("System.Management.Automation.dll")), "The PowerShellStandard stub must never ship.");

        // netstandard2.0 assemblies see the framework only through netstandard (mscorlib for a few
        // older packages); any other reference is a package or project assembly that has to ship.
        string[] provided = ["netstandard", "mscorlib", "System.Management.Automation"];
        var missing = new List<string>();
        foreach (string dll in Directory.GetFiles(RepoPaths.StagedModule, "*.dll"))
        {
            foreach (string reference in References(dll))
            {
                if (!provided.Contains(reference) && !File.Exists(Staged(reference + ".dll")))
                {
                    missing.Add($"{Path.GetFileName(dll)} -> {reference}");
                }
            }
        }

        Assert.Empty(missing);
        Assert.True(File.Exists(Staged("System.Memory.dll")), "The engine's System.Memory dependency is staged.");
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
