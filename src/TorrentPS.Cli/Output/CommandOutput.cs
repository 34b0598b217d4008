using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TorrentPS.Cli.Output
{
    /// <summary>
    /// Where commands write: results to stdout (human text or one JSON document), problems to stderr as
    /// single lines that start with "torrentps:" so scripts can tell them from results.
    /// </summary>
    internal sealed class CommandOutput
    {
        private const string Program = "torrentps";

        public CommandOutput(TextWriter stdout, TextWriter stderr)
        {
            Out = stdout;
            Error = stderr;
        }

        public TextWriter Out { get; }

        public TextWriter Error { get; }

        public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
        {
            Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));
            Out.Flush();
        }

        /// <summary>Writes "torrentps: error: subject: message" as one line.</summary>
        public void WriteError(string subject, string message) =>
            WriteLine("error", subject, message);

        public void WriteWarning(string subject, string message) =>
            WriteLine("warning", subject, message);

        private void WriteLine(string level, string subject, string message)
        {
            Error.WriteLine($"{Program}: {level}: {OneLine(subject)}: {OneLine(message)}");
            Error.Flush();
        }

        // Messages quote untrusted input (file names, torrent fields); a newline in one must not
        // break the one-line-per-problem promise.
        private static string OneLine(string text) =>
            text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Trim();
    }
}
