namespace TorrentPS.Benchmarks.Comparisons;

/// <summary>The `check` and `parse` commands: option parsing and usage errors, nothing measured here.</summary>
public static class ComparisonCommands
{
    public static async Task<int> RunAsync(string command, string[] args)
    {
        try
        {
            var options = new CommandOptions(args);
            return command switch
            {
                "check" => await DataCheckComparison.RunAsync(options),
                _ => ParseComparison.Run(options),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: check [--size-gib N] [--piece-kib N] [--rounds N] [--dir PATH]");
            Console.Error.WriteLine("       parse [--iterations N] [--rounds N]");
            return 2;
        }
    }
}
