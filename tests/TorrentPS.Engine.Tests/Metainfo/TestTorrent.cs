using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TorrentPS.Engine.Tests.Metainfo;

/// <summary>
/// Builds .torrent bytes for tests from plain objects: dictionaries are written in insertion order (so tests
/// can make unsorted ones), strings as UTF-8, byte[] as-is, integers as integers.
/// </summary>
internal static class TestTorrent
{
    public static byte[] Encode(object value)
    {
        using var stream = new MemoryStream();
        Write(stream, value);
        return stream.ToArray();
    }

    /// <summary>A valid single-file torrent's root dictionary: 100,000 bytes in 32 KiB pieces.</summary>
    public static Dictionary<string, object> SingleFile(long length = 100_000, int pieceLength = 32768, string name = "file.bin")
    {
        return new Dictionary<string, object>
        {
            ["announce"] = "http://127.0.0.1:6969/announce",
            ["info"] = new Dictionary<string, object>
            {
                ["length"] = length,
                ["name"] = name,
                ["piece length"] = (long)pieceLength,
                ["pieces"] = FakePieces(length, pieceLength),
            },
        };
    }

    /// <summary>A valid multi-file torrent whose files are given as (path, length) pairs.</summary>
    public static Dictionary<string, object> MultiFile(int pieceLength, params (string Path, long Length)[] files)
    {
        var list = new List<object>();
        long total = 0;
        foreach ((string path, long length) in files)
        {
            list.Add(new Dictionary<string, object> { ["length"] = length, ["path"] = path.Split('/').Cast<object>().ToList() });
            total += length;
        }

        return new Dictionary<string, object>
        {
            ["info"] = new Dictionary<string, object>
            {
                ["files"] = list,
                ["name"] = "root",
                ["piece length"] = (long)pieceLength,
                ["pieces"] = FakePieces(total, pieceLength),
            },
        };
    }

    public static Dictionary<string, object> Info(Dictionary<string, object> torrent) => (Dictionary<string, object>)torrent["info"];

    public static Dictionary<string, object> FileAt(Dictionary<string, object> torrent, int index) =>
        (Dictionary<string, object>)((List<object>)Info(torrent)["files"])[index];

    /// <summary>Distinct, recognisable piece hashes: piece i's hash is SHA-1 of its index.</summary>
    public static byte[] FakePieces(long totalSize, int pieceLength)
    {
        long count = (totalSize + pieceLength - 1) / pieceLength;
        var pieces = new byte[count * 20];
        for (int i = 0; i < count; i++)
        {
            SHA1.HashData(BitConverter.GetBytes(i), pieces.AsSpan(i * 20, 20));
        }

        return pieces;
    }

    /// <summary>SHA-1 of the info dictionary encoded the same way, computed independently of the engine.</summary>
    public static string ExpectedInfoHash(Dictionary<string, object> torrent) => Convert.ToHexStringLower(SHA1.HashData(Encode(Info(torrent))));

    private static void Write(Stream stream, object value)
    {
        switch (value)
        {
            case string text:
                WriteBytes(stream, Encoding.UTF8.GetBytes(text));
                break;
            case byte[] bytes:
                WriteBytes(stream, bytes);
                break;
            case int or long:
                WriteAscii(stream, "i" + Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "e");
                break;
            case IDictionary dictionary:
                stream.WriteByte((byte)'d');
                foreach (DictionaryEntry entry in dictionary)
                {
                    WriteBytes(stream, Encoding.UTF8.GetBytes((string)entry.Key));
                    Write(stream, entry.Value!);
                }

                stream.WriteByte((byte)'e');
                break;
            case IEnumerable list:
                stream.WriteByte((byte)'l');
                foreach (object item in list)
                {
                    Write(stream, item);
                }

                stream.WriteByte((byte)'e');
                break;
            default:
                throw new ArgumentException($"Cannot encode {value.GetType()}");
        }
    }

    private static void WriteBytes(Stream stream, byte[] bytes)
    {
        WriteAscii(stream, bytes.Length.ToString(CultureInfo.InvariantCulture) + ":");
        stream.Write(bytes);
    }

    private static void WriteAscii(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));
}
