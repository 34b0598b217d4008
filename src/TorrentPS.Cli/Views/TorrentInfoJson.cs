using System;
using System.Collections.Generic;
using System.Linq;

namespace TorrentPS.Cli.Views
{
    /// <summary>The JSON document <c>torrentps info FILE --json</c> prints.</summary>
    internal sealed record TorrentInfoJson(
        string Type,
        string InfoHash,
        string Name,
        long TotalSize,
        int PieceLength,
        int PieceCount,
        bool IsPrivate,
        bool IsMultiFile,
        bool IsHybrid,
        DateTimeOffset? CreationDate,
        string? CreatedBy,
        string? Comment,
        IReadOnlyList<IReadOnlyList<string>> Trackers,
        IReadOnlyList<string> WebSeeds,
        IReadOnlyList<TorrentFileJson> Files,
        string MagnetUri,
        IReadOnlyList<string> Warnings)
    {
        public static TorrentInfoJson From(TorrentInfo torrent) => new TorrentInfoJson(
            Type: "torrent",
            InfoHash: torrent.InfoHash.ToString(),
            Name: torrent.Name,
            TotalSize: torrent.TotalSize,
            PieceLength: torrent.PieceLength,
            PieceCount: torrent.PieceCount,
            IsPrivate: torrent.IsPrivate,
            IsMultiFile: torrent.IsMultiFile,
            IsHybrid: torrent.IsHybrid,
            CreationDate: torrent.CreationDate,
            CreatedBy: torrent.CreatedBy,
            Comment: torrent.Comment,
            Trackers: torrent.Trackers,
            WebSeeds: torrent.WebSeeds,
            Files: torrent.Files.Select(file => new TorrentFileJson(file.Path, file.Length)).ToList(),
            MagnetUri: torrent.ToMagnetLink().Uri,
            Warnings: torrent.Warnings);
    }

    /// <summary>A file as users see it: padding files are left out.</summary>
    internal sealed record TorrentFileJson(string Path, long Length);
}
