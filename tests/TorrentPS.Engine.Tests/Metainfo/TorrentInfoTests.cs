using System.Security.Cryptography;
using System.Text;
using static TorrentPS.Engine.Tests.Metainfo.TestTorrent;

namespace TorrentPS.Engine.Tests.Metainfo;

public class TorrentInfoTests
{
    [Fact]
    public void Single_file_torrent_reads_its_fields()
    {
        Dictionary<string, object> torrent = SingleFile(length: 100_000, pieceLength: 32768, name: "file.bin");
        torrent["comment"] = "hello";
        torrent["created by"] = "mktorrent 1.1";
        torrent["creation date"] = 1_700_000_000L;
        torrent["encoding"] = "UTF-8";
        Info(torrent)["private"] = 1L;

        TorrentInfo info = TorrentInfo.Load(Encode(torrent));

        Assert.Equal("file.bin", info.Name);
        Assert.Equal(ExpectedInfoHash(torrent), info.InfoHash.ToString());
        Assert.Equal(100_000, info.TotalSize);
        Assert.Equal(32768, info.PieceLength);
        Assert.Equal(4, info.PieceCount);
        Assert.Equal(100_000 - (3 * 32768), info.GetPieceSize(3));
        Assert.Equal(32768, info.GetPieceSize(0));
        Assert.Equal(SHA1.HashData(BitConverter.GetBytes(2)), info.PieceHashes[2]);
        Assert.False(info.IsMultiFile);
        TorrentFile file = Assert.Single(info.Files);
        Assert.Equal("file.bin", file.Path);
        Assert.Equal((0, 3), (file.FirstPiece, file.LastPiece));
        Assert.True(info.IsPrivate);
        Assert.Equal("hello", info.Comment);
        Assert.Equal("mktorrent 1.1", info.CreatedBy);
        Assert.Equal("UTF-8", info.Encoding);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), info.CreationDate);
        Assert.Equal(new[] { "http://127.0.0.1:6969/announce" }, Assert.Single(info.Trackers));
        Assert.Equal("file.bin (" + info.InfoHash + ")", info.ToString());
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Info_hash_is_taken_over_the_raw_bytes_even_when_keys_are_unsorted_and_unknown()
    {
        byte[] pieces = FakePieces(10, 16384);
        byte[] info = Encoding.ASCII.GetBytes("d6:pieces20:").Concat(pieces).Concat(Encoding.ASCII.GetBytes("4:name1:x6:lengthi10e12:piece lengthi16384e8:x-customli1eee")).ToArray();
        byte[] file = Encoding.ASCII.GetBytes("d4:info").Concat(info).Concat(Encoding.ASCII.GetBytes("e")).ToArray();

        TorrentInfo parsed = TorrentInfo.Load(file);

        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(info)), parsed.InfoHash.ToString());
        Assert.Equal(info, parsed.GetMetadata());
        Assert.NotEqual(Convert.ToHexStringLower(SHA1.HashData(TorrentPS.Bencode.BencodeDecoder.Decode(info).Encode())), parsed.InfoHash.ToString());
    }

    [Fact]
    public void Multi_file_torrent_maps_files_onto_pieces()
    {
        Dictionary<string, object> torrent = MultiFile(16384, ("docs/a.txt", 10_000), ("docs/empty", 0), ("b.bin", 30_000), ("c/d/e.txt", 20_000));
        TorrentInfo info = TorrentInfo.Load(Encode(torrent));

        Assert.True(info.IsMultiFile);
        Assert.Equal(60_000, info.TotalSize);
        Assert.Equal(4, info.PieceCount);
        Assert.Equal(new[] { "root/docs/a.txt", "root/docs/empty", "root/b.bin", "root/c/d/e.txt" }, info.Files.Select(f => f.Path));
        Assert.Equal(new long[] { 0, 10_000, 10_000, 40_000 }, info.Files.Select(f => f.Offset));
        Assert.Equal(new[] { 0, 0, 0, 2 }, info.Files.Select(f => f.FirstPiece));
        Assert.Equal(new[] { 0, 0, 2, 3 }, info.Files.Select(f => f.LastPiece));
        Assert.Equal(new[] { "root", "c", "d", "e.txt" }, info.Files[3].PathSegments);
        Assert.Empty(info.Trackers);
    }

    [Fact]
    public void Padding_files_are_kept_in_the_layout_but_hidden_from_the_file_list()
    {
        Dictionary<string, object> torrent = MultiFile(16384, ("a.bin", 10_000), (".pad/6384", 6384), ("b.bin", 16384), ("c.bin", 100));
        FileAt(torrent, 1)["attr"] = "p";
        FileAt(torrent, 2)["attr"] = "x";
        FileAt(torrent, 3)["attr"] = "h";
        var noPath = new Dictionary<string, object> { ["attr"] = "p", ["length"] = 16284L };
        ((List<object>)Info(torrent)["files"]).Add(noPath);
        var last = new Dictionary<string, object> { ["length"] = 5L, ["path"] = new List<object> { "z" } };
        ((List<object>)Info(torrent)["files"]).Add(last);
        Info(torrent)["pieces"] = FakePieces(10_000 + 6384 + 16384 + 100 + 16284 + 5, 16384);

        TorrentInfo info = TorrentInfo.Load(Encode(torrent));

        Assert.Equal(6, info.Layout.Count);
        Assert.Equal(10_000 + 16384 + 100 + 5, info.ContentSize);
        Assert.Equal(info.ContentSize + 6384 + 16284, info.TotalSize);
        Assert.Equal(new[] { "root/a.bin", "root/b.bin", "root/c.bin", "root/z" }, info.Files.Select(f => f.Path));
        Assert.True(info.Layout[1].IsPadding);
        Assert.Equal("root/.pad/16284", info.Layout[4].Path);
        Assert.Equal(16384, info.Files[1].Offset);
        Assert.Equal(1, info.Files[1].FirstPiece);
        Assert.True(info.Files[1].IsExecutable);
        Assert.True(info.Files[2].IsHidden);
        Assert.Equal(3, info.Files[2].Index);
        Assert.Equal(5, info.Files[3].Index);
    }

    [Fact]
    public void Utf8_variants_of_name_and_path_win()
    {
        Dictionary<string, object> torrent = MultiFile(16384, ("x", 100));
        Info(torrent)["name"] = Encoding.Latin1.GetBytes("caf\u00e9");
        Info(torrent)["name.utf-8"] = "café";
        FileAt(torrent, 0)["path.utf-8"] = new List<object> { "señor", "ñ.txt" };

        TorrentInfo info = TorrentInfo.Load(Encode(torrent));

        Assert.Equal("café", info.Name);
        Assert.Equal("café/señor/ñ.txt", info.Files[0].Path);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Names_that_are_not_utf8_are_decoded_with_the_declared_encoding_or_a_warning()
    {
        Dictionary<string, object> torrent = SingleFile();
        Info(torrent)["name"] = Encoding.Latin1.GetBytes("caf\u00e9.bin");
        torrent["encoding"] = "iso-8859-1";
        Assert.Equal("café.bin", TorrentInfo.Load(Encode(torrent)).Name);

        torrent.Remove("encoding");
        TorrentInfo lossy = TorrentInfo.Load(Encode(torrent));
        Assert.Equal("caf\uFFFD.bin", lossy.Name);
        Assert.Contains(lossy.Warnings, w => w.Contains("info.name") && w.Contains("not valid UTF-8"));
    }

    [Theory]
    [InlineData("aux.c", "_aux.c")]
    [InlineData("CON", "_CON")]
    [InlineData("com1.txt", "_com1.txt")]
    [InlineData("what?.txt", "what_.txt")]
    [InlineData("a:b", "a_b")]
    [InlineData("trailing.", "trailing_")]
    [InlineData("trailing ", "trailing_")]
    public void Names_invalid_on_windows_are_made_safe_with_a_warning(string name, string safe)
    {
        Dictionary<string, object> torrent = MultiFile(16384, ("src/" + name, 100));
        TorrentInfo info = TorrentInfo.Load(Encode(torrent));
        Assert.Equal("root/src/" + safe, info.Files[0].Path);
        string warning = Assert.Single(info.Warnings);
        Assert.Contains("info.files[0].path[1]", warning);
        Assert.Contains(safe, warning);
    }

    [Fact]
    public void Names_that_become_equal_after_sanitising_are_a_collision()
    {
        Dictionary<string, object> torrent = MultiFile(16384, ("a?", 100), ("a*", 100));
        MetainfoException ex = Assert.Throws<MetainfoException>(() => TorrentInfo.Load(Encode(torrent)));
        Assert.Contains("appears more than once", ex.Message);
    }

    [Fact]
    public void Announce_list_tiers_replace_announce_and_are_trimmed_and_deduplicated()
    {
        Dictionary<string, object> torrent = SingleFile();
        torrent["announce-list"] = new List<object>
        {
            new List<object> { " udp://127.0.0.1:1/announce ", "http://127.0.0.1:2/announce" },
            new List<object>(),
            new List<object> { "http://127.0.0.1:2/announce", "http://127.0.0.1:3/announce", "" },
        };
        TorrentInfo info = TorrentInfo.Load(Encode(torrent));

        Assert.Equal(2, info.Trackers.Count);
        Assert.Equal(new[] { "udp://127.0.0.1:1/announce", "http://127.0.0.1:2/announce" }, info.Trackers[0]);
        Assert.Equal(new[] { "http://127.0.0.1:3/announce" }, info.Trackers[1]);
        Assert.Equal(3, info.AnnounceUrls.Count);
        Assert.DoesNotContain("http://127.0.0.1:6969/announce", info.AnnounceUrls);
    }

    [Fact]
    public void Web_seeds_come_from_a_string_or_a_list()
    {
        Dictionary<string, object> torrent = SingleFile();
        torrent["url-list"] = "http://127.0.0.1/seed/";
        Assert.Equal(new[] { "http://127.0.0.1/seed/" }, TorrentInfo.Load(Encode(torrent)).WebSeeds);

        torrent["url-list"] = new List<object> { "http://127.0.0.1/a/", " ", "http://127.0.0.1/b/", "http://127.0.0.1/a/" };
        Assert.Equal(new[] { "http://127.0.0.1/a/", "http://127.0.0.1/b/" }, TorrentInfo.Load(Encode(torrent)).WebSeeds);
    }

    [Fact]
    public void Hybrid_torrents_load_their_v1_part()
    {
        Dictionary<string, object> torrent = SingleFile();
        Info(torrent)["meta version"] = 2L;
        Info(torrent)["file tree"] = new Dictionary<string, object> { ["file.bin"] = new Dictionary<string, object> { [""] = new Dictionary<string, object> { ["length"] = 100_000L } } };
        TorrentInfo info = TorrentInfo.Load(Encode(torrent));
        Assert.True(info.IsHybrid);
        Assert.Equal(ExpectedInfoHash(torrent), info.InfoHash.ToString());
    }

    [Fact]
    public void A_bad_creation_date_is_ignored_with_a_warning()
    {
        Dictionary<string, object> torrent = SingleFile();
        torrent["creation date"] = long.MaxValue;
        TorrentInfo info = TorrentInfo.Load(Encode(torrent));
        Assert.Null(info.CreationDate);
        Assert.Contains(info.Warnings, w => w.StartsWith("creation date", StringComparison.Ordinal));
    }

    [Fact]
    public void Loading_copies_the_input_so_the_object_stays_immutable()
    {
        byte[] bytes = Encode(SingleFile());
        TorrentInfo info = TorrentInfo.Load(bytes);
        byte[] hash = info.PieceHashes[0];
        Array.Clear(bytes);
        Assert.Equal(hash, info.PieceHashes[0]);
        Assert.Equal("file.bin", info.Name);
    }

    [Fact]
    public void LoadFile_names_the_file_in_errors_and_reads_good_files()
    {
        string dir = Directory.CreateTempSubdirectory("tps-").FullName;
        try
        {
            string good = Path.Combine(dir, "good.torrent");
            File.WriteAllBytes(good, Encode(SingleFile()));
            TorrentInfo info = TorrentInfo.LoadFile(good);
            Assert.Equal(good, info.Source);

            string bad = Path.Combine(dir, "bad.torrent");
            File.WriteAllText(bad, "d4:infoi1ee");
            MetainfoException ex = Assert.Throws<MetainfoException>(() => TorrentInfo.LoadFile(bad));
            Assert.Equal(bad + ": info: is not a dictionary", ex.Message);

            Assert.Throws<FileNotFoundException>(() => TorrentInfo.LoadFile(Path.Combine(dir, "missing.torrent")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_torrent_becomes_a_magnet_link_that_parses_back()
    {
        Dictionary<string, object> torrent = SingleFile(name: "my file.bin");
        torrent["url-list"] = "http://127.0.0.1/seed/";
        TorrentInfo info = TorrentInfo.Load(Encode(torrent));

        MagnetLink link = info.ToMagnetLink();
        MagnetLink parsed = MagnetLink.Parse(link.Uri);

        Assert.Equal(info.InfoHash, parsed.InfoHash);
        Assert.Equal("my file.bin", parsed.DisplayName);
        Assert.Equal(info.AnnounceUrls, parsed.Trackers);
        Assert.Equal(info.WebSeeds, parsed.WebSeeds);
        Assert.Equal(100_000, parsed.ExactLength);
        Assert.StartsWith("magnet:?xt=urn:btih:" + info.InfoHash, link.ToString(), StringComparison.Ordinal);
    }
}
