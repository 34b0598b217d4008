using System.Diagnostics;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Peers;

/// <summary>
/// A third-party seeder running for one test. Unlike Support's BackgroundProcess it keeps stdin open,
/// because our libtorrent script seeds until its stdin closes: Dispose closes it, gives the program a
/// moment to exit on its own, then kills it (with its children).
/// </summary>
public sealed class SeederProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly string _command;

    private SeederProcess(Process process, string command)
    {
        _process = process;
        _command = command;
    }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join("\n", _lines);
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static SeederProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo startInfo = ProcessRunner.CreateStartInfo(fileName, arguments, workingDirectory: null, environment);
        var process = new Process { StartInfo = startInfo };
        var seeder = new SeederProcess(process, ProcessRunner.Describe(startInfo));
        process.OutputDataReceived += (_, e) => seeder.Append(e.Data);
        process.ErrorDataReceived += (_, e) => seeder.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return seeder;
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; fails with the program's output if it exits or time runs out.</summary>
    public async Task WaitForLineAsync(string text)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"`{_command}` exited with {_process.ExitCode} before printing {text}.\n{Output}");
            }

            if (clock.Elapsed > InteropSettings.ProcessTimeout)
            {
                throw new TimeoutException($"`{_command}` did not print {text} within {InteropSettings.ProcessTimeout.TotalSeconds:0} s.\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            _process.WaitForExit((int)InteropSettings.StopGracePeriod.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is InvalidOperationException || ex is IOException)
        {
            // Already gone.
        }

        ProcessRunner.Kill(_process);
        _process.Dispose();
    }

    public override string ToString() => _command;

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
