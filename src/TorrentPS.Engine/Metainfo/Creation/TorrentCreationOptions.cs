using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TorrentPS
{
    /// <summary>What goes into a torrent besides its content. Immutable; <see cref="TorrentBuilder"/> validates it.</summary>
    public sealed class TorrentCreationOptions
    {
        /// <summary>The smallest piece length: one 16 KiB block, the unit peers request.</summary>
        public const int MinPieceLength = 16 * 1024;

        /// <summary>
        /// The largest piece length accepted. Hashing holds a few pieces in memory at once, and clients handle
        /// pieces above this badly (whole pieces are re-downloaded after one bad block).
        /// </summary>
        public const int MaxPieceLength = 64 * 1024 * 1024;

        /// <summary>"TorrentPS 0.1.0": the engine's version, which is the module's.</summary>
        public static string DefaultCreatedBy { get; } = "TorrentPS " + EngineVersion();

        public static TorrentCreationOptions Default { get; } = new TorrentCreationOptions();

        /// <summary>Announce URLs by tier (BEP 12): the first URL of the first tier also becomes <c>announce</c>.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Trackers { get; init; } = Array.Empty<IReadOnlyList<string>>();

        /// <summary>Web seed URLs (BEP 19 <c>url-list</c>).</summary>
        public IReadOnlyList<string> WebSeeds { get; init; } = Array.Empty<string>();

        /// <summary>A power of two from 16 KiB to 64 MiB; 0 picks one from the content's size (see <see cref="TorrentBuilder.ChoosePieceLength"/>).</summary>
        public int PieceLength { get; init; }

        /// <summary>BEP 27: clients use only the torrent's trackers (no DHT, PEX or local discovery). Changes the info-hash.</summary>
        public bool IsPrivate { get; init; }

        public string? Comment { get; init; }

        /// <summary>The <c>info.source</c> string private trackers ask for; it changes the info-hash, so the same content can be cross-seeded.</summary>
        public string? Source { get; init; }

        /// <summary>The <c>created by</c> string; null leaves it out.</summary>
        public string? CreatedBy { get; init; } = DefaultCreatedBy;

        /// <summary>The creation date to record; null records the time of creation (unless <see cref="OmitCreationDate"/>).</summary>
        public DateTimeOffset? CreationDate { get; init; }

        public bool OmitCreationDate { get; init; }

        /// <summary>Includes hidden files and folders (names starting with '.', or marked hidden) and OS junk files (.DS_Store, Thumbs.db...).</summary>
        public bool IncludeHiddenFiles { get; init; }

        /// <summary>Full paths left out of the content, such as the .torrent file being written into the folder it describes.</summary>
        public IReadOnlyList<string> ExcludedPaths { get; init; } = Array.Empty<string>();

        /// <summary>Threads hashing pieces (reading stays sequential); 0 means one per core, at most 8.</summary>
        public int Parallelism { get; init; }

        /// <summary>
        /// Turns command-line style tracker arguments into tiers: each argument is a tier, and URLs separated by
        /// commas inside one argument share it (as mktorrent's -a does).
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<string>> ParseTrackerTiers(IEnumerable<string>? arguments)
        {
            var tiers = new List<IReadOnlyList<string>>();
            foreach (string argument in arguments ?? Enumerable.Empty<string>())
            {
                string[] urls = (argument ?? string.Empty)
                    .Split(',')
                    .Select(url => url.Trim())
                    .Where(url => url.Length > 0)
                    .ToArray();
                if (urls.Length > 0)
                {
                    tiers.Add(urls);
                }
            }

            return tiers;
        }

        /// <summary>Throws <see cref="TorrentCreationException"/> (kind InvalidOption) naming the first thing that is wrong.</summary>
        public void Validate()
        {
            if (PieceLength != 0 && (PieceLength < MinPieceLength || PieceLength > MaxPieceLength || (PieceLength & (PieceLength - 1)) != 0))
            {
                throw TorrentCreationException.InvalidOption(
                    "piece length",
                    string.Format(CultureInfo.InvariantCulture, "{0} is not a power of two from {1} (16 KiB) to {2} (64 MiB)", PieceLength, MinPieceLength, MaxPieceLength));
            }

            if (Parallelism < 0)
            {
                throw TorrentCreationException.InvalidOption("parallelism", $"{Parallelism} is negative");
            }

            foreach (IReadOnlyList<string> tier in Trackers ?? throw TorrentCreationException.InvalidOption("tracker", "the tier list is null"))
            {
                if (tier is null || tier.Count == 0)
                {
                    throw TorrentCreationException.InvalidOption("tracker", "a tier has no URL");
                }

                foreach (string url in tier)
                {
                    CheckUrl("tracker", url, "http", "https", "udp");
                }
            }

            foreach (string url in WebSeeds ?? throw TorrentCreationException.InvalidOption("web seed", "the list is null"))
            {
                CheckUrl("web seed", url, "http", "https", "ftp");
            }
        }

        private static void CheckUrl(string option, string? url, params string[] schemes)
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                throw TorrentCreationException.InvalidOption(option, "an empty URL");
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase) || uri.Host.Length == 0)
            {
                throw TorrentCreationException.InvalidOption(option, $"'{url}' is not a {string.Join(", ", schemes.Select(s => s + "://"))} URL");
            }
        }

        private static string EngineVersion()
        {
            Version? version = typeof(TorrentCreationOptions).Assembly.GetName().Version;
            return version is null ? "0.0.0" : string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", version.Major, version.Minor, Math.Max(0, version.Build));
        }
    }
}
