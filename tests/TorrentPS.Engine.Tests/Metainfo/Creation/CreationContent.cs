namespace TorrentPS.Engine.Tests.Metainfo.Creation;

/// <summary>Files with seeded pseudo-random bytes, for making torrents of in tests.</summary>
internal static class CreationContent
{
    public static string Write(string root, string relativePath, int length, int seed = 1)
    {
        string path = Path.Combine([root, .. relativePath.Split('/')]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A folder "album" whose sizes straddle 16 KiB pieces, with an empty file and nested folders; returns it.</summary>
    public static string Album(string root)
    {
        Write(root, "album/b.bin", 40_000, seed: 1);
        Write(root, "album/a.txt", 17, seed: 2);
        Write(root, "album/a/inner.bin", 20_000, seed: 3);
        Write(root, "album/empty", 0);
        Write(root, "album/Z-upper.bin", 16_384, seed: 4);
        return Path.Combine(root, "album");
    }

    /// <summary>The SHA-1 of each piece of the files' bytes laid end to end: the definition, computed the slow way.</summary>
    public static byte[][] ExpectedPieceHashes(IEnumerable<string> files, int pieceLength)
    {
        byte[] all = files.SelectMany(File.ReadAllBytes).ToArray();
        return all.Chunk(pieceLength).Select(piece => System.Security.Cryptography.SHA1.HashData(piece)).ToArray();
    }

    public static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0xFF));
    }
}
