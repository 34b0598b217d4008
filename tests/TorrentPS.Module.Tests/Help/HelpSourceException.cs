namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// Markdown help that cannot be compiled. The message names the file, the line and what is wrong, so a
/// failing regeneration points straight at the page to fix.
/// </summary>
internal sealed class HelpSourceException(string file, int line, string problem)
    : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
