using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace TorrentPS.Module.Tests;

/// <summary>
/// Imports the staged module in a process of its own (tests/ModuleImportProbe) with Import-Module's steps, in the
/// manifest's order, so that the engine build that loads is the one the module chose and not one this test
/// process already holds.
/// </summary>
public class ModuleImportTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef01234567";

    private static readonly Dictionary<string, object?> Manifest = PowerShellDataFile.Load(RepoPaths.Manifest);

    /// <summary>NestedModules in their order, then RootModule: the order Import-Module loads them in.</summary>
    private static string[] ImportOrder =>
        ((object?[])Manifest["NestedModules"]!).Cast<string>().Append((string)Manifest["RootModule"]!).ToArray();

    [Fact]
    public void Loads_the_net8_engine_on_NET_8_and_later_and_binds_every_cmdlet_to_it()
    {
        ProbeResult result = Probe(RepoPaths.StagedModule, ImportOrder);

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument report = JsonDocument.Parse(result.Output);
        JsonElement root = report.RootElement;
        Assert.Equal(Path.Combine(RepoPaths.StagedModule, "lib", "net8.0", "TorrentPS.Engine.dll"), root.GetProperty("Engine").GetString());
        Assert.Equal(".NETCoreApp,Version=v8.0", root.GetProperty("EngineFramework").GetString());
        Assert.Equal(CmdletMetadata.All.Count, root.GetProperty("Cmdlets").GetInt32());
        Assert.Equal(Hash, root.GetProperty("RoundTrip").GetString());
        Assert.Equal(
            ["TorrentPS.Loader.dll", "TorrentPS.dll", "lib/net8.0/TorrentPS.Engine.dll"],
            root.GetProperty("LoadedFromModule").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public void The_root_module_alone_finds_no_engine_beside_it()
    {
        // Were an engine next to TorrentPS.dll, the runtime would load it before the loader could choose.
        ProbeResult result = Probe(RepoPaths.StagedModule, [(string)Manifest["RootModule"]!]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TorrentPS.Engine", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_missing_its_engine_build_fails_to_import_naming_the_missing_file()
    {
        string copy = Path.Combine(Path.GetTempPath(), "torrentps-import-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyFolder(RepoPaths.StagedModule, copy);
            Directory.Delete(Path.Combine(copy, "lib", "net8.0"), recursive: true);

            ProbeResult result = Probe(copy, ImportOrder);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(Path.Combine(copy, "lib", "net8.0", "TorrentPS.Engine.dll"), result.Error, StringComparison.Ordinal);
            Assert.Contains("Reinstall the module", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static ProbeResult Probe(string moduleFolder, string[] binaryModules)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProbePath);
        start.ArgumentList.Add(moduleFolder);
        start.ArgumentList.Add(Hash);
        foreach (string module in binaryModules)
        {
            start.ArgumentList.Add(module);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("ModuleImportProbe did not finish within a minute.");
        }

        return new ProbeResult(process.ExitCode, output, error.Result);
    }

    /// <summary>The probe's build of this test run's configuration (it is built with the solution).</summary>
    private static string ProbePath
    {
        get
        {
            string configuration = typeof(ModuleImportTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
            string path = Path.Combine(RepoPaths.Root, "tests", "ModuleImportProbe", "bin", configuration, "net10.0", "ModuleImportProbe.dll");
            Assert.True(File.Exists(path), $"{path} is missing: build TorrentPS.sln first.");
            return path;
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    private sealed record ProbeResult(int ExitCode, string Output, string Error);
}
