using System.Text;

namespace TorrentPS.Module.Tests.Help;

/// <summary>
/// The compiled help committed in docs/en-US and staged in out/TorrentPS/en-US: where it is, how to read it,
/// and how to rewrite it when TORRENTPS_UPDATE_HELP=1.
/// </summary>
internal static class CompiledHelpFiles
{
    public const string MamlFile = "TorrentPS.dll-Help.xml";
    public const string AboutFile = "about_TorrentPS.help.txt";
    public const string UpdateVariable = "TORRENTPS_UPDATE_HELP";
    public const string RegenerateCommand = UpdateVariable + "=1 dotnet test tests/TorrentPS.Module.Tests --filter Help";

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static string StagedHelpFolder => Path.Combine(RepoPaths.StagedModule, "en-US");

    /// <summary>The compiled help files in a folder, by the patterns the staging step copies.</summary>
    public static IEnumerable<string> In(string folder)
        => Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.dll-Help.xml").Concat(Directory.GetFiles(folder, "about_*.help.txt")).Select(Path.GetFileName).Select(n => n!)
            : [];

    /// <summary>
    /// The text of a help file with "\r\n" read as "\n" (a Windows checkout may have converted the line ends),
    /// or null when the file is missing. The BOM PlatyPS writes is part of the file and is checked too.
    /// </summary>
    public static string? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] bytes = File.ReadAllBytes(path);
        byte[] bom = Utf8WithBom.GetPreamble();
        bool hasBom = bytes.AsSpan().StartsWith(bom);
        string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, hasBom ? bom.Length : 0, bytes.Length - (hasBom ? bom.Length : 0));
        return (hasBom ? string.Empty : "(no UTF-8 BOM)\n") + text.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>Writes through a temporary file and a rename, so a test reading the file never sees half of it.</summary>
    public static void Write(string path, string text)
    {
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, text, Utf8WithBom);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Where two texts first differ, as "line N: expected ... / actual ...".</summary>
    public static string FirstDifference(string expected, string actual)
    {
        string[] want = expected.Split('\n');
        string[] got = actual.Split('\n');
        for (int i = 0; i < Math.Max(want.Length, got.Length); i++)
        {
            string? w = i < want.Length ? want[i] : null;
            string? g = i < got.Length ? got[i] : null;
            if (w != g)
            {
                return $"line {i + 1}: expected {Quote(w)}, found {Quote(g)}";
            }
        }

        return "no difference";

        static string Quote(string? line) => line is null ? "end of file" : $"'{line}'";
    }
}
