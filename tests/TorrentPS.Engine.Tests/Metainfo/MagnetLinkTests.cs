namespace TorrentPS.Engine.Tests.Metainfo;

public class MagnetLinkTests
{
    private const string Hex = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";

    [Fact]
    public void Parses_every_supported_parameter()
    {
        MagnetLink link = MagnetLink.Parse(
            $"magnet:?xt=urn:btih:{Hex.ToUpperInvariant()}&dn=Ubuntu+22.04%20Desktop&xl=3654957056" +
            "&tr=udp%3A%2F%2F127.0.0.1%3A6969%2Fannounce&tr.1=http://127.0.0.1/announce?key=a%26b" +
            "&ws=http%3A%2F%2F127.0.0.1%2Fseed%2F&x.pe=127.0.0.1:51413&x.pe=[::1]:6881&unknown=1");

        Assert.Equal(Hex, link.InfoHash.ToString());
        Assert.Equal("Ubuntu 22.04 Desktop", link.DisplayName);
        Assert.Equal(3654957056, link.ExactLength);
        Assert.Equal(new[] { "udp://127.0.0.1:6969/announce", "http://127.0.0.1/announce?key=a&b" }, link.Trackers);
        Assert.Equal(new[] { "http://127.0.0.1/seed/" }, link.WebSeeds);
        Assert.Equal(new[] { "127.0.0.1:51413", "[::1]:6881" }, link.Peers);
    }

    [Fact]
    public void Base32_and_hex_forms_name_the_same_torrent()
    {
        InfoHash hash = InfoHash.Parse(Hex);
        MagnetLink fromBase32 = MagnetLink.Parse("magnet:?xt=urn:btih:" + hash.ToBase32());
        MagnetLink fromLowerBase32 = MagnetLink.Parse("MAGNET:?xt=urn:btih:" + hash.ToBase32().ToLowerInvariant());
        Assert.Equal(hash, fromBase32.InfoHash);
        Assert.Equal(hash, fromLowerBase32.InfoHash);
        Assert.Null(fromBase32.DisplayName);
        Assert.Empty(fromBase32.Trackers);
        Assert.Null(fromBase32.ExactLength);
    }

    [Fact]
    public void Hybrid_links_with_a_v2_topic_still_use_the_v1_hash()
    {
        MagnetLink link = MagnetLink.Parse($"magnet:?xt=urn:btmh:1220{new string('a', 64)}&xt=urn:btih:{Hex}");
        Assert.Equal(Hex, link.InfoHash.ToString());
    }

    [Theory]
    [InlineData("http://example.invalid/x.torrent", null, "must start with 'magnet:?'")]
    [InlineData("magnet:?dn=nothing", "xt", "no 'xt=urn:btih:' info-hash")]
    [InlineData("magnet:?xt=urn:btih:1234", "xt", "'1234' is not a BitTorrent info-hash")]
    [InlineData("magnet:?xt=urn:btih:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "xt", "is not a BitTorrent info-hash")]
    [InlineData("magnet:?xt=urn:btmh:1220aaaa", "xt", "v2-only torrents are not supported yet")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xl=-5", "xl", "not a non-negative whole number")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=127.0.0.1", "x.pe", "not a host:port peer address")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=127.0.0.1:99999", "x.pe", "not a host:port peer address")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=::1:6881", "x.pe", "an IPv6 address goes in brackets")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xt=urn:btih:0000000000000000000000000000000000000000", "xt", "two different v1 info-hashes")]
    public void Bad_links_are_rejected_with_the_parameter_named(string uri, string? field, string reason)
    {
        MetainfoException ex = Assert.Throws<MetainfoException>(() => MagnetLink.Parse(uri));
        Assert.Equal(field, ex.Field);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(MagnetLink.TryParse(uri, out MagnetLink? none));
        Assert.Null(none);
    }
}
