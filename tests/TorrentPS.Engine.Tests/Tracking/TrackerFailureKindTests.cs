using System.Net;
using System.Net.Sockets;
using TorrentPS.Engine.Tests.Tracking.Doubles;
using TorrentPS.Tracking.Hosting;
using static TorrentPS.Engine.Tests.Tracking.Doubles.UdpPackets;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking;

/// <summary>
/// Every TrackerException carries the kind of failure, set where it is thrown (real failures on loopback), and
/// classification reads that kind, never the message.
/// </summary>
public class TrackerFailureKindTests
{
    private static readonly TrackerSettings Quick = new()
    {
        HttpTimeout = TimeSpan.FromSeconds(1),
        UdpBaseTimeout = TimeSpan.FromMilliseconds(50),
        UdpMaxRetransmissions = 1,
    };

    [Fact]
    public async Task No_answer_in_time_is_a_timeout_over_http_and_udp()
    {
        using var silentHttp = new HttpTrackerDouble((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        using var silentUdp = new UdpTrackerDouble((_, _) => Array.Empty<byte[]>());

        TrackerException http = await AnnounceFailureAsync(silentHttp.AnnounceUrl);
        TrackerException udp = await AnnounceFailureAsync(silentUdp.Url);

        Assert.Equal(TrackerFailureKind.Timeout, http.Kind);
        Assert.StartsWith("no answer within 1 s", http.Problem);
        Assert.Equal(TrackerFailureKind.Timeout, udp.Kind);
        Assert.StartsWith("no UDP connect reply after 2 attempts", udp.Problem);
    }

    [Fact]
    public async Task A_refused_or_reset_connection_is_a_connection_failure()
    {
        using var resetting = new HttpTrackerDouble((_, stream, _) => HttpTrackerDouble.ResetAsync(stream));

        TrackerException closedHttp = await AnnounceFailureAsync($"http://127.0.0.1:{ClosedTcpPort()}/announce");
        TrackerException closedUdp = await AnnounceFailureAsync($"udp://127.0.0.1:{ClosedUdpPort()}/announce");
        TrackerException reset = await AnnounceFailureAsync(resetting.AnnounceUrl);

        Assert.Equal(TrackerFailureKind.Connection, closedHttp.Kind);
        Assert.StartsWith("the HTTP request failed", closedHttp.Problem);
        Assert.Equal(TrackerFailureKind.Connection, closedUdp.Kind);
        Assert.Equal("nothing listens on the UDP port (connection refused).", closedUdp.Problem);
        Assert.Equal(TrackerFailureKind.Connection, reset.Kind);
    }

    [Fact]
    public async Task An_answer_that_cannot_be_used_is_a_protocol_failure()
    {
        using var notBencode = HttpTrackerDouble.Answering(Latin1("<html>busy</html>"));
        using var busy = new HttpTrackerDouble((_, stream, ct) => HttpTrackerDouble.WriteResponseAsync(stream, 503, "Service Unavailable", Latin1("busy"), ct));
        using var wrongAction = new UdpTrackerDouble((request, _) => new[] { AnnounceReply(TransactionId(request), 1, 1, 1, Array.Empty<byte>()) });
        using var shortReply = new UdpTrackerDouble((request, _) => Action(request) == 0
            ? new[] { ConnectReply(TransactionId(request), 42) }
            : new[] { AnnounceReply(TransactionId(request), 1200, 1, 1, new byte[8]) });

        TrackerException[] failures =
        {
            await AnnounceFailureAsync(notBencode.AnnounceUrl),
            await AnnounceFailureAsync(busy.AnnounceUrl),
            await AnnounceFailureAsync(wrongAction.Url),
            await AnnounceFailureAsync(shortReply.Url),
        };

        Assert.All(failures, e => Assert.Equal(TrackerFailureKind.Protocol, e.Kind));
        Assert.All(failures, e => Assert.False(e.IsTrackerFailureReason));
        Assert.StartsWith("the answer is not a bencoded dictionary", failures[0].Problem);
        Assert.StartsWith("HTTP 503 Service Unavailable", failures[1].Problem);
        Assert.StartsWith("the UDP reply has action 1, expected 0", failures[2].Problem);
        Assert.Contains("8 bytes, not a multiple of 6", failures[3].Problem);
    }

    [Fact]
    public async Task A_failure_reason_or_udp_error_is_a_refusal()
    {
        using var http = HttpTrackerDouble.Answering(Latin1("d14:failure reason7:go awaye"));
        using var udp = new UdpTrackerDouble((request, _) => Action(request) == 0
            ? new[] { ConnectReply(TransactionId(request), 42) }
            : new[] { ErrorReply(TransactionId(request), "torrent not allowed") });

        TrackerException fromHttp = await AnnounceFailureAsync(http.AnnounceUrl);
        TrackerException fromUdp = await AnnounceFailureAsync(udp.Url);

        Assert.Equal((TrackerFailureKind.Refused, true), (fromHttp.Kind, fromHttp.IsTrackerFailureReason));
        Assert.Equal("the tracker refused: go away", fromHttp.Problem);
        Assert.Equal((TrackerFailureKind.Refused, true), (fromUdp.Kind, fromUdp.IsTrackerFailureReason));
        Assert.Equal("the tracker refused: torrent not allowed", fromUdp.Problem);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/announce", "not a tracker URL")]
    [InlineData("not a url", "not a tracker URL")]
    [InlineData("udp://127.0.0.1/announce", "a UDP tracker URL needs a port")]
    public async Task A_url_that_cannot_be_used_is_an_invalid_url(string tracker, string problem)
    {
        TrackerException announce = await AnnounceFailureAsync(tracker);
        using var client = new TrackerClient(Quick);
        TrackerException scrape = await Assert.ThrowsAsync<TrackerException>(() => client.ScrapeAsync(tracker, [OtherHash]));

        Assert.Equal(TrackerFailureKind.InvalidUrl, announce.Kind);
        Assert.StartsWith(problem, announce.Problem);
        Assert.Equal(TrackerFailureKind.InvalidUrl, scrape.Kind);
    }

    [Fact]
    public void Classification_reads_the_kind_not_the_words()
    {
        const string Tracker = "udp://127.0.0.1:6969/announce";
        var quiet = new TrackerException(Tracker, "the tracker went quiet.", TrackerFailureKind.Timeout);
        var misleading = new TrackerException(Tracker, "no UDP tracker answers in this format.", TrackerFailureKind.Protocol);

        Assert.Equal(TrackerFailureKind.Timeout, TrackerFailures.Classify(Tracker, quiet));
        Assert.Equal(TrackerFailureKind.Protocol, TrackerFailures.Classify(Tracker, misleading));
        Assert.Equal($"Tracker {Tracker}: the tracker went quiet.", quiet.Message);
        Assert.Equal(TrackerFailureKind.Connection, TrackerFailures.Classify(Tracker, new IOException("broken pipe")));
    }

    [Fact]
    public void Without_a_kind_the_inner_exception_decides()
    {
        const string Tracker = "http://127.0.0.1:1/announce";

        Assert.Equal(TrackerFailureKind.Timeout, new TrackerException(Tracker, "x", new TimeoutException()).Kind);
        Assert.Equal(TrackerFailureKind.Timeout, new TrackerException(Tracker, "x", new TaskCanceledException()).Kind);
        Assert.Equal(TrackerFailureKind.Connection, new TrackerException(Tracker, "x", new SocketException((int)SocketError.ConnectionRefused)).Kind);
        Assert.Equal(TrackerFailureKind.Connection, new TrackerException(Tracker, "x", new FormatException("outer", new IOException("reset"))).Kind);
        Assert.Equal(TrackerFailureKind.Refused, new TrackerException(Tracker, "x", new TrackerException(Tracker, "no", TrackerFailureKind.Refused)).Kind);
        Assert.Equal(TrackerFailureKind.Protocol, new TrackerException(Tracker, "x", new FormatException()).Kind);
        Assert.Equal(TrackerFailureKind.Protocol, new TrackerException(Tracker, "x").Kind);
    }

    private static async Task<TrackerException> AnnounceFailureAsync(string tracker)
    {
        using var client = new TrackerClient(Quick);
        return await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker, Request()));
    }

    private static int ClosedTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static int ClosedUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
