namespace TorrentPS.Module.Tests;

/// <summary>Where the repository's files are, found from the test binaries by walking up to TorrentPS.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "TorrentPS.psd1");

    public static string FormatFile => Path.Combine(Root, "src", "TorrentPS", "TorrentPS.Format.ps1xml");

    public static string CommandsFolder => Path.Combine(Root, "src", "TorrentPS", "Commands");

    public static string HelpFolder => Path.Combine(Root, "docs", "en-US");

    public static string StagedModule => Path.Combine(Root, "out", "TorrentPS");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TorrentPS.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"TorrentPS.sln not found above {AppContext.BaseDirectory}.");
    }
}
