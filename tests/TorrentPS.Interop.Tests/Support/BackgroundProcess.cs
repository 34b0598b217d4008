using System.Diagnostics;

namespace TorrentPS.Interop.Tests.Support;

/// <summary>
/// A long-running third-party program (a tracker, a peer) for the length of a test. Output is kept so a
/// test can wait for a readiness line and a failure message can show what the program said. Dispose
/// kills it (and its children) if it is still running.
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _newOutput = new(0);

    private BackgroundProcess(Process process, string command)
    {
        _process = process;
        Command = command;
    }

    public string Command { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything printed so far on stdout and stderr, interleaved as it arrived.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join("\n", _lines);
            }
        }
    }

    public static BackgroundProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo startInfo = ProcessRunner.CreateStartInfo(fileName, arguments, workingDirectory, environment);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var running = new BackgroundProcess(process, ProcessRunner.Describe(startInfo));
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits until a line of output contains <paramref name="text"/>; fails if the program exits or the time runs out.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? InteropSettings.ProcessTimeout;
        using var cancellation = new CancellationTokenSource(limit);
        while (true)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"`{Command}` exited with {_process.ExitCode} before printing \"{text}\".\nOutput:\n{Output}");
            }

            try
            {
                // Woken by each new line; the short period also notices an exit that prints nothing.
                await _newOutput.WaitAsync(TimeSpan.FromMilliseconds(200), cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"`{Command}` did not print \"{text}\" within {limit.TotalSeconds:0} s.\nOutput:\n{Output}");
            }
        }
    }

    /// <summary>Kills the program (with its children) and waits a bounded time for it to go.</summary>
    public void Stop() => ProcessRunner.Kill(_process);

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        _newOutput.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
        }

        try
        {
            _newOutput.Release();
        }
        catch (ObjectDisposedException)
        {
            // Output that arrives while the process is being disposed has no reader left.
        }
    }
}
