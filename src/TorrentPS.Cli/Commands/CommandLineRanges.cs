using System.CommandLine;
using System.Globalization;

namespace TorrentPS.Cli.Commands
{
    /// <summary>Range checks on numeric options; a value out of range is a usage error (exit code 2), like a typo.</summary>
    internal static class CommandLineRanges
    {
        public static void Require(Option<int> option, int min, int max) =>
            option.Validators.Add(result =>
            {
                if (result.Tokens.Count > 0)
                {
                    Check(result, option.Name, result.GetValueOrDefault<int>(), min, max);
                }
            });

        public static void Require(Option<int?> option, int min, int max) =>
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int?>() is int value)
                {
                    Check(result, option.Name, value, min, max);
                }
            });

        private static void Check(System.CommandLine.Parsing.OptionResult result, string name, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                result.AddError(string.Format(CultureInfo.InvariantCulture, "{0} must be between {1} and {2}, not {3}.", name, min, max, value));
            }
        }
    }
}
