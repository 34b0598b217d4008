namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// What PlatyPS's New-ExternalHelp makes of a docs folder, without PowerShell: every cmdlet page goes into
/// the MAML file its front matter names ("external help file"), the module page (the one with a Module Guid)
/// is skipped, and every about_*.md becomes about_*.help.txt. Pages are read in file-name order, as
/// Get-ChildItem lists them on Windows.
/// </summary>
internal static class ExternalHelpCompiler
{
    /// <summary>Output file name -> file text ("\n" line ends; written as UTF-8 with a BOM, as PlatyPS does).</summary>
    public static SortedDictionary<string, string> Compile(string folder)
    {
        var pages = Directory.GetFiles(folder, "*.md")
            .OrderBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(PlatyPSDocument.Load)
            .ToList();

        var output = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var commandsByFile = new Dictionary<string, List<CommandHelp>>(StringComparer.OrdinalIgnoreCase);
        foreach (PlatyPSDocument page in pages)
        {
            string name = Path.GetFileNameWithoutExtension(page.Path!);
            if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                output[name + ".help.txt"] = AboutTopicWriter.Write(page);
                continue;
            }

            if (page.FrontMatter.ContainsKey("Module Guid"))
            {
                continue;
            }

            if (!page.FrontMatter.TryGetValue("external help file", out string? helpFile) || helpFile.Length == 0)
            {
                throw new HelpSourceException(Path.GetFileName(page.Path!), 1, "The front matter has no 'external help file:' line naming the MAML file.");
            }

            if (!commandsByFile.TryGetValue(helpFile, out List<CommandHelp>? commands))
            {
                commandsByFile[helpFile] = commands = [];
            }

            commands.Add(CommandHelpReader.Read(page));
        }

        foreach ((string helpFile, List<CommandHelp> commands) in commandsByFile)
        {
            output[helpFile] = MamlWriter.Write(commands);
        }

        return output;
    }
}
