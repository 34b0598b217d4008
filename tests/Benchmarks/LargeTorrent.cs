using System.Globalization;
using TorrentPS.Bencode;

namespace TorrentPS.Benchmarks;

/// <summary>
/// A big but realistic multi-file torrent built in memory: files spread over nested folders with
/// uneven sizes, an announce-list, and one SHA-1 per piece. Deterministic, so runs compare.
/// </summary>
public static class LargeTorrent
{
    public static byte[] Create(int fileCount, int pieceCount, int pieceLength)
    {
        if (fileCount % 2 != 0)
        {
            throw new ArgumentException("Files come in pairs whose sizes even out.", nameof(fileCount));
        }

        long totalSize = (long)pieceCount * pieceLength;
        long averageFileSize = totalSize / fileCount;
        if (averageFileSize * fileCount != totalSize || averageFileSize <= fileCount)
        {
            throw new ArgumentException("The total size must split evenly into files larger than the file count.");
        }

        var random = new Random(20261121);
        using var stream = new MemoryStream();
        var writer = new BencodeWriter(stream);
        writer.WriteDictionaryStart();
        writer.WriteString("announce");
        writer.WriteString("http://tracker.example/announce");
        writer.WriteString("announce-list");
        writer.WriteListStart();
        foreach (string[] tier in new[]
        {
            new[] { "http://tracker.example/announce", "http://backup.example/announce" },
            new[] { "udp://tracker.example:6969/announce", "udp://[2001:db8::1]:6969/announce" },
            new[] { "https://tracker.example/announce" },
        })
        {
            writer.WriteListStart();
            foreach (string url in tier)
            {
                writer.WriteString(url);
            }

            writer.WriteEnd();
        }

        writer.WriteEnd();
        writer.WriteString("comment");
        writer.WriteString("TorrentPS parse benchmark");
        writer.WriteString("created by");
        writer.WriteString("TorrentPS.Benchmarks");
        writer.WriteString("creation date");
        writer.WriteInteger(1_790_000_000);

        writer.WriteString("info");
        writer.WriteDictionaryStart();
        writer.WriteString("files");
        writer.WriteListStart();
        for (int i = 0; i < fileCount; i++)
        {
            // Pairs of sizes either side of the average keep the sum exact and no size a piece multiple.
            long skew = 1000 + (i / 2);
            long length = i % 2 == 0 ? averageFileSize + skew : averageFileSize - skew;
            writer.WriteDictionaryStart();
            writer.WriteString("length");
            writer.WriteInteger(length);
            writer.WriteString("path");
            writer.WriteListStart();
            writer.WriteString("season-" + (i / 1000).ToString("00", CultureInfo.InvariantCulture));
            writer.WriteString("disc-" + (i / 100 % 10).ToString(CultureInfo.InvariantCulture));
            writer.WriteString($"track-{i.ToString("00000", CultureInfo.InvariantCulture)}{(i % 7 == 0 ? " (émission spéciale)" : string.Empty)}.flac");
            writer.WriteEnd();
            writer.WriteEnd();
        }

        writer.WriteEnd();
        writer.WriteString("name");
        writer.WriteString("Large benchmark torrent");
        writer.WriteString("piece length");
        writer.WriteInteger(pieceLength);
        writer.WriteString("pieces");
        byte[] pieces = new byte[checked(pieceCount * 20)];
        random.NextBytes(pieces);
        writer.WriteString(pieces);
        writer.WriteEnd();

        writer.WriteEnd();
        return stream.ToArray();
    }
}
