using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorrentPS.Cli.Views;

namespace TorrentPS.Cli.Output
{
    /// <summary>Source-generated JSON for every document the console host prints.</summary>
    [JsonSerializable(typeof(TorrentInfoJson))]
    [JsonSerializable(typeof(MagnetLinkJson))]
    [JsonSerializable(typeof(List<TrackerAnnounceJson>))]
    [JsonSerializable(typeof(List<TrackerScrapeJson>))]
    [JsonSerializable(typeof(DownloadResultJson))]
    [JsonSerializable(typeof(VerifyResultJson))]
    internal sealed partial class CliJsonContext : JsonSerializerContext
    {
        /// <summary>
        /// camelCase, indented, and file names written as UTF-8 rather than \u escapes: the output is read
        /// by people and by JSON parsers, never embedded in HTML.
        /// </summary>
        public static CliJsonContext Console { get; } = new CliJsonContext(new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        });
    }
}
