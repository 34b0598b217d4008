using TorrentPS.Tracking.Http;

namespace TorrentPS.Engine.Tests.Tracking;

public class ScrapeUrlTests
{
    // The examples of BEP 48 ("announce" as the start of the last path segment), plus query strings.
    [Theory]
    [InlineData("http://example.com/announce", "http://example.com/scrape")]
    [InlineData("http://example.com/x/announce", "http://example.com/x/scrape")]
    [InlineData("http://example.com/announce.php", "http://example.com/scrape.php")]
    [InlineData("http://example.com/a", null)]
    [InlineData("http://example.com/announce?x2%0644", "http://example.com/scrape?x2%0644")]
    [InlineData("http://example.com/announce?x=2/4", "http://example.com/scrape?x=2/4")]
    [InlineData("http://example.com/x%064announce", null)]
    [InlineData("https://example.com:8443/tracker/announce?passkey=abc", "https://example.com:8443/tracker/scrape?passkey=abc")]
    [InlineData("http://example.com/announce/", null)]
    [InlineData("http://announce", null)]
    public void Follows_the_bep48_rule(string announce, string? expected)
    {
        Assert.Equal(expected, ScrapeUrl.FromAnnounceUrl(announce));
        Assert.Equal(expected, TrackerClient.GetScrapeUrl(announce));
    }

    [Fact]
    public void Udp_trackers_scrape_at_their_announce_url()
    {
        Assert.Equal("udp://t:80/announce", TrackerClient.GetScrapeUrl("udp://t:80/announce"));
    }

    [Fact]
    public void Several_info_hashes_go_in_one_request()
    {
        string url = ScrapeUrl.Build("http://t/scrape?k=1", new[] { TrackingTestData.OtherHash, TrackingTestData.AwkwardHash });
        Assert.Equal(
            "http://t/scrape?k=1&info_hash=%01%23Eg%89%AB%CD%EF%01%23Eg%89%AB%CD%EF%01%23Eg&info_hash=%00%01%20%25%26%2B%3D%3FA~%7F%80%C3%28%FF%FE-._a",
            url);
    }
}
