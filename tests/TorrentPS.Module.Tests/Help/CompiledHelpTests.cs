namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// docs/en-US/TorrentPS.dll-Help.xml and about_TorrentPS.help.txt are compiled from the markdown pages and
/// committed, because PlatyPS cannot run where we build. These tests keep them in step with the pages and
/// check that the build stages them. With TORRENTPS_UPDATE_HELP=1 the files are rewritten once, before
/// either test looks at them, whichever runs first.
/// </summary>
public class CompiledHelpTests
{
    private static readonly Lazy<bool> Rewritten = new(() =>
    {
        SortedDictionary<string, string> compiled = ExternalHelpCompiler.Compile(RepoPaths.HelpFolder);
        Rewrite(compiled, Stale(compiled));
        return true;
    });

    [Fact]
    public void The_committed_help_is_what_the_markdown_pages_compile_to()
    {
        if (CompiledHelpFiles.UpdateRequested)
        {
            Assert.True(Rewritten.Value);
        }

        SortedDictionary<string, string> compiled = ExternalHelpCompiler.Compile(RepoPaths.HelpFolder);
        Assert.Contains(CompiledHelpFiles.MamlFile, compiled.Keys);
        Assert.Contains(CompiledHelpFiles.AboutFile, compiled.Keys);

        var problems = new List<string>();
        foreach ((string file, string text) in compiled)
        {
            string? committed = CompiledHelpFiles.Read(Path.Combine(RepoPaths.HelpFolder, file));
            if (committed is null)
            {
                problems.Add($"docs/en-US/{file} is missing.");
            }
            else if (committed != text)
            {
                problems.Add($"docs/en-US/{file} is out of date ({CompiledHelpFiles.FirstDifference(text, committed)}).");
            }
        }

        problems.AddRange(Stale(compiled).Select(file => $"docs/en-US/{file} no longer comes from any page."));
        Assert.True(
            problems.Count == 0,
            string.Join("\n", problems) + "\nThe compiled help must be regenerated after any change to docs/en-US/*.md. Run:\n  "
                + CompiledHelpFiles.RegenerateCommand + "\nthen commit the changed files in docs/en-US.");
    }

    [Fact]
    public void The_staged_module_holds_the_compiled_help()
    {
        if (CompiledHelpFiles.UpdateRequested)
        {
            Assert.True(Rewritten.Value);
        }

        foreach (string file in new[] { CompiledHelpFiles.MamlFile, CompiledHelpFiles.AboutFile })
        {
            string? staged = CompiledHelpFiles.Read(Path.Combine(CompiledHelpFiles.StagedHelpFolder, file));
            string? committed = CompiledHelpFiles.Read(Path.Combine(RepoPaths.HelpFolder, file));

            Assert.True(committed != null, $"docs/en-US/{file} is missing; run {CompiledHelpFiles.RegenerateCommand}.");
            Assert.True(staged != null, $"{file} is missing from {CompiledHelpFiles.StagedHelpFolder}: the build of src/TorrentPS should copy it there.");
            Assert.True(staged == committed, $"{CompiledHelpFiles.StagedHelpFolder}/{file} differs from docs/en-US/{file}: build again to restage it.");
        }
    }

    /// <summary>Compiled help files in docs/en-US that no page produces any more.</summary>
    private static List<string> Stale(SortedDictionary<string, string> compiled)
        => CompiledHelpFiles.In(RepoPaths.HelpFolder).Except(compiled.Keys, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// Rewrites docs/en-US, and the staged copies too when a build has staged the module, so the same test run
    /// (and Import-Module of out/TorrentPS) sees the new help without another build.
    /// </summary>
    private static void Rewrite(SortedDictionary<string, string> compiled, List<string> stale)
    {
        if (Directory.Exists(RepoPaths.StagedModule))
        {
            Directory.CreateDirectory(CompiledHelpFiles.StagedHelpFolder);
        }

        foreach (string folder in new[] { RepoPaths.HelpFolder, CompiledHelpFiles.StagedHelpFolder })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach ((string file, string text) in compiled)
            {
                CompiledHelpFiles.Write(Path.Combine(folder, file), text);
            }

            foreach (string file in stale)
            {
                File.Delete(Path.Combine(folder, file));
            }
        }
    }
}
