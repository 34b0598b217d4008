using System.Net;
using System.Net.Sockets;
using TorrentPS.Engine.Tests.Tracking.Doubles;
using TorrentPS.Tracking;
using TorrentPS.Tracking.Hosting;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking.Hosting;

/// <summary>Real failures on loopback, sorted into the kinds hosts turn into error categories.</summary>
public class TrackerFailuresTests
{
    private static readonly TrackerSettings Quick = new()
    {
        HttpTimeout = TimeSpan.FromSeconds(2),
        UdpBaseTimeout = TimeSpan.FromMilliseconds(50),
        UdpMaxRetransmissions = 1,
    };

    [Fact]
    public async Task A_closed_http_port_is_a_connection_failure()
    {
        Assert.Equal(TrackerFailureKind.Connection, await ClassifyAnnounceAsync($"http://127.0.0.1:{ClosedTcpPort()}/announce"));
    }

    [Fact]
    public async Task A_tracker_that_never_answers_over_http_is_a_timeout()
    {
        using var silent = new HttpTrackerDouble((_, _, ct) => Task.Delay(Timeout.Infinite, ct));

        Assert.Equal(TrackerFailureKind.Timeout, await ClassifyAnnounceAsync(silent.AnnounceUrl));
    }

    [Fact]
    public async Task A_tracker_that_never_answers_over_udp_is_a_timeout()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;

        Assert.Equal(TrackerFailureKind.Timeout, await ClassifyAnnounceAsync($"udp://127.0.0.1:{port}/announce"));
    }

    [Fact]
    public async Task A_failure_reason_is_a_refusal()
    {
        using var tracker = HttpTrackerDouble.Answering(Latin1("d14:failure reason7:go awaye"));

        Assert.Equal(TrackerFailureKind.Refused, await ClassifyAnnounceAsync(tracker.AnnounceUrl));
    }

    [Theory]
    [InlineData("<html>not bencode</html>")]
    [InlineData("d8:intervali600e5:peers5:12345e")]
    public async Task An_unusable_answer_is_a_protocol_failure(string body)
    {
        using var tracker = HttpTrackerDouble.Answering(Latin1(body));

        Assert.Equal(TrackerFailureKind.Protocol, await ClassifyAnnounceAsync(tracker.AnnounceUrl));
    }

    [Fact]
    public async Task An_http_error_status_is_a_protocol_failure()
    {
        using var tracker = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, 503, "Service Unavailable", Latin1("busy"), ct));

        Assert.Equal(TrackerFailureKind.Protocol, await ClassifyAnnounceAsync(tracker.AnnounceUrl));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/announce")]
    [InlineData("not a url")]
    [InlineData("127.0.0.1:6969")]
    public async Task A_url_no_client_can_use_is_an_invalid_url(string tracker)
    {
        Assert.False(TrackerFailures.IsTrackerUrl(tracker));
        Assert.Equal(TrackerFailureKind.InvalidUrl, await ClassifyAnnounceAsync(tracker));
    }

    [Fact]
    public async Task Scrape_failures_are_sorted_the_same_way()
    {
        using var client = new TrackerClient(Quick);
        string closed = $"http://127.0.0.1:{ClosedTcpPort()}/announce";

        TrackerScrapeResult result = Assert.Single(await client.ScrapeEachAsync([closed], [OtherHash]));

        Assert.Equal(TrackerFailureKind.Connection, TrackerFailures.Classify(result));
    }

    [Fact]
    public void Without_an_exception_a_failure_counts_as_protocol()
    {
        Assert.Equal(TrackerFailureKind.Protocol, TrackerFailures.Classify("http://127.0.0.1:1/announce", null));
        Assert.Equal(TrackerFailureKind.Timeout, TrackerFailures.Classify("udp://127.0.0.1:1", new TrackerException("udp://127.0.0.1:1", "x", new TimeoutException())));
        Assert.True(TrackerFailures.IsTrackerUrl("udp://tracker.example:6969"));
        Assert.True(TrackerFailures.IsTrackerUrl("https://tracker.example/announce"));
    }

    private static async Task<TrackerFailureKind> ClassifyAnnounceAsync(string tracker)
    {
        using var client = new TrackerClient(Quick);
        IReadOnlyList<TrackerAnnounceResult> results = await client.AnnounceToTiersAsync(TrackerTiers.InOrder([tracker]), Request(OtherHash));
        TrackerAnnounceResult result = Assert.Single(results);
        Assert.Equal(TrackerStatus.Failed, result.Status);
        return TrackerFailures.Classify(result);
    }

    private static int ClosedTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
