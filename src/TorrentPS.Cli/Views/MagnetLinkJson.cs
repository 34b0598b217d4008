using System.Collections.Generic;
using System.Linq;

namespace TorrentPS.Cli.Views
{
    /// <summary>
    /// The JSON document <c>torrentps info MAGNET --json</c> prints. Trackers have the same shape as for a
    /// torrent file (a list of tiers) so scripts can handle both; a magnet link has no tiers, so each tr=
    /// is a tier of its own, tried in order, which is how libtorrent reads them.
    /// </summary>
    internal sealed record MagnetLinkJson(
        string Type,
        string InfoHash,
        string? Name,
        long? ExactLength,
        IReadOnlyList<IReadOnlyList<string>> Trackers,
        IReadOnlyList<string> WebSeeds,
        IReadOnlyList<string> Peers,
        string Uri)
    {
        public static MagnetLinkJson From(MagnetLink link) => new MagnetLinkJson(
            Type: "magnet",
            InfoHash: link.InfoHash.ToString(),
            Name: link.DisplayName,
            ExactLength: link.ExactLength,
            Trackers: link.Trackers.Select(tracker => (IReadOnlyList<string>)new[] { tracker }).ToList(),
            WebSeeds: link.WebSeeds,
            Peers: link.Peers,
            Uri: link.Uri);
    }
}
