using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// The options that end seeding (--seed-ratio, --seed-time) and limit it (--upload-limit), shared by
    /// <c>torrentps seed</c> and <c>torrentps download</c>, with the parsing of their values.
    /// </summary>
    internal static class SeedLimitOptions
    {
        private static readonly Regex DurationPattern = new Regex(@"^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex RatePattern = new Regex(@"^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?(?:/s)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static Option<double?> Ratio(string description)
        {
            var option = new Option<double?>("--seed-ratio")
            {
                Description = description,
                HelpName = "RATIO",
            };
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<double?>() is double ratio && (double.IsNaN(ratio) || double.IsInfinity(ratio) || ratio <= 0))
                {
                    result.AddError($"--seed-ratio must be a positive number such as 1 or 2.5, not {ratio.ToString(CultureInfo.InvariantCulture)}.");
                }
            });
            return option;
        }

        public static Option<string> Time(string description)
        {
            var option = new Option<string>("--seed-time")
            {
                Description = description,
                HelpName = "DURATION",
            };
            option.Validators.Add(result => Check(result, "--seed-time", text => TryParseDuration(text, out _), "a duration such as 90s, 45m, 2h, 1d, 1h30m or 01:30:00 (a bare number is minutes)"));
            return option;
        }

        public static Option<string> UploadLimit()
        {
            var option = new Option<string>("--upload-limit")
            {
                Description = "Upload at most this many bytes per second (K, M and G suffixes are binary: 500K, 2M). Default: no limit.",
                HelpName = "RATE",
            };
            option.Validators.Add(result => Check(result, "--upload-limit", text => TryParseRate(text, out _), "a rate in bytes per second such as 512000, 500K or 2M"));
            return option;
        }

        /// <summary>"90s", "45m", "2h", "1d", "1h30m", "01:30:00"; a bare number is minutes (as aria2's --seed-time). Positive only.</summary>
        public static bool TryParseDuration(string? text, out TimeSpan duration)
        {
            duration = TimeSpan.Zero;
            text = text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            if (text!.Contains(':'))
            {
                return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
            }

            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double minutes))
            {
                return TryFrom(minutes * 60, out duration);
            }

            Match match = DurationPattern.Match(text);
            if (!match.Success)
            {
                return false;
            }

            double seconds = (Part(match, 1) * 86400) + (Part(match, 2) * 3600) + (Part(match, 3) * 60) + Part(match, 4);
            return TryFrom(seconds, out duration);
        }

        /// <summary>Bytes per second: "512000", "500K", "2M", "1.5MiB/s"; 0 means no limit.</summary>
        public static bool TryParseRate(string? text, out long bytesPerSecond)
        {
            bytesPerSecond = 0;
            Match match = RatePattern.Match(text?.Trim() ?? string.Empty);
            if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
            {
                return false;
            }

            double scale = char.ToUpperInvariant(match.Groups[2].Value.Length == 0 ? ' ' : match.Groups[2].Value[0]) switch
            {
                'K' => 1024d,
                'M' => 1024d * 1024,
                'G' => 1024d * 1024 * 1024,
                _ => 1d,
            };
            double bytes = Math.Round(number * scale);
            if (bytes > long.MaxValue / 2)
            {
                return false;
            }

            bytesPerSecond = (long)bytes;
            return true;
        }

        private static double Part(Match match, int group) =>
            match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

        private static bool TryFrom(double seconds, out TimeSpan duration)
        {
            duration = TimeSpan.Zero;
            if (double.IsNaN(seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        private static void Check(OptionResult result, string name, Func<string, bool> parses, string expected)
        {
            foreach (Token token in result.Tokens)
            {
                if (!parses(token.Value))
                {
                    result.AddError($"{name}: '{token.Value}' is not {expected}.");
                }
            }
        }
    }
}
