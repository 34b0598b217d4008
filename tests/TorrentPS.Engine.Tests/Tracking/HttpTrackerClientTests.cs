using System.IO.Compression;
using System.Text;
using TorrentPS.Engine.Tests.Tracking.Doubles;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking;

/// <summary>TrackerClient over HTTP against a hand-driven server on loopback.</summary>
public class HttpTrackerClientTests
{
    private static readonly byte[] GoodBody = Latin1("d8:completei1e10:incompletei2e8:intervali600e5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e");

    [Fact]
    public async Task Announce_sends_binary_fields_intact_and_reads_the_answer()
    {
        using var tracker = HttpTrackerDouble.Answering(GoodBody);
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.AnnounceUrl + "?passkey=s3cret", Request().WithTrackerId("tid-1"));

        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal("127.0.0.1:6881", Assert.Single(result.Peers).ToString());
        Assert.Equal((1, 2), (result.Seeders!.Value, result.Leechers!.Value));
        HttpDoubleRequest request = Assert.Single(tracker.Requests);
        Assert.Equal("/announce", request.Path);
        Assert.Equal("s3cret", request.RawValue("passkey"));
        Assert.Equal(AwkwardHash.ToArray(), request.Bytes("info_hash"));
        Assert.Equal(PeerId, request.Bytes("peer_id"));
        Assert.Equal("tid-1", request.RawValue("trackerid"));
        Assert.Equal("1", request.RawValue("compact"));
        Assert.Contains("gzip", request.Headers["Accept-Encoding"]);
    }

    [Fact]
    public async Task A_failure_reason_becomes_a_tracker_exception()
    {
        using var tracker = HttpTrackerDouble.Answering(Latin1("d14:failure reason15:go away, pleasee"));
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.True(e.IsTrackerFailureReason);
        Assert.Equal(tracker.AnnounceUrl, e.Tracker);
        Assert.Contains("go away, please", e.Message);
    }

    [Fact]
    public async Task A_warning_message_arrives_with_the_peers()
    {
        using var tracker = HttpTrackerDouble.Answering(Latin1("d8:intervali600e5:peers6:\u007f\u0000\u0000\u0001\u0000\u005015:warning message9:slow downe"));
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.AnnounceUrl, Request());

        Assert.Equal("slow down", result.Warning);
        Assert.Single(result.Peers);
    }

    [Fact]
    public async Task Garbage_is_reported_with_what_the_tracker_sent()
    {
        using var tracker = HttpTrackerDouble.Answering(Encoding.ASCII.GetBytes("<html>Service Unavailable</html>"));
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("not a bencoded dictionary", e.Message);
        Assert.Contains("<html>Service Unavailable</html>", e.Message);
    }

    [Fact]
    public async Task A_body_cut_short_of_its_content_length_is_an_error()
    {
        using var tracker = new HttpTrackerDouble(async (_, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 500\r\nConnection: close\r\n\r\n"), ct);
            await stream.WriteAsync(GoodBody.AsMemory(0, 20), ct);
        });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains(tracker.AnnounceUrl, e.Message);
        Assert.Contains("connection broke", e.Message);
    }

    [Fact]
    public async Task A_body_cut_short_without_a_length_is_truncated_bencode()
    {
        using var tracker = new HttpTrackerDouble(async (_, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"), ct);
            await stream.WriteAsync(GoodBody.AsMemory(0, 30), ct);
        });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("not a bencoded dictionary", e.Message);
    }

    [Fact]
    public async Task A_100_MB_body_is_refused_after_reading_no_more_than_the_limit()
    {
        long written = 0;
        using var tracker = new HttpTrackerDouble(async (_, stream, ct) =>
        {
            // No Content-Length: the client cannot know the size up front and must stop reading on its own.
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"), ct);
            byte[] chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (int i = 0; i < 100 * 16; i++)
            {
                await stream.WriteAsync(chunk, ct);
                Interlocked.Add(ref written, chunk.Length);
            }
        });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains($"longer than the limit of {FastSettings.MaxResponseBytes} bytes", e.Message);
        Assert.True(Interlocked.Read(ref written) < 100L * 1024 * 1024, "the client read the whole 100 MB");
    }

    [Fact]
    public async Task A_declared_100_MB_body_is_refused_before_reading_it()
    {
        using var tracker = new HttpTrackerDouble(async (_, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\nConnection: close\r\n\r\nd"), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("104857600 bytes, more than the limit", e.Message);
    }

    [Fact]
    public async Task A_tracker_that_never_answers_times_out()
    {
        using var tracker = new HttpTrackerDouble((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        using var client = new TrackerClient(new TrackerSettings { HttpTimeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("no answer within 0.3 s", e.Message);
        Assert.Contains(tracker.AnnounceUrl, e.Message);
    }

    [Fact]
    public async Task A_body_that_stalls_half_way_times_out()
    {
        using var tracker = new HttpTrackerDouble(async (_, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nd8:inter"), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new TrackerClient(new TrackerSettings { HttpTimeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("no answer within", e.Message);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_reported_as_a_timeout()
    {
        using var tracker = new HttpTrackerDouble((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        using var client = new TrackerClient(FastSettings);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request(), cancel.Token));
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(500, "Internal Server Error")]
    public async Task A_non_200_status_is_an_error_naming_the_status(int status, string reason)
    {
        using var tracker = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, status, reason, Encoding.ASCII.GetBytes("<title>nope</title>"), ct));
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains($"HTTP {status} {reason}", e.Message);
        Assert.Contains("<title>nope</title>", e.Message);
    }

    [Fact]
    public async Task Redirects_are_followed_relative_and_absolute()
    {
        HttpTrackerDouble? target = null;
        using var final = HttpTrackerDouble.Answering(GoodBody);
        target = final;
        using var tracker = new HttpTrackerDouble((request, stream, ct) => request.Path switch
        {
            "/announce" => HttpTrackerDouble.WriteResponseAsync(stream, 302, "Found", Array.Empty<byte>(), ct, ("Location", "/moved?" + request.Query)),
            _ => HttpTrackerDouble.WriteResponseAsync(stream, 301, "Moved Permanently", Array.Empty<byte>(), ct, ("Location", target.BaseUrl + "/real?" + request.Query)),
        });
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.AnnounceUrl, Request());

        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal(tracker.AnnounceUrl, result.Tracker);
        Assert.Equal(new[] { "/announce", "/moved" }, tracker.Requests.Select(r => r.Path));
        Assert.Equal(AwkwardHash.ToArray(), Assert.Single(final.Requests).Bytes("info_hash"));
    }

    [Fact]
    public async Task A_redirect_loop_stops_at_the_limit()
    {
        using var tracker = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, 302, "Found", Array.Empty<byte>(), ct, ("Location", "/announce")));
        using var client = new TrackerClient(new TrackerSettings { MaxRedirects = 3, HttpTimeout = TimeSpan.FromSeconds(5) });

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("more than 3 redirects", e.Message);
        Assert.Equal(4, tracker.Requests.Count);
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_is_refused()
    {
        using var tracker = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, 302, "Found", Array.Empty<byte>(), ct, ("Location", "ftp://127.0.0.1/x")));
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("not an http or https URL", e.Message);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Compressed_bodies_are_decoded(string encoding)
    {
        using var tracker = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, 200, "OK", Compress(GoodBody, encoding), ct, ("Content-Encoding", encoding)));
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.AnnounceUrl, Request());

        Assert.Equal(TimeSpan.FromSeconds(600), result.Interval);
        Assert.Single(result.Peers);
    }

    [Fact]
    public async Task A_gzip_bomb_is_bounded_by_the_decompressed_size()
    {
        byte[] bomb = Compress(new byte[10 * 1024 * 1024], "gzip");
        using var tracker = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, 200, "OK", bomb, ct, ("Content-Encoding", "gzip")));
        using var client = new TrackerClient(new TrackerSettings { MaxResponseBytes = 1024 * 1024 });

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("longer than the limit of 1048576 bytes", e.Message);
    }

    [Fact]
    public async Task A_corrupt_gzip_body_is_a_clear_error()
    {
        using var tracker = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, 200, "OK", Encoding.ASCII.GetBytes("definitely not gzip"), ct, ("Content-Encoding", "gzip")));
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains(tracker.AnnounceUrl, e.Message);
        Assert.Contains("compressed answer is corrupt", e.Message);
    }

    [Fact]
    public async Task Ipv6_peers_arrive_from_peers6()
    {
        byte[] body = Latin1("d8:intervali600e5:peers0:6:peers618:\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001\u00c8\u00d5e");
        using var tracker = HttpTrackerDouble.Answering(body);
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.AnnounceUrl, Request());

        Assert.Equal("[::1]:51413", Assert.Single(result.Peers).ToString());
    }

    [Fact]
    public async Task Nothing_listening_is_a_clear_error()
    {
        int port;
        using (var probe = HttpTrackerDouble.Answering(GoodBody))
        {
            port = probe.Port;
        }

        using var client = new TrackerClient(FastSettings);
        string url = $"http://127.0.0.1:{port}/announce";

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(url, Request()));

        Assert.Contains(url, e.Message);
        Assert.Contains("HTTP request failed", e.Message);
    }

    [Fact]
    public async Task A_connection_reset_before_any_answer_is_retried_once()
    {
        int connections = 0;
        using var tracker = new HttpTrackerDouble((_, stream, ct) => Interlocked.Increment(ref connections) == 1
            ? HttpTrackerDouble.ResetAsync(stream)
            : HttpTrackerDouble.WriteResponseAsync(stream, 200, "OK", GoodBody, ct));
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.AnnounceUrl, Request());

        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal(2, tracker.Requests.Count);
    }

    [Fact]
    public async Task A_tracker_that_keeps_resetting_is_an_error_after_the_retry()
    {
        using var tracker = new HttpTrackerDouble((_, stream, _) => HttpTrackerDouble.ResetAsync(stream));
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.AnnounceUrl, Request()));

        Assert.Contains("HTTP request failed", e.Message);
        Assert.Equal(2, tracker.Requests.Count);
    }

    [Theory]
    [InlineData("ftp://example.com/announce")]
    [InlineData("not a url")]
    public async Task Urls_that_are_not_trackers_are_refused(string url)
    {
        using var client = new TrackerClient(FastSettings);
        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(url, Request()));
        Assert.Contains("not a tracker URL", e.Message);
    }

    [Fact]
    public async Task Scrape_asks_for_several_hashes_at_the_bep48_url()
    {
        string files = "d5:filesd20:" + Encoding.Latin1.GetString(OtherHash.ToArray()) + "d8:completei3e10:downloadedi9e10:incompletei4ee20:"
                       + Encoding.Latin1.GetString(AwkwardHash.ToArray()) + "d8:completei0e10:downloadedi1e10:incompletei2eeee";
        using var tracker = HttpTrackerDouble.Answering(Latin1(files));
        using var client = new TrackerClient(FastSettings);

        IReadOnlyList<TrackerScrapeResult> results = await client.ScrapeAsync(tracker.AnnounceUrl + "?k=v", new[] { AwkwardHash, OtherHash });

        HttpDoubleRequest request = Assert.Single(tracker.Requests);
        Assert.Equal("/scrape", request.Path);
        Assert.Equal("v", request.RawValue("k"));
        Assert.Equal(new[] { AwkwardHash.ToArray(), OtherHash.ToArray() }, request.RawValues("info_hash").Select(HttpDoubleRequest.PercentDecode));
        Assert.Equal(new[] { (0, 1, 2), (3, 9, 4) }, results.Select(r => (r.Seeders!.Value, r.Completed!.Value, r.Leechers!.Value)));
    }

    [Fact]
    public async Task Scrape_of_a_tracker_without_a_scrape_url_says_so()
    {
        using var client = new TrackerClient(FastSettings);
        var e = await Assert.ThrowsAsync<TrackerException>(() => client.ScrapeAsync("http://127.0.0.1:1/tracker.php", new[] { OtherHash }));
        Assert.Contains("does not support scrape", e.Message);
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Optimal) : new ZLibStream(output, CompressionLevel.Optimal))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
