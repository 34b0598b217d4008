using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;
using TorrentPS.Cli.Commands;
using TorrentPS.Cli.Output;

namespace TorrentPS.Cli
{
    /// <summary>Builds the command tree and runs one command line with the house exit codes.</summary>
    internal static class CliApplication
    {
        public static RootCommand CreateRootCommand(CommandOutput output)
        {
            var root = new RootCommand("TorrentPS: a BitTorrent client. This console host runs the same engine as the PowerShell module.");
            // New commands (announce, scrape, download, seed, create, verify) are added here, one file each.
            root.Subcommands.Add(InfoCommand.Create(output));
            root.Subcommands.Add(AnnounceCommand.Create(output));
            root.Subcommands.Add(ScrapeCommand.Create(output));
            root.Subcommands.Add(DownloadCommand.Create(output));
            root.Subcommands.Add(SeedCommand.Create(output));
            root.Subcommands.Add(CreateCommand.Create(output));
            root.Subcommands.Add(VerifyCommand.Create(output));
            return root;
        }

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            var output = new CommandOutput(stdout, stderr);
            try
            {
                ParseResult parseResult = CreateRootCommand(output).Parse(args);
                var configuration = new InvocationConfiguration
                {
                    Output = stdout,
                    Error = stderr,
                    // Our own handler below: the default one prints the stack trace.
                    EnableDefaultExceptionHandler = false,
                };

                int exitCode = parseResult.Invoke(configuration);
                // System.CommandLine reports usage errors with 1; we keep 1 for bad input.
                return parseResult.Action is ParseErrorAction ? ExitCodes.Usage : exitCode;
            }
            catch (Exception exception)
            {
                // A bug, not bad input; still one line, because a stack trace helps no user of a console tool.
                output.WriteError("unexpected " + exception.GetType().Name, exception.Message);
                return ExitCodes.InvalidInput;
            }
        }
    }
}
