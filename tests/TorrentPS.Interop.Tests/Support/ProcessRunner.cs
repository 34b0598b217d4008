using System.Diagnostics;
using System.Text;

namespace TorrentPS.Interop.Tests.Support;

/// <summary>Runs a program to completion with its output captured; a hung program is killed, never left behind.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        ProcessStartInfo startInfo = CreateStartInfo(fileName, arguments, workingDirectory, environment);
        string command = Describe(startInfo);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        TimeSpan limit = timeout ?? InteropSettings.ProcessTimeout;
        using var cancellation = new CancellationTokenSource(limit);
        try
        {
            // Also waits for the redirected streams to reach end of file.
            await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException(
                $"`{command}` did not finish within {limit.TotalSeconds:0} s and was killed.\nstdout so far:\n{Snapshot(stdout)}\nstderr so far:\n{Snapshot(stderr)}");
        }

        return new ProcessResult(command, process.ExitCode, Snapshot(stdout), Snapshot(stderr));
    }

    internal static ProcessStartInfo CreateStartInfo(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // and closed at once: nothing may wait for a keyboard
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (KeyValuePair<string, string> variable in environment)
            {
                startInfo.Environment[variable.Key] = variable.Value;
            }
        }

        return startInfo;
    }

    internal static string Describe(ProcessStartInfo startInfo) =>
        string.Join(" ", new[] { startInfo.FileName }.Concat(startInfo.ArgumentList.Select(Quote)));

    internal static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit((int)InteropSettings.StopGracePeriod.TotalMilliseconds);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }

    private static string Snapshot(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => !char.IsWhiteSpace(c) && c != '\'' && c != '"')
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";
}
