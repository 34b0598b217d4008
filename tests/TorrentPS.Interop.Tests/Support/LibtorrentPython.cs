namespace TorrentPS.Interop.Tests.Support;

/// <summary>
/// Runs Python scripts against the system's python3-libtorrent (the reference implementation we check
/// ourselves against). The system interpreter is used on purpose: the apt package installs the binding
/// for it, not for whatever python3 a virtual environment puts first on PATH.
/// </summary>
public static class LibtorrentPython
{
    private const string SystemPython = "/usr/bin/python3";

    private static readonly IReadOnlyDictionary<string, string> Utf8Environment = new Dictionary<string, string>
    {
        // File names are UTF-8 whatever locale the test runner has.
        ["PYTHONUTF8"] = "1",
        ["PYTHONIOENCODING"] = "utf-8",
    };

    private static readonly string[] VersionProbe = { "-c", "import libtorrent; print(libtorrent.__version__)" };

    private static readonly Lazy<Task<string>> Version = new(ProbeAsync);

    /// <summary>libtorrent's version string, e.g. "2.0.8.0"; throws with the apt package to install if it is missing.</summary>
    public static Task<string> RequireAsync() => Version.Value;

    /// <summary>Runs <paramref name="script"/> with <c>python3 -c</c>; a non-zero exit fails with the script's output.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        await RequireAsync().ConfigureAwait(false);
        ProcessResult result = await ProcessRunner.RunAsync(
            SystemPython, new[] { "-c", script }.Concat(arguments), environment: Utf8Environment).ConfigureAwait(false);
        return result.EnsureSuccess().StandardOutput;
    }

    private static async Task<string> ProbeAsync()
    {
        string python = ExternalTool.Require(SystemPython, "python3");
        ProcessResult result = await ProcessRunner.RunAsync(
            python, VersionProbe, environment: Utf8Environment).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{SystemPython} cannot import libtorrent: install python3-libtorrent (apt-get install python3-libtorrent); .ci/run installs it.\n{result.StandardError}");
        }

        return result.StandardOutput.Trim();
    }
}
