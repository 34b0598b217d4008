using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>
/// Runs the built `torrentps` console host as a real process. The project reference copies torrentps.dll
/// next to the test assembly; it runs on the same dotnet host that runs the tests.
/// </summary>
public static class TorrentpsCli
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "torrentps.dll");

    public static Task<ProcessResult> RunAsync(params string[] arguments)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new InvalidOperationException($"{AssemblyPath} is missing: build TorrentPS.Interop.Tests, which references src/TorrentPS.Cli.");
        }

        // Set by `dotnet test` to the host running us; fall back to PATH for other runners.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : ExternalTool.Require("dotnet", "dotnet-sdk-10.0");
        return ProcessRunner.RunAsync(dotnet, new[] { AssemblyPath }.Concat(arguments));
    }
}
