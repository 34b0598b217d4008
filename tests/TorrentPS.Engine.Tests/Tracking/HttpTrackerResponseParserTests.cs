using System.Net;
using TorrentPS.Tracking.Http;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking;

public class HttpTrackerResponseParserTests
{
    private const string Tracker = "http://tracker.test/announce";

    private static TrackerAnnounceResult Parse(string body) => HttpTrackerResponseParser.ParseAnnounce(Latin1(body), Tracker, AwkwardHash, TrackerSettings.Default);

    private static TrackerException ParseFails(string body) => Assert.Throws<TrackerException>(() => Parse(body));

    [Fact]
    public void Reads_counts_intervals_tracker_id_and_compact_peers()
    {
        TrackerAnnounceResult result = Parse("d8:completei5e10:incompletei7e8:intervali1800e12:min intervali60e10:tracker id3:xyz5:peers12:\u007f\u0000\u0000\u0001\u001a\u00e1\u000a\u0000\u0000\u0002\u00ff\u00ffe");

        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal(5, result.Seeders);
        Assert.Equal(7, result.Leechers);
        Assert.Equal(TimeSpan.FromSeconds(1800), result.Interval);
        Assert.Equal(TimeSpan.FromSeconds(60), result.MinInterval);
        Assert.Equal("xyz", result.TrackerId);
        Assert.Null(result.Warning);
        Assert.Equal(new[] { "127.0.0.1:6881", "10.0.0.2:65535" }, result.Peers.Select(p => p.ToString()));
        Assert.Equal(AwkwardHash, result.InfoHash);
        Assert.Equal(Tracker, result.Tracker);
    }

