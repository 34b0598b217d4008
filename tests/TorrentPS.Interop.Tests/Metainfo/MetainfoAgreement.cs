namespace TorrentPS.Interop.Tests.Metainfo;

/// <summary>Asserts that our parse of a .torrent file says exactly what libtorrent's does.</summary>
public static class MetainfoAgreement
{
    /// <summary>Loads <paramref name="torrentPath"/> both ways, asserts they agree, and returns ours for further checks.</summary>
    public static async Task<TorrentInfo> AssertAgreesWithLibtorrentAsync(string torrentPath)
    {
        LibtorrentView reference = await LibtorrentView.LoadAsync(torrentPath);
        TorrentInfo ours = TorrentInfo.LoadFile(torrentPath);

        Assert.Equal(reference.InfoHashV1, ours.InfoHash.ToString());
        Assert.Equal(reference.InfoSection, Convert.ToHexStringLower(ours.GetMetadata()));
        Assert.Equal(reference.HasV2, ours.IsHybrid);
        Assert.Equal(reference.Name, ours.Name);
        Assert.Equal(reference.TotalSize, ours.TotalSize);
        Assert.Equal(reference.PieceLength, ours.PieceLength);
        Assert.Equal(reference.NumPieces, ours.PieceCount);
        Assert.Equal(reference.PieceHashes, ours.PieceHashes.Select(hash => Convert.ToHexStringLower(hash)));
        Assert.Equal(reference.IsPrivate, ours.IsPrivate);

        // Layout is every file libtorrent lists, padding included, in the same order and at the same offsets.
        Assert.Equal(
            reference.Files.Select(file => (file.Path, file.Size, file.Offset, file.Pad, file.Executable, file.Hidden)),
            ours.Layout.Select(file => (file.Path, file.Length, file.Offset, file.IsPadding, file.IsExecutable, file.IsHidden)));
        // Files is what users see: the same minus padding.
        Assert.Equal(
            reference.Files.Where(file => !file.Pad).Select(file => (file.Path, file.Size)),
            ours.Files.Select(file => (file.Path, file.Length)));

        Assert.Equal(reference.TrackerTiers(), SortedWithinTiers(ours.Trackers));
        // libtorrent appends '/' to a multi-file torrent's web seeds (BEP 19 treats them as folders).
        Assert.Equal(reference.WebSeeds.Select(TrimSlash), ours.WebSeeds.Select(TrimSlash));
        return ours;
    }

    /// <summary>
    /// Every file users see is a real file under <paramref name="downloadFolder"/> with that length:
    /// a check of the paths and sizes against the disk, independent of any parser.
    /// </summary>
    public static void AssertFilesMatchDisk(TorrentInfo torrent, string downloadFolder)
    {
        foreach (TorrentFile file in torrent.Files)
        {
            string onDisk = Path.Combine(new[] { downloadFolder }.Concat(file.PathSegments).ToArray());
            Assert.True(File.Exists(onDisk), $"{file.Path} is not a file under {downloadFolder}");
            Assert.Equal(new FileInfo(onDisk).Length, file.Length);
        }
    }

    private static List<IReadOnlyList<string>> SortedWithinTiers(IReadOnlyList<IReadOnlyList<string>> tiers) =>
        tiers.Select(tier => (IReadOnlyList<string>)tier.Order(StringComparer.Ordinal).ToList()).ToList();

    private static string TrimSlash(string url) => url.TrimEnd('/');
}
