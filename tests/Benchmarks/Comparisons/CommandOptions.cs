using System.Globalization;

namespace TorrentPS.Benchmarks.Comparisons;

/// <summary>`--name value` pairs; every option a command reads must be known, so a typo is an error, not a default.</summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandOptions(string[] args)
    {
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --option value, got '{args[i]}'");
            }

            _values[args[i][2..]] = args[i + 1];
        }
    }

    public double GetDouble(string name, double fallback) =>
        Read(name) is string text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public int GetInt(string name, int fallback) =>
        Read(name) is string text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string? GetString(string name) => Read(name);

    /// <summary>Call after reading every option: anything left over was misspelt.</summary>
    public void RejectUnknown()
    {
        foreach (string name in _values.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new ArgumentException($"unknown option --{name}");
            }
        }
    }

    private string? Read(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out string? value) ? value : null;
    }
}
