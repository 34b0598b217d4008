using System.Security.Cryptography;
using TorrentPS.Engine.Tests.Metainfo;

namespace TorrentPS.Engine.Tests.Session;

/// <summary>Random content and a real torrent for it (true piece hashes), for engine-to-engine swarms.</summary>
internal sealed class SwarmContent
{
    private SwarmContent(TorrentInfo torrent, byte[] stream)
    {
        Torrent = torrent;
        Stream = stream;
    }

    public TorrentInfo Torrent { get; }

    /// <summary>The torrent's whole byte stream, padding (zeros) included.</summary>
    public byte[] Stream { get; }

    public static SwarmContent SingleFile(int length, int pieceLength, int seed = 1, string name = "content.bin")
    {
        byte[] data = RandomBytes(length, seed);
        Dictionary<string, object> torrent = TestTorrent.SingleFile(length, pieceLength, name);
        TestTorrent.Info(torrent)["pieces"] = Hashes(data, pieceLength);
        return new SwarmContent(TorrentInfo.Load(TestTorrent.Encode(torrent)), data);
    }

    /// <summary>Files given as (path, length, isPadding); padding files are zeros.</summary>
    public static SwarmContent MultiFile(int pieceLength, int seed, params (string Path, int Length, bool Padding)[] files)
    {
        var stream = new MemoryStream();
        var random = new Random(seed);
        var list = new List<object>();
        foreach ((string path, int length, bool padding) in files)
        {
            var bytes = new byte[length];
            if (!padding)
            {
                random.NextBytes(bytes);
            }

            stream.Write(bytes);
            var entry = new Dictionary<string, object> { ["length"] = (long)length, ["path"] = path.Split('/').Cast<object>().ToList() };
            if (padding)
            {
                entry["attr"] = "p";
            }

            list.Add(entry);
        }

        byte[] data = stream.ToArray();
        var root = new Dictionary<string, object>
        {
            ["info"] = new Dictionary<string, object>
            {
                ["files"] = list,
                ["name"] = "multi",
                ["piece length"] = (long)pieceLength,
                ["pieces"] = Hashes(data, pieceLength),
            },
        };
        return new SwarmContent(TorrentInfo.Load(TestTorrent.Encode(root)), data);
    }

    public ReadOnlyMemory<byte> Block(int piece, int begin, int length) => Stream.AsMemory(checked((piece * Torrent.PieceLength) + begin), length);

    /// <summary>Asserts every non-padding file under <paramref name="destination"/> holds exactly its bytes, and no padding file exists.</summary>
    public void AssertWritten(string destination)
    {
        foreach (TorrentFile file in Torrent.Layout)
        {
            string path = Path.Combine(destination, Path.Combine(file.PathSegments.ToArray()));
            if (file.IsPadding)
            {
                Assert.False(File.Exists(path), $"padding file {file.Path} was created");
                continue;
            }

            Assert.True(File.Exists(path), $"{file.Path} is missing");
            byte[] actual = File.ReadAllBytes(path);
            Assert.Equal(file.Length, actual.Length);
            Assert.True(actual.AsSpan().SequenceEqual(Stream.AsSpan((int)file.Offset, (int)file.Length)), $"{file.Path} differs from the source");
        }
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Hashes(byte[] data, int pieceLength)
    {
        int count = (data.Length + pieceLength - 1) / pieceLength;
        var hashes = new byte[count * 20];
        for (int i = 0; i < count; i++)
        {
            int start = i * pieceLength;
            SHA1.HashData(data.AsSpan(start, Math.Min(pieceLength, data.Length - start)), hashes.AsSpan(i * 20));
        }

        return hashes;
    }
}
