using System.Buffers.Binary;
using System.Net;
using TorrentPS.Engine.Tests.Tracking.Doubles;
using static TorrentPS.Engine.Tests.Tracking.Doubles.UdpPackets;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking;

/// <summary>TrackerClient over BEP 15 against a hand-driven UDP socket on loopback.</summary>
public class UdpTrackerClientTests
{
    private const long ConnectionIdA = 0x1122334455667788;

    private static readonly byte[] TwoPeers = Concat(Peer("127.0.0.1", 6881), Peer("10.1.2.3", 51413));

    /// <summary>A tracker that behaves: connect gives <see cref="ConnectionIdA"/>, announce gives two peers, scrape gives counts.</summary>
    private static byte[][] WellBehaved(byte[] request, int index) => Action(request) switch
    {
        0 => new[] { ConnectReply(TransactionId(request), ConnectionIdA) },
        1 => new[] { AnnounceReply(TransactionId(request), 1200, leechers: 4, seeders: 3, TwoPeers) },
        2 => new[] { ScrapeReply(TransactionId(request), Enumerable.Range(0, (request.Length - 16) / 20).Select(i => (i + 1, i + 10, i + 100)).ToArray()) },
        _ => Array.Empty<byte[]>(),
    };

    [Fact]
    public async Task Connect_then_announce_with_every_field_in_place()
    {
        using var tracker = new UdpTrackerDouble(WellBehaved);
        using var client = new TrackerClient(FastSettings);
        AnnounceRequest request = Request().WithProgress(uploaded: 300, downloaded: 200, left: 100);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.Url, request);

        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(1200), result.Interval);
        Assert.Equal((3, 4), (result.Seeders!.Value, result.Leechers!.Value));
        Assert.Equal(new[] { "127.0.0.1:6881", "10.1.2.3:51413" }, result.Peers.Select(p => p.ToString()));

        byte[] connect = tracker.Received.First(p => Action(p) == 0);
        Assert.Equal(16, connect.Length);
        Assert.Equal(0x41727101980, BinaryPrimitives.ReadInt64BigEndian(connect));
        Assert.Equal(0, Action(connect));

        byte[] announce = tracker.Received.First(p => Action(p) == 1);
        Assert.Equal(98, announce.Length);
        Assert.Equal(ConnectionIdA, ConnectionId(announce));
        Assert.Equal(1, Action(announce));
        Assert.Equal(AwkwardHash.ToArray(), announce[16..36]);
        Assert.Equal(PeerId, announce[36..56]);
        Assert.Equal(200, BinaryPrimitives.ReadInt64BigEndian(announce.AsSpan(56)));
        Assert.Equal(100, BinaryPrimitives.ReadInt64BigEndian(announce.AsSpan(64)));
        Assert.Equal(300, BinaryPrimitives.ReadInt64BigEndian(announce.AsSpan(72)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(announce.AsSpan(80)));
        Assert.Equal(0xDEADBEEF, BinaryPrimitives.ReadUInt32BigEndian(announce.AsSpan(88)));
        Assert.Equal(50, BinaryPrimitives.ReadInt32BigEndian(announce.AsSpan(92)));
        Assert.Equal(6881, BinaryPrimitives.ReadUInt16BigEndian(announce.AsSpan(96)));
        Assert.NotEqual(TransactionId(connect), TransactionId(announce));
    }

    [Fact]
    public async Task A_connection_id_is_reused_for_a_minute_and_then_renewed()
    {
        using var tracker = new UdpTrackerDouble(WellBehaved);
        var clock = new FakeTrackerClock();
        using var client = new TrackerClient(FastSettings, clock);

        await client.AnnounceAsync(tracker.Url, Request());
        clock.Advance(TimeSpan.FromSeconds(59));
        await client.AnnounceAsync(tracker.Url, Request(trackerEvent: TrackerEvent.None));
        Assert.Equal(1, tracker.CountDistinctRequests(0));
        Assert.Equal(2, tracker.CountDistinctRequests(1));

        clock.Advance(TimeSpan.FromSeconds(2));
        await client.AnnounceAsync(tracker.Url, Request(trackerEvent: TrackerEvent.None));
        Assert.Equal(2, tracker.CountDistinctRequests(0));
        Assert.Equal(3, tracker.CountDistinctRequests(1));
    }

    [Fact]
    public async Task Replies_with_a_wrong_transaction_id_or_too_short_are_ignored()
    {
        using var tracker = new UdpTrackerDouble((request, index) => Action(request) switch
        {
            0 => new[] { ConnectReply(TransactionId(request) + 1, 99), new byte[] { 0, 0, 0 }, ConnectReply(TransactionId(request), ConnectionIdA) },
            _ => new[] { AnnounceReply(TransactionId(request) ^ 0x5555, 1, 1, 1, Array.Empty<byte>()), AnnounceReply(TransactionId(request), 1200, 4, 3, TwoPeers) },
        });
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.Url, Request());

        Assert.Equal(2, result.Peers.Count);
        Assert.Equal(ConnectionIdA, ConnectionId(tracker.Received.First(p => Action(p) == 1)));
        Assert.Equal((1, 1), (tracker.CountDistinctRequests(0), tracker.CountDistinctRequests(1)));
    }

    [Fact]
    public async Task Only_wrong_transaction_ids_end_in_an_error_that_says_so()
    {
        using var tracker = new UdpTrackerDouble((request, _) => new[] { ConnectReply(TransactionId(request) + 1, 1), new byte[] { 1, 2 } });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.Url, Request()));

        Assert.Contains("no UDP connect reply after 3 attempts", e.Message);
        Assert.Matches("ignored [1-3] replies with a wrong transaction id and [1-3] too short to read", e.Message);
        Assert.Contains(tracker.Url, e.Message);
    }

    [Fact]
    public async Task A_truncated_announce_reply_is_an_error()
    {
        using var tracker = new UdpTrackerDouble((request, _) => Action(request) == 0
            ? new[] { ConnectReply(TransactionId(request), ConnectionIdA) }
            : new[] { AnnounceReply(TransactionId(request), 1200, 4, 3, Array.Empty<byte>())[..12] });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.Url, Request()));

        Assert.Contains("announce reply is 12 bytes, expected at least 20", e.Message);
    }

    [Fact]
    public async Task A_bare_announce_header_is_reported_as_an_empty_reply()
    {
        using var tracker = new UdpTrackerDouble((request, _) => Action(request) == 0
            ? new[] { ConnectReply(TransactionId(request), ConnectionIdA) }
            : new[] { AnnounceReply(TransactionId(request), 1200, 4, 3, Array.Empty<byte>())[..8] });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.Url, Request()));

        Assert.Contains("announce reply is empty (8 bytes)", e.Message);
    }

    [Fact]
    public async Task A_peer_list_that_is_not_whole_entries_is_an_error()
    {
        using var tracker = new UdpTrackerDouble((request, _) => Action(request) == 0
            ? new[] { ConnectReply(TransactionId(request), ConnectionIdA) }
            : new[] { AnnounceReply(TransactionId(request), 1200, 4, 3, TwoPeers[..8]) });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.Url, Request()));

        Assert.Contains("8 bytes, not a multiple of 6", e.Message);
    }

    [Fact]
    public async Task The_error_action_carries_the_trackers_message()
    {
        using var tracker = new UdpTrackerDouble((request, _) => Action(request) == 0
            ? new[] { ConnectReply(TransactionId(request), ConnectionIdA) }
            : new[] { ErrorReply(TransactionId(request), "torrent not allowed") });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.Url, Request()));

        Assert.True(e.IsTrackerFailureReason);
        Assert.Contains("torrent not allowed", e.Message);
    }

    [Fact]
    public async Task After_an_error_the_next_announce_connects_again()
    {
        int announces = 0;
        using var tracker = new UdpTrackerDouble((request, _) => Action(request) == 0
            ? new[] { ConnectReply(TransactionId(request), ConnectionIdA) }
            : Interlocked.Increment(ref announces) == 1
                ? new[] { ErrorReply(TransactionId(request), "connection id expired") }
                : new[] { AnnounceReply(TransactionId(request), 1200, 4, 3, TwoPeers) });
        using var client = new TrackerClient(FastSettings);

        await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.Url, Request()));
        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.Url, Request());

        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal(2, tracker.CountDistinctRequests(0));
    }

    [Fact]
    public async Task An_unexpected_action_is_an_error()
    {
        using var tracker = new UdpTrackerDouble((request, _) => new[] { AnnounceReply(TransactionId(request), 1, 1, 1, Array.Empty<byte>()) });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(tracker.Url, Request()));

        Assert.Contains("action 1, expected 0 (connect)", e.Message);
    }

    [Fact]
    public async Task Lost_requests_are_retransmitted_until_one_is_answered()
    {
        using var tracker = new UdpTrackerDouble((request, index) => index < 2 ? Array.Empty<byte[]>() : WellBehaved(request, index));
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.Url, Request());

        Assert.Equal(TrackerStatus.Success, result.Status);
        Assert.Equal(3, tracker.CountAction(0));
        Assert.Equal(1, tracker.CountDistinctRequests(0));
        Assert.All(tracker.Received.Take(3), packet => Assert.Equal(TransactionId(tracker.Received[0]), TransactionId(packet)));
    }

    [Fact]
    public async Task A_silent_tracker_gets_the_configured_number_of_retransmissions()
    {
        using var tracker = new UdpTrackerDouble((_, _) => Array.Empty<byte[]>());
        var settings = new TrackerSettings { UdpBaseTimeout = TimeSpan.FromMilliseconds(50), UdpMaxRetransmissions = 3 };
        using var quick = new TrackerClient(settings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => quick.AnnounceAsync(tracker.Url, Request()));

        Assert.Contains("no UDP connect reply after 4 attempts over 0.75 s", e.Message);
        Assert.Equal(4, tracker.Received.Count);
    }

    [Fact]
    public async Task Nothing_listening_is_reported_as_refused()
    {
        int port;
        using (var probe = new UdpTrackerDouble((_, _) => Array.Empty<byte[]>()))
        {
            port = probe.EndPoint.Port;
        }

        using var client = new TrackerClient(FastSettings);
        string url = $"udp://127.0.0.1:{port}/announce";

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(url, Request()));

        Assert.Contains(url, e.Message);
        Assert.Contains("connection refused", e.Message);
    }

    [Fact]
    public async Task Over_ipv6_the_peer_list_has_18_byte_entries()
    {
        using var tracker = new UdpTrackerDouble(
            (request, _) => Action(request) == 0
                ? new[] { ConnectReply(TransactionId(request), ConnectionIdA) }
                : new[] { AnnounceReply(TransactionId(request), 1200, 0, 1, Concat(Peer("::1", 6881), Peer("2001:db8::7", 80))) },
            IPAddress.IPv6Loopback);
        using var client = new TrackerClient(FastSettings);

        TrackerAnnounceResult result = await client.AnnounceAsync(tracker.Url, Request());

        Assert.StartsWith("udp://[::1]:", tracker.Url);
        Assert.Equal(new[] { "[::1]:6881", "[2001:db8::7]:80" }, result.Peers.Select(p => p.ToString()));
    }

    [Fact]
    public async Task Scrape_asks_for_several_hashes_in_one_packet()
    {
        using var tracker = new UdpTrackerDouble(WellBehaved);
        using var client = new TrackerClient(FastSettings);

        IReadOnlyList<TrackerScrapeResult> results = await client.ScrapeAsync(tracker.Url, new[] { AwkwardHash, OtherHash });

        byte[] scrape = tracker.Received.First(p => Action(p) == 2);
        Assert.Equal(2, Action(scrape));
        Assert.Equal(16 + 40, scrape.Length);
        Assert.Equal(AwkwardHash.ToArray(), scrape[16..36]);
        Assert.Equal(OtherHash.ToArray(), scrape[36..56]);
        Assert.Equal(new[] { (1, 10, 100), (2, 11, 101) }, results.Select(r => (r.Seeders!.Value, r.Completed!.Value, r.Leechers!.Value)));
        Assert.Equal(new[] { AwkwardHash, OtherHash }, results.Select(r => r.InfoHash));
    }

    [Fact]
    public async Task A_scrape_reply_short_of_the_hashes_asked_is_an_error()
    {
        using var tracker = new UdpTrackerDouble((request, _) => Action(request) == 0
            ? new[] { ConnectReply(TransactionId(request), ConnectionIdA) }
            : new[] { ScrapeReply(TransactionId(request), (1, 2, 3)) });
        using var client = new TrackerClient(FastSettings);

        var e = await Assert.ThrowsAsync<TrackerException>(() => client.ScrapeAsync(tracker.Url, new[] { AwkwardHash, OtherHash }));

        Assert.Contains("scrape reply is 20 bytes, expected 32 for 2 info-hashes", e.Message);
    }

    [Fact]
    public async Task A_udp_url_without_a_port_is_refused()
    {
        using var client = new TrackerClient(FastSettings);
        var e = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync("udp://127.0.0.1/announce", Request()));
        Assert.Contains("needs a port", e.Message);
    }
}
