using TorrentPS.Engine.Tests.Tracking.Doubles;
using TorrentPS.Tracking.Http;

namespace TorrentPS.Engine.Tests.Tracking;

public class HttpAnnounceUrlTests
{
    [Fact]
    public void Every_byte_value_is_percent_encoded_except_unreserved_characters()
    {
        const string unreserved = "-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~";
        for (int value = 0; value < 256; value++)
        {
            string encoded = TrackerUrlEncoding.PercentEncode(new[] { (byte)value });
            string expected = unreserved.Contains((char)value) ? ((char)value).ToString() : $"%{value:X2}";
            Assert.Equal(expected, encoded);
        }

        byte[] all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal(all, HttpDoubleRequest.PercentDecode(TrackerUrlEncoding.PercentEncode(all)));
    }

    [Fact]
    public void Announce_carries_the_info_hash_and_peer_id_as_raw_bytes_and_every_field()
    {
        AnnounceRequest request = TrackingTestData.Request();
        request = request.WithProgress(uploaded: 12, downloaded: 34, left: 56).WithTrackerId("abc def");

        var url = new Uri(HttpAnnounceUrl.Build("http://tracker.example/announce", request));
        var parsed = new HttpDoubleRequest("GET", url.PathAndQuery, new Dictionary<string, string>());

        Assert.Equal(TrackingTestData.AwkwardHash.ToArray(), parsed.Bytes("info_hash"));
        Assert.Equal("%00%01%20%25%26%2B%3D%3FA~%7F%80%C3%28%FF%FE-._a", parsed.RawValue("info_hash"));
        Assert.Equal(TrackingTestData.PeerId, parsed.Bytes("peer_id"));
        Assert.Equal("6881", parsed.RawValue("port"));
        Assert.Equal("12", parsed.RawValue("uploaded"));
        Assert.Equal("34", parsed.RawValue("downloaded"));
        Assert.Equal("56", parsed.RawValue("left"));
        Assert.Equal("1", parsed.RawValue("compact"));
        Assert.Equal("started", parsed.RawValue("event"));
        Assert.Equal("50", parsed.RawValue("numwant"));
        Assert.Equal("DEADBEEF", parsed.RawValue("key"));
        Assert.Equal("abc%20def", parsed.RawValue("trackerid"));
    }

    [Theory]
    [InlineData(TrackerEvent.Completed, "completed")]
    [InlineData(TrackerEvent.Stopped, "stopped")]
    [InlineData(TrackerEvent.None, null)]
    public void Event_is_named_or_left_out_for_a_regular_announce(TrackerEvent trackerEvent, string? expected)
    {
        string url = HttpAnnounceUrl.Build("http://t/announce", TrackingTestData.Request(trackerEvent: trackerEvent));
        var parsed = new HttpDoubleRequest("GET", new Uri(url).PathAndQuery, new Dictionary<string, string>());
        Assert.Equal(expected, parsed.RawValue("event"));
    }

    [Fact]
    public void Negative_numwant_and_missing_tracker_id_are_left_out()
    {
        AnnounceRequest request = TrackingTestData.Request();
        string url = HttpAnnounceUrl.Build("http://t/announce", new AnnounceRequest(request.InfoHash, request.PeerId.Span, 1) { NumWant = -1 });
        Assert.DoesNotContain("numwant=", url);
        Assert.DoesNotContain("trackerid=", url);
    }

    [Theory]
    [InlineData("http://t/announce?passkey=abc", "http://t/announce?passkey=abc&info_hash=")]
    [InlineData("http://t/announce?", "http://t/announce?info_hash=")]
    [InlineData("http://t/announce?passkey=abc&", "http://t/announce?passkey=abc&info_hash=")]
    [InlineData("http://t/announce", "http://t/announce?info_hash=")]
    public void A_query_string_already_in_the_announce_url_is_kept(string announceUrl, string expectedStart)
    {
        string url = HttpAnnounceUrl.Build(announceUrl, TrackingTestData.Request());
        Assert.StartsWith(expectedStart, url);
    }

    [Fact]
    public void A_fragment_stays_at_the_end()
    {
        string url = HttpAnnounceUrl.AppendQuery("http://t/announce?a=1#frag", "b=2");
        Assert.Equal("http://t/announce?a=1&b=2#frag", url);
    }
}
