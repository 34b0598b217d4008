using System.Diagnostics;
using System.Globalization;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>
/// `torrentps download` running in the background, so a test can watch its stderr and send it a signal.
/// Started through a tiny Python exec wrapper that puts SIGINT back to its default: a test runner started in
/// the background of a shell ignores SIGINT, children inherit that, and .NET never sees an ignored signal.
/// The wrapper execs, so the process id is the console host's own. Dispose kills it if it still runs.
/// </summary>
public sealed class DownloadCliProcess : IDisposable
{
    private const string SignalResetExec = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])";

    private readonly Process _process;
    private readonly List<string> _stdout = new();
    private readonly List<string> _stderr = new();

    private DownloadCliProcess(Process process, string command)
    {
        _process = process;
        Command = command;
    }

    public string Command { get; }

    public string StandardOutput => Snapshot(_stdout);

    public string StandardError => Snapshot(_stderr);

    public static DownloadCliProcess Start(params string[] arguments)
    {
        string python = ExternalTool.Require("/usr/bin/python3", "python3");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : ExternalTool.Require("dotnet", "dotnet-sdk-10.0");
        IEnumerable<string> all = new[] { "-c", SignalResetExec, dotnet, TorrentpsCli.AssemblyPath }.Concat(arguments);
        ProcessStartInfo startInfo = ProcessRunner.CreateStartInfo(python, all, workingDirectory: null, environment: null);
        var process = new Process { StartInfo = startInfo };
        var running = new DownloadCliProcess(process, ProcessRunner.Describe(startInfo));
        process.OutputDataReceived += (_, e) => Append(running._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(running._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits until a line of stderr satisfies <paramref name="condition"/>; fails if the program exits first or time runs out.</summary>
    public async Task WaitForStandardErrorAsync(Func<string, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!Lines(_stderr).Any(condition))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"`{Command}` exited with {_process.ExitCode} before {what}.\n{this}");
            }

            if (clock.Elapsed > InteropSettings.ProcessTimeout)
            {
                throw new TimeoutException($"`{Command}`: no {what} within {InteropSettings.ProcessTimeout.TotalSeconds:0} s.\n{this}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends a signal with kill(1), as a user or a service manager would.</summary>
    public async Task SignalAsync(string signal)
    {
        string kill = ExternalTool.Require("kill", "procps");
        (await ProcessRunner.RunAsync(kill, new[] { "-s", signal, _process.Id.ToString(CultureInfo.InvariantCulture) })).EnsureSuccess();
    }

    /// <summary>Waits for the program to end (output read to the end) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var cancellation = new CancellationTokenSource(InteropSettings.ProcessTimeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessRunner.Kill(_process);
            throw new TimeoutException($"`{Command}` did not end within {InteropSettings.ProcessTimeout.TotalSeconds:0} s and was killed.\n{this}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        ProcessRunner.Kill(_process);
        _process.Dispose();
    }

    public override string ToString() => $"`{Command}`\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    private static void Append(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static List<string> Lines(List<string> lines)
    {
        lock (lines)
        {
            return lines.ToList();
        }
    }

    private static string Snapshot(List<string> lines) => string.Join("\n", Lines(lines));
}
