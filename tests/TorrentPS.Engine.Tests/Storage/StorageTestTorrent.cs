using System.Security.Cryptography;
using TorrentPS.Bencode;

namespace TorrentPS.Engine.Tests.Storage;

/// <summary>One file of a test torrent; padding files get BEP 47's attr "p".</summary>
internal sealed record TestFileSpec(string Path, long Length, bool IsPadding = false)
{
    public static TestFileSpec Pad(long length) => new($".pad/{length}", length, IsPadding: true);
}

/// <summary>
/// A real torrent (real SHA-1 piece hashes) over deterministic pseudo-random content, with the content kept
/// so tests can compare bytes on disk with what the torrent describes. Padding ranges of the content are zeros.
/// </summary>
internal sealed class StorageTestTorrent
{
    private StorageTestTorrent(TorrentInfo info, byte[] content)
    {
        Info = info;
        Content = content;
    }

    public TorrentInfo Info { get; }

    /// <summary>The torrent's whole byte stream, padding included (as zeros).</summary>
    public byte[] Content { get; }

    public static StorageTestTorrent MultiFile(int pieceLength, int seed, params TestFileSpec[] files)
    {
        byte[] content = MakeContent(files, seed);
        var list = files.Select(f =>
        {
            var entries = new List<KeyValuePair<string, BValue>>
            {
                new("length", new BInteger(f.Length)),
                new("path", new BList(f.Path.Split('/').Select(s => (BValue)new BString(s)))),
            };
            if (f.IsPadding)
            {
                entries.Add(new("attr", new BString("p")));
            }

            return (BValue)new BDictionary(entries);
        });
        var info = new BDictionary(new KeyValuePair<string, BValue>[]
        {
            new("files", new BList(list)),
            new("name", new BString("root")),
            new("piece length", new BInteger(pieceLength)),
            new("pieces", new BString(HashPieces(content, pieceLength))),
        });
        return Load(info, content);
    }

    public static StorageTestTorrent SingleFile(long length, int pieceLength, int seed, string name = "single.bin")
    {
        byte[] content = MakeContent([new TestFileSpec(name, length)], seed);
        var info = new BDictionary(new KeyValuePair<string, BValue>[]
        {
            new("length", new BInteger(length)),
            new("name", new BString(name)),
            new("piece length", new BInteger(pieceLength)),
            new("pieces", new BString(HashPieces(content, pieceLength))),
        });
        return Load(info, content);
    }

    public byte[] Piece(int index) => Content.AsSpan((int)((long)index * Info.PieceLength), Info.GetPieceSize(index)).ToArray();

    /// <summary>The bytes a (non-padding) file should hold.</summary>
    public byte[] FileContent(TorrentFile file) => Content.AsSpan((int)file.Offset, (int)file.Length).ToArray();

    public static string PathOf(string destination, TorrentFile file) => Path.Combine([destination, .. file.PathSegments]);

    /// <summary>Writes every non-padding file with its correct content, as a finished download would leave it.</summary>
    public void WriteAllFiles(string destination)
    {
        foreach (TorrentFile file in Info.Files)
        {
            string path = PathOf(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, FileContent(file));
        }
    }

    private static StorageTestTorrent Load(BDictionary info, byte[] content)
    {
        var root = new BDictionary(new KeyValuePair<string, BValue>[] { new("info", info) });
        return new StorageTestTorrent(TorrentInfo.Load(BencodeEncoder.Encode(root)), content);
    }

    private static byte[] MakeContent(TestFileSpec[] files, int seed)
    {
        var content = new byte[files.Sum(f => f.Length)];
        new Random(seed).NextBytes(content);
        long offset = 0;
        foreach (TestFileSpec file in files)
        {
            if (file.IsPadding)
            {
                Array.Clear(content, (int)offset, (int)file.Length);
            }

            offset += file.Length;
        }

        return content;
    }

    private static byte[] HashPieces(byte[] content, int pieceLength)
    {
        int count = (content.Length + pieceLength - 1) / pieceLength;
        var hashes = new byte[count * 20];
        for (int i = 0; i < count; i++)
        {
            int start = i * pieceLength;
            SHA1.HashData(content.AsSpan(start, Math.Min(pieceLength, content.Length - start)), hashes.AsSpan(i * 20, 20));
        }

        return hashes;
    }
}
