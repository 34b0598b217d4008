namespace TorrentPS.Interop.Tests.Support;

/// <summary>
/// Finds third-party programs on PATH. The interop suite exists to run them, so a missing one fails the
/// test with the apt package to install rather than skipping it silently.
/// </summary>
public static class ExternalTool
{
    /// <summary>The full path of <paramref name="program"/>, or an exception that says which apt package provides it.</summary>
    public static string Require(string program, string aptPackage)
    {
        string? found = Find(program);
        if (found is null)
        {
            throw new InvalidOperationException(
                $"{program} was not found on PATH: install {aptPackage} (apt-get install {aptPackage}); .ci/run installs it.");
        }

        return found;
    }

    public static string? Find(string program)
    {
        if (System.IO.Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string[] extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", ".bat", string.Empty } : new[] { string.Empty };
        foreach (string folder in folders)
        {
            foreach (string extension in extensions)
            {
                string candidate = System.IO.Path.Combine(folder, program + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
