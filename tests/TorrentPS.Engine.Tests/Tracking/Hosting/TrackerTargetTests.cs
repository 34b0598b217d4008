using TorrentPS.Engine.Tests.Metainfo;
using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Engine.Tests.Tracking.Hosting;

/// <summary>Torrents, magnet links and bare info-hashes reduced to what a tracker is asked about.</summary>
public class TrackerTargetTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void A_torrent_gives_its_hash_its_tiers_and_its_content_size_as_left()
    {
        var root = TestTorrent.SingleFile(length: 70_000, name: "movie.mkv");
        root["announce-list"] = new List<object>
        {
            new List<object> { "http://127.0.0.1:1/announce", "http://127.0.0.1:2/announce" },
            new List<object> { "udp://127.0.0.1:3" },
        };
        TorrentInfo torrent = TorrentInfo.Load(TestTorrent.Encode(root));

        TrackerTarget target = TrackerTarget.FromTorrent(torrent);

        Assert.Equal(torrent.InfoHash, target.InfoHash);
        Assert.Equal("movie.mkv", target.Name);
        Assert.Equal(70_000, target.Left);
        Assert.Equal([["http://127.0.0.1:1/announce", "http://127.0.0.1:2/announce"], ["udp://127.0.0.1:3"]], target.Tiers.Select(t => t.ToArray()).ToArray());
        Assert.Same(torrent, target.Source);
        Assert.Equal($"movie.mkv ({torrent.InfoHash})", target.ToString());
    }

    [Fact]
    public void A_magnet_link_makes_each_tracker_a_tier_and_uses_its_exact_length()
    {
        MagnetLink link = MagnetLink.Parse($"magnet:?xt=urn:btih:{Hash}&dn=thing&xl=1234&tr=http%3A%2F%2F127.0.0.1%3A1%2Fannounce&tr=udp%3A%2F%2F127.0.0.1%3A2");

        TrackerTarget target = TrackerTarget.FromMagnetLink(link);

        Assert.Equal(Hash, target.InfoHash.ToString());
        Assert.Equal("thing", target.Name);
        Assert.Equal(1234, target.Left);
        Assert.Equal([["http://127.0.0.1:1/announce"], ["udp://127.0.0.1:2"]], target.Tiers.Select(t => t.ToArray()).ToArray());
    }

    [Fact]
    public void Without_a_size_or_a_name_a_magnet_link_is_not_announced_as_a_seeder()
    {
        TrackerTarget target = TrackerTarget.FromMagnetLink(MagnetLink.Parse($"magnet:?xt=urn:btih:{Hash}"));

        Assert.Equal(TrackerTarget.UnknownSizeLeft, target.Left);
        Assert.True(target.Left > 0);
        Assert.Equal(Hash, target.Name);
        Assert.Empty(target.Tiers);
    }

    [Fact]
    public void A_bare_info_hash_names_no_tracker()
    {
        TrackerTarget target = TrackerTarget.FromInfoHash(InfoHash.Parse(Hash));

        Assert.Empty(target.Tiers);
        Assert.Equal(InfoHash.Parse(Hash), target.Source);
    }

    [Fact]
    public void FromInput_reads_magnet_links_files_and_hashes()
    {
        using var folder = new TempFolder();
        byte[] bytes = TestTorrent.Encode(TestTorrent.SingleFile());
        string path = folder.Combine("a.torrent");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(TorrentInfo.Load(bytes).InfoHash, TrackerTarget.FromInput(path).InfoHash);
        Assert.IsType<TorrentInfo>(TrackerTarget.FromInput(path).Source);
        Assert.IsType<MagnetLink>(TrackerTarget.FromInput($"MAGNET:?xt=urn:btih:{Hash}").Source);
        Assert.IsType<InfoHash>(TrackerTarget.FromInput(Hash).Source);
        Assert.Equal(Hash, TrackerTarget.FromInput(InfoHash.Parse(Hash).ToBase32()).InfoHash.ToString());
    }

    [Fact]
    public void FromInput_prefers_a_file_whose_name_looks_like_a_hash()
    {
        using var folder = new TempFolder();
        byte[] bytes = TestTorrent.Encode(TestTorrent.SingleFile());
        string path = folder.Combine(Hash);
        File.WriteAllBytes(path, bytes);

        Assert.Equal(TorrentInfo.Load(bytes).InfoHash, TrackerTarget.FromInput(path).InfoHash);
        Assert.NotEqual(Hash, TorrentInfo.Load(bytes).InfoHash.ToString());
    }

    [Fact]
    public void FromInput_reports_bad_input_with_the_layers_exceptions()
    {
        using var folder = new TempFolder();
        string broken = folder.Combine("broken.torrent");
        File.WriteAllText(broken, "d8:announce");

        Assert.Throws<FileNotFoundException>(() => TrackerTarget.FromInput(folder.Combine("missing.torrent")));
        Assert.Throws<MetainfoException>(() => TrackerTarget.FromInput(broken));
        Assert.Throws<MetainfoException>(() => TrackerTarget.FromInput("magnet:?dn=no-hash"));
        var e = Assert.Throws<IOException>(() => TrackerTarget.FromInput(folder.Path));
        Assert.Contains("is a directory", e.Message);
    }
}
