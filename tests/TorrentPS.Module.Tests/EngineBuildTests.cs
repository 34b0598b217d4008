using TorrentPS.PowerShell.Loading;

namespace TorrentPS.Module.Tests;

/// <summary>Which engine build the loader picks for the .NET a PowerShell runs on.</summary>
public class EngineBuildTests
{
    [Theory]
    [InlineData("4.0.30319.42000", "netstandard2.0")] // .NET Framework 4.x: Windows PowerShell 5.1
    [InlineData("6.0.36", "netstandard2.0")] // PowerShell 7.2
    [InlineData("7.0.20", "netstandard2.0")] // PowerShell 7.3
    [InlineData("8.0.11", "net8.0")] // PowerShell 7.4
    [InlineData("9.0.0", "net8.0")] // PowerShell 7.5
    [InlineData("10.0.0", "net8.0")] // PowerShell 7.6
    public void Picks_net8_from_NET_8_on_and_netstandard_before(string runtimeVersion, string folder)
    {
        Assert.Equal(folder, EngineBuild.FolderFor(Version.Parse(runtimeVersion)));
    }

    [Fact]
    public void Every_folder_it_can_pick_is_staged_with_an_engine()
    {
        foreach (string runtime in new[] { "4.0.30319.42000", "10.0.0" })
        {
            string folder = EngineBuild.FolderIn(RepoPaths.StagedModule, Version.Parse(runtime));
            Assert.True(File.Exists(Path.Combine(folder, EngineBuild.EngineAssemblyName + ".dll")), $"No engine in {folder}.");
        }
    }
}
