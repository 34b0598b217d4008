namespace TorrentPS.Interop.Tests.Support;

/// <summary>How a finished external process ended and what it printed.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws with everything the process said unless it exited with 0.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{Command}` exited with {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        return this;
    }

    public override string ToString() =>
        $"`{Command}` -> {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