    [Fact]
    public void Reads_the_dictionary_peer_form_with_peer_ids()
    {
        TrackerAnnounceResult result = Parse("d8:intervali900e5:peersld2:ip9:127.0.0.27:peer id20:-XX0001-aaaaaaaaaaaa4:porti6882eed2:ip3:::14:porti51413eeee");

        Assert.Equal(2, result.Peers.Count);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), result.Peers[0].Address);
        Assert.Equal(6882, result.Peers[0].Port);
        Assert.Equal("-XX0001-aaaaaaaaaaaa", result.Peers[0].PeerId);
        Assert.Equal("[::1]:51413", result.Peers[1].ToString());
        Assert.Null(result.Peers[1].PeerId);
    }

    [Fact]
    public void Dictionary_peers_named_by_host_name_are_skipped()
    {
        TrackerAnnounceResult result = Parse("d8:intervali900e5:peersld2:ip11:example.com4:porti1eed2:ip8:10.0.0.14:porti2eeee");
        Assert.Equal(new[] { "10.0.0.1:2" }, result.Peers.Select(p => p.ToString()));
    }

    [Fact]
    public void Reads_ipv6_peers_from_peers6()
    {
        string ipv6 = "\u0020\u0001\u000d\u00b8\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001\u001a\u00e1";
        TrackerAnnounceResult result = Parse("d8:intervali900e5:peers6:\u007f\u0000\u0000\u0001\u0000\u00506:peers618:" + ipv6 + "e");

        Assert.Equal(new[] { "127.0.0.1:80", "[2001:db8::1]:6881" }, result.Peers.Select(p => p.ToString()));
        Assert.True(result.Peers[1].IsIPv6);
    }

    [Fact]
    public void A_warning_message_is_kept_with_a_valid_answer()
    {
        TrackerAnnounceResult result = Parse("d8:intervali900e5:peers0:15:warning message12:be nice, plse");
        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal("be nice, pls", result.Warning);
    }

    [Fact]
    public void A_missing_interval_means_the_default_and_a_missing_count_means_unknown()
    {
        TrackerAnnounceResult result = Parse("d5:peers0:e");
        Assert.Equal(TrackerSettings.Default.DefaultInterval, result.Interval);
        Assert.Null(result.MinInterval);
        Assert.Null(result.Seeders);
        Assert.Null(result.Leechers);
        Assert.Empty(result.Peers);
    }

    [Fact]
    public void A_failure_reason_is_an_exception_that_names_tracker_and_reason()
    {
        TrackerException e = ParseFails("d14:failure reason22:torrent not registerede");
        Assert.True(e.IsTrackerFailureReason);
        Assert.Equal(Tracker, e.Tracker);
        Assert.Contains(Tracker, e.Message);
        Assert.Contains("torrent not registered", e.Message);
    }

    [Theory]
    [InlineData("<title>Invalid Request</title>", "<title>Invalid Request</title>")]
    [InlineData("d8:intervali900e5:peers6:\u007f\u0000", "not a bencoded dictionary")]
    [InlineData("d8:intervali900e", "not a bencoded dictionary")]
    [InlineData("li1ee", "not a dictionary")]
    [InlineData("d8:intervali9e5:peers0:ee", "trailing data")]
    [InlineData("", "empty")]
    public void Garbage_and_truncated_bodies_are_clear_errors(string body, string expected)
    {
        TrackerException e = ParseFails(body);
        Assert.Contains(expected, e.Message);
        Assert.Contains(Tracker, e.Message);
    }

    [Fact]
    public void A_trailing_newline_is_tolerated()
    {
        Assert.Equal(TimeSpan.FromSeconds(900), Parse("d8:intervali900e5:peers0:e\r\n").Interval);
    }

    [Theory]
    [InlineData("d8:intervali900e5:peers7:\u007f\u0000\u0000\u0001\u001a\u00e1\u0000e", "7 bytes, not a multiple of 6")]
    [InlineData("d8:intervali900e6:peers617:12345678901234567e", "\"peers6\" list is 17 bytes")]
    [InlineData("d8:intervali900e5:peersi3ee", "neither a compact string nor a list")]
    [InlineData("d8:intervali900e5:peersli1eee", "peer 0")]
    [InlineData("d8:intervali900e5:peersld2:ip8:10.0.0.1eee", "lacks \"ip\" or \"port\"")]
    [InlineData("d8:intervali900e5:peersld2:ip8:10.0.0.14:porti70000eeee", "port 70000")]
    [InlineData("d8:interval3:abc5:peers0:e", "\"interval\" is not an integer")]
    [InlineData("d8:completele5:peers0:e", "\"complete\" is not an integer")]
    public void Malformed_fields_are_clear_errors(string body, string expected)
    {
        Assert.Contains(expected, ParseFails(body).Message);
    }

    [Fact]
    public void Scrape_reads_each_requested_hash_and_marks_unknown_ones()
    {
        string key = Latin1String(OtherHash);
        byte[] body = Latin1("d5:filesd20:" + key + "d8:completei3e10:downloadedi9e10:incompletei4eeee");

        IReadOnlyList<TrackerScrapeResult> results = HttpTrackerResponseParser.ParseScrape(body, Tracker, new[] { OtherHash, AwkwardHash });

        Assert.Equal(2, results.Count);
        Assert.Equal((3, 9, 4), (results[0].Seeders!.Value, results[0].Completed!.Value, results[0].Leechers!.Value));
        Assert.Equal(TrackerStatus.Success, results[0].Status);
        Assert.Equal(AwkwardHash, results[1].InfoHash);
        Assert.Equal(TrackerStatus.Failed, results[1].Status);
        Assert.Contains("does not know this torrent", results[1].Error);
    }

    [Fact]
    public void Scrape_without_files_is_an_error()
    {
        var e = Assert.Throws<TrackerException>(() => HttpTrackerResponseParser.ParseScrape(Latin1("d1:xi1ee"), Tracker, new[] { OtherHash }));
        Assert.Contains("\"files\"", e.Message);
    }

    private static string Latin1String(InfoHash hash) => System.Text.Encoding.Latin1.GetString(hash.ToArray());
}
