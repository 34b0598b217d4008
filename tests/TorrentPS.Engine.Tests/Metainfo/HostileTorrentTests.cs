using System.Text;
using static TorrentPS.Engine.Tests.Metainfo.TestTorrent;

namespace TorrentPS.Engine.Tests.Metainfo;

/// <summary>A corpus of malformed torrents, each rejected with a MetainfoException naming the field and the reason.</summary>
public class HostileTorrentTests
{
    public static TheoryData<string, string?, string> Cases()
    {
        var data = new TheoryData<string, string?, string>();
        foreach ((string name, _, string? field, string reason) in Corpus())
        {
            data.Add(name, field, reason);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_torrent_is_rejected_with_field_and_reason(string name, string? field, string reason)
    {
        byte[] bytes = Corpus().Single(c => c.Name == name).Build();
        MetainfoException ex = Assert.Throws<MetainfoException>(() => TorrentInfo.Load(bytes, "hostile.torrent"));
        Assert.Equal(field, ex.Field);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("hostile.torrent: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal("hostile.torrent", ex.Source);
    }

    [Fact]
    public void The_corpus_has_at_least_thirty_distinct_malformations()
    {
        var corpus = Corpus().ToList();
        Assert.True(corpus.Count >= 30, $"only {corpus.Count} cases");
        Assert.Equal(corpus.Count, corpus.Select(c => c.Name).Distinct().Count());
        Assert.Equal(corpus.Count, corpus.Select(c => Convert.ToBase64String(c.Build())).Distinct().Count());
    }

    [Fact]
    public void Bencode_errors_carry_the_byte_offset()
    {
        byte[] good = Encode(SingleFile());
        byte[] truncated = good[..^5];
        MetainfoException ex = Assert.Throws<MetainfoException>(() => TorrentInfo.Load(truncated));
        Assert.Null(ex.Field);
        Assert.IsType<TorrentPS.Bencode.BencodeException>(ex.InnerException);
        Assert.Contains("at byte", ex.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, Func<byte[]> Build, string? Field, string Reason)> Corpus()
    {
        static byte[] Mutate(Action<Dictionary<string, object>> change)
        {
            Dictionary<string, object> torrent = SingleFile();
            change(torrent);
            return Encode(torrent);
        }

        static byte[] MutateMulti(Action<Dictionary<string, object>> change)
        {
            Dictionary<string, object> torrent = MultiFile(16384, ("a/one.txt", 1000), ("a/two.txt", 2000), ("b.txt", 3000));
            change(torrent);
            return Encode(torrent);
        }

        static void SetPath(Dictionary<string, object> t, int file, params object[] segments) => FileAt(t, file)["path"] = segments.ToList();

        yield return ("garbage", () => Encoding.ASCII.GetBytes("<html>not a torrent</html>"), null, "not a torrent file");
        yield return ("top-level list", () => Encode(new List<object> { 1L, 2L }), null, "top-level value is not a dictionary");
        yield return ("trailing data", () => [.. Encode(SingleFile()), (byte)'x'], null, "trailing data");
        yield return ("empty file", () => [], null, "input is empty");
        yield return ("deep nesting", () => Encoding.ASCII.GetBytes("d1:x" + new string('l', 500) + new string('e', 500) + "e"), null, "nesting is deeper");
        yield return ("duplicate key", () => Encoding.ASCII.GetBytes("d4:infoi1e4:infoi2ee"), null, "duplicate dictionary key");
        yield return ("info missing", () => Mutate(t => t.Remove("info")), "info", "is missing");
        yield return ("info not a dictionary", () => Mutate(t => t["info"] = "info"), "info", "is not a dictionary");
        yield return ("piece length missing", () => Mutate(t => Info(t).Remove("piece length")), "info.piece length", "is missing");
        yield return ("piece length string", () => Mutate(t => Info(t)["piece length"] = "32768"), "info.piece length", "is not an integer");
        yield return ("piece length zero", () => Mutate(t => Info(t)["piece length"] = 0L), "info.piece length", "not a sane piece length");
        yield return ("piece length negative", () => Mutate(t => Info(t)["piece length"] = -16384L), "info.piece length", "not a sane piece length");
        yield return ("piece length 1 GiB", () => Mutate(t => Info(t)["piece length"] = 1L << 30), "info.piece length", "not a sane piece length");
        yield return ("pieces missing", () => Mutate(t => Info(t).Remove("pieces")), "info.pieces", "is missing");
        yield return ("pieces integer", () => Mutate(t => Info(t)["pieces"] = 20L), "info.pieces", "is not a byte string");
        yield return ("pieces not a multiple of 20", () => Mutate(t => Info(t)["pieces"] = new byte[81]), "info.pieces", "not a positive multiple of 20");
        yield return ("pieces empty", () => Mutate(t => Info(t)["pieces"] = Array.Empty<byte>()), "info.pieces", "not a positive multiple of 20");
        yield return ("too few piece hashes", () => Mutate(t => Info(t)["pieces"] = new byte[60]), "info.pieces", "holds 3 piece hashes");
        yield return ("too many piece hashes", () => Mutate(t => Info(t)["pieces"] = new byte[100]), "info.pieces", "need 4");
        yield return ("huge length with few pieces", () => Mutate(t => Info(t)["length"] = 1L << 50), "info.pieces", "holds 4 piece hashes");
        yield return ("name missing", () => Mutate(t => Info(t).Remove("name")), "info.name", "is missing");
        yield return ("name integer", () => Mutate(t => Info(t)["name"] = 7L), "info.name", "is not a string");
        yield return ("name dot-dot", () => Mutate(t => Info(t)["name"] = ".."), "info.name", "would leave the download folder");
        yield return ("name with separator", () => Mutate(t => Info(t)["name"] = "../../etc"), "info.name", "contains a path separator");
        yield return ("name empty", () => Mutate(t => Info(t)["name"] = ""), "info.name", "empty path segment");
        yield return ("both length and files", () => Mutate(t => Info(t)["files"] = new List<object>()), "info", "has both 'length' and 'files'");
        yield return ("neither length nor files", () => Mutate(t => Info(t).Remove("length")), "info", "has neither");
        yield return ("negative length", () => Mutate(t => Info(t)["length"] = -1L), "info.length", "is negative");
        yield return ("zero total size", () => Mutate(t => Info(t)["length"] = 0L), "info", "total size is 0");
        yield return ("files empty", () => MutateMulti(t => Info(t)["files"] = new List<object>()), "info.files", "the file list is empty");
        yield return ("files not a list", () => MutateMulti(t => Info(t)["files"] = "files"), "info.files", "is not a list");
        yield return ("file not a dictionary", () => MutateMulti(t => ((List<object>)Info(t)["files"])[1] = 5L), "info.files[1]", "is not a dictionary");
        yield return ("file length missing", () => MutateMulti(t => FileAt(t, 2).Remove("length")), "info.files[2].length", "is missing");
        yield return ("file length negative", () => MutateMulti(t => FileAt(t, 0)["length"] = -5L), "info.files[0].length", "is negative");
        yield return ("file path missing", () => MutateMulti(t => FileAt(t, 1).Remove("path")), "info.files[1].path", "is missing");
        yield return ("file path empty", () => MutateMulti(t => SetPath(t, 1)), "info.files[1].path", "the path is empty");
        yield return ("path element integer", () => MutateMulti(t => SetPath(t, 0, "a", 3L)), "info.files[0].path[1]", "is not a string");
        yield return ("path dot-dot", () => MutateMulti(t => SetPath(t, 0, "..", "..", "etc", "passwd")), "info.files[0].path[0]", "would leave the download folder");
        yield return ("path dot", () => MutateMulti(t => SetPath(t, 0, "a", ".", "x")), "info.files[0].path[1]", "would leave the download folder");
        yield return ("rooted path", () => MutateMulti(t => SetPath(t, 0, "", "etc", "passwd")), "info.files[0].path[0]", "empty path segment");
        yield return ("slash inside segment", () => MutateMulti(t => SetPath(t, 0, "a/../../x")), "info.files[0].path[0]", "contains a path separator");
        yield return ("backslash inside segment", () => MutateMulti(t => SetPath(t, 0, "..\\..\\x")), "info.files[0].path[0]", "contains a path separator");
        yield return ("NUL in name", () => MutateMulti(t => SetPath(t, 0, "a\0b")), "info.files[0].path[0]", "control character U+0000");
        yield return ("control character", () => MutateMulti(t => SetPath(t, 2, "bell\u0007")), "info.files[2].path[0]", "control character U+0007");
        yield return ("segment too long", () => MutateMulti(t => SetPath(t, 2, new string('a', 256))), "info.files[2].path[0]", "longer than 255 bytes");
        yield return ("path too deep", () => MutateMulti(t => SetPath(t, 2, Enumerable.Repeat((object)"d", 65).ToArray())), "info.files[2].path", "deeper than 64");
        yield return ("duplicate paths", () => MutateMulti(t => SetPath(t, 1, "a", "one.txt")), "info.files[1]", "appears more than once");
        yield return ("file then folder of same name", () => MutateMulti(t => SetPath(t, 2, "a")), "info.files[2]", "is both a file and a folder");
        yield return ("folder under a file", () => MutateMulti(t => SetPath(t, 2, "a", "one.txt", "inner")), "info.files[2]", "'root/a/one.txt' is both a file and a folder");
        yield return ("total size overflow", () => MutateMulti(t => { FileAt(t, 0)["length"] = long.MaxValue; FileAt(t, 1)["length"] = long.MaxValue; }), "info.files[1].length", "overflows 64 bits");
        yield return ("v2 only", () => Mutate(t => { Info(t)["meta version"] = 2L; Info(t).Remove("pieces"); }), "info.meta version", "v2-only torrents (BEP 52) are not supported yet");
        yield return ("unknown meta version", () => Mutate(t => Info(t)["meta version"] = 3L), "info.meta version", "version 3 is not supported");
        yield return ("announce-list not a list", () => Mutate(t => t["announce-list"] = "http://x/announce"), "announce-list", "is not a list of tiers");
        yield return ("announce-list tier not a list", () => Mutate(t => t["announce-list"] = new List<object> { "http://x/announce" }), "announce-list[0]", "is not a list of tracker URLs");
        yield return ("announce not a string", () => Mutate(t => t["announce"] = 1L), "announce", "is not a string");
        yield return ("url-list integer", () => Mutate(t => t["url-list"] = 1L), "url-list", "neither a string nor a list");
    }
}
