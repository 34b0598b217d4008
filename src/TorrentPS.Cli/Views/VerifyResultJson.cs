using System.Collections.Generic;
using System.Linq;

namespace TorrentPS.Cli.Views
{
    /// <summary>The JSON document <c>torrentps verify TORRENT --json</c> prints.</summary>
    internal sealed record VerifyResultJson(
        string InfoHash,
        string Name,
        string Destination,
        bool IsComplete,
        int PieceCount,
        int PiecesGood,
        int PiecesBad,
        int PiecesMissing,
        long BytesVerified,
        long TotalSize,
        IReadOnlyList<VerifyFileJson> Files)
    {
        public static VerifyResultJson From(DataCheckResult result) => new VerifyResultJson(
            InfoHash: result.InfoHash.ToString(),
            Name: result.Name,
            Destination: result.Destination,
            IsComplete: result.IsComplete,
            PieceCount: result.PieceCount,
            PiecesGood: result.PiecesGood,
            PiecesBad: result.PiecesBad,
            PiecesMissing: result.PiecesMissing,
            BytesVerified: result.BytesVerified,
            TotalSize: result.TotalSize,
            Files: result.Files.Select(VerifyFileJson.From).ToArray());
    }

    /// <summary>One file of <see cref="VerifyResultJson"/>; sizeOnDisk is null when the file does not exist.</summary>
    internal sealed record VerifyFileJson(
        string Path,
        string FullPath,
        long Length,
        long? SizeOnDisk,
        int PieceCount,
        int PiecesGood,
        int PiecesBad,
        int PiecesMissing,
        bool IsComplete)
    {
        public static VerifyFileJson From(TorrentFileCheck file) => new VerifyFileJson(
            file.Path, file.FullPath, file.Length, file.SizeOnDisk, file.PieceCount, file.PiecesGood, file.PiecesBad, file.PiecesMissing, file.IsComplete);
    }
}
