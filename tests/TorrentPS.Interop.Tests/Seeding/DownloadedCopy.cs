using TorrentPS.Interop.Tests.Download;

namespace TorrentPS.Interop.Tests.Seeding;

/// <summary>Byte-for-byte comparison of a client's download with the source, for clients that leave empty files out.</summary>
public static class DownloadedCopy
{
    /// <summary>
    /// Every non-empty file of the torrent is under <paramref name="destination"/> with exactly the source's bytes.
    /// An empty file may be missing: transmission creates no file for zero bytes (there is nothing to download).
    /// </summary>
    public static void AssertIdenticalExceptEmptyFiles(SeedContent content, string destination)
    {
        foreach (TorrentFile file in content.Torrent.Files)
        {
            string relative = Path.Combine(file.PathSegments.Skip(1).ToArray());
            string copy = Path.Combine(destination, content.Name, relative);
            if (file.Length == 0)
            {
                Assert.True(!File.Exists(copy) || new FileInfo(copy).Length == 0, $"{file.Path} should be empty");
                continue;
            }

            byte[] original = File.ReadAllBytes(Path.Combine(content.SourceFolder, relative));
            Assert.True(File.Exists(copy), $"{file.Path} was not downloaded");
            Assert.True(original.AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{file.Path} differs from the source");
        }
    }
}
