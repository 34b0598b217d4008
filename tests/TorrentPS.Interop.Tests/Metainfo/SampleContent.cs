using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Metainfo;

/// <summary>
/// Content to make torrents of, with the cases that trip parsers: sizes that are not piece multiples,
/// an empty file, nested folders, a non-ASCII (UTF-8) name, an executable file.
/// </summary>
public static class SampleContent
{
    /// <summary>The piece length every sample torrent uses; the sizes below are chosen against it.</summary>
    public const int PieceLength = 32 * 1024;

    /// <summary>One file of 3 pieces and a bit.</summary>
    public static string SingleFile(TempDirectory temp) =>
        temp.WriteFile("content/single.bin", (3 * PieceLength) + 1234, seed: 11);

    /// <summary>A folder "tree" with files in nested folders; returns the folder.</summary>
    public static string MultiFileTree(TempDirectory temp)
    {
        temp.WriteFile("content/tree/a.bin", 100_000, seed: 1);
        temp.WriteFile("content/tree/small.txt", 17, seed: 2);
        temp.WriteFile("content/tree/nested/b.bin", 40_000, seed: 3);
        temp.WriteFile("content/tree/nested/empty", 0);
        temp.WriteFile("content/tree/nested/deep/ünïcode-文件.dat", 70_001, seed: 4);
        temp.WriteFile("content/tree/nested/deep/exactly-one-piece.bin", PieceLength, seed: 5);
        string script = temp.WriteFile("content/tree/bin/run.sh", 3_000, seed: 6);
        if (!OperatingSystem.IsWindows())
        {
            // libtorrent records the executable bit as BEP 47 attribute "x".
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return temp.Combine("content", "tree");
    }
}
