using System.Net;
using System.Text;
using static TorrentPS.Engine.Tests.Tracking.TrackingTestData;

namespace TorrentPS.Engine.Tests.Tracking;

/// <summary>The public types hosts build requests from and print results with.</summary>
public class TrackerTypesTests
{
    [Fact]
    public void Peer_ids_are_azureus_style_with_twelve_random_printable_characters()
    {
        byte[] first = PeerIdGenerator.Generate();
        byte[] second = PeerIdGenerator.Generate();

        Assert.Equal(20, first.Length);
        string text = Encoding.ASCII.GetString(first);
        Assert.Matches("^-TP0100-[0-9A-Za-z]{12}$", text);
        Assert.NotEqual(first, second);
        Assert.Equal(text, PeerIdGenerator.Format(first));
    }

    [Fact]
    public void A_binary_peer_id_keeps_its_readable_tag_and_escapes_the_other_bytes()
    {
        byte[] id = Encoding.ASCII.GetBytes("-qB4500-").Concat(new byte[] { 0x00, 0x7F, 0x80, 0xFF, (byte)'%', (byte)'z', 1, 2, 3, 4, 5, 0x1F }).ToArray();

        Assert.Equal("-qB4500-%00%7F%80%FF%25z%01%02%03%04%05%1F", PeerIdGenerator.Format(id));
    }

    [Fact]
    public void A_tracker_peers_binary_id_prints_as_a_handshakes_does()
    {
        byte[] id = Encoding.ASCII.GetBytes("A2-1-36-0-").Concat(new byte[] { 0x8F, 0x00, 0x41, 0xFF, 1, 2, 3, 4, 5, 6 }).ToArray();
        var peer = new TrackerPeer(IPAddress.Loopback, 6881, id);
        var handshake = new TorrentPS.Peers.PeerHandshake(TorrentPS.Peers.ReservedBits.None, OtherHash, id);

        Assert.Equal("A2-1-36-0-%8F%00A%FF%01%02%03%04%05%06", peer.PeerId);
        Assert.Equal(peer.PeerId, handshake.PeerIdText);
    }

    [Fact]
    public void A_request_keeps_its_own_copy_of_the_peer_id_and_copies_change_only_what_they_say()
    {
        byte[] id = PeerIdGenerator.Generate();
        var request = new AnnounceRequest(OtherHash, id, 6881) { NumWant = 10, Key = 7, Event = TrackerEvent.Started };
        byte[] original = id.ToArray();
        id[0] = (byte)'X';

        AnnounceRequest later = request.WithProgress(1, 2, 3).WithEvent(TrackerEvent.None).WithTrackerId("t");

        Assert.Equal(original, request.PeerId.ToArray());
        Assert.Equal(original, later.PeerId.ToArray());
        Assert.Equal((10, 7u, 6881, OtherHash), (later.NumWant, later.Key, later.Port, later.InfoHash));
        Assert.Equal((1L, 2L, 3L, TrackerEvent.None, "t"), (later.Uploaded, later.Downloaded, later.Left, later.Event, later.TrackerId));
        Assert.Equal((0L, TrackerEvent.Started, (string?)null), (request.Left, request.Event, request.TrackerId));
    }

    [Fact]
    public void A_request_refuses_a_peer_id_that_is_not_20_bytes_or_a_bad_port()
    {
        Assert.Throws<ArgumentException>(() => new AnnounceRequest(OtherHash, new byte[19], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnnounceRequest(OtherHash, PeerId, 65536));
    }

    [Fact]
    public void Peers_print_as_address_and_port_and_compare_by_endpoint()
    {
        var v4 = new TrackerPeer(IPAddress.Parse("192.168.1.2"), 6881);
        var v6 = new TrackerPeer(IPAddress.Parse("2001:db8::1"), 51413);

        Assert.Equal("192.168.1.2:6881", v4.ToString());
        Assert.Equal("[2001:db8::1]:51413", v6.ToString());
        Assert.Equal(v4, new TrackerPeer(IPAddress.Parse("192.168.1.2"), 6881, PeerId));
        Assert.NotEqual(v4, new TrackerPeer(IPAddress.Parse("192.168.1.2"), 6882));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 51413), v6.ToEndPoint());
    }

    [Fact]
    public void Results_print_what_a_user_needs()
    {
        var ok = new TrackerAnnounceResult("udp://t:1/announce", OtherHash, TimeSpan.FromSeconds(1800), null, 3, 4, new[] { new TrackerPeer(IPAddress.Loopback, 1) });
        TrackerAnnounceResult failed = TrackerAnnounceResult.Failed("http://t/announce", OtherHash, new TrackerException("http://t/announce", "no answer within 30 s."));
        var scrape = new TrackerScrapeResult("udp://t:1/announce", OtherHash, 5, 6, 7);

        Assert.Equal("udp://t:1/announce: 1 peers, 3 seeders, 4 leechers, every 1800s", ok.ToString());
        Assert.Equal("http://t/announce: failed: no answer within 30 s.", failed.ToString());
        Assert.Equal((TrackerStatus.Failed, (TimeSpan?)null), (failed.Status, failed.Interval));
        Assert.Empty(failed.Peers);
        Assert.Equal($"udp://t:1/announce {OtherHash}: 5 seeders, 6 completed, 7 leechers", scrape.ToString());
    }

    [Fact]
    public void A_tracker_exception_names_the_tracker_and_the_problem()
    {
        var e = new TrackerException("udp://t:1/announce", "connection refused.");
        Assert.Equal("Tracker udp://t:1/announce: connection refused.", e.Message);
        Assert.Equal(("udp://t:1/announce", "connection refused."), (e.Tracker, e.Problem));
    }

    [Fact]
    public void Settings_outside_their_range_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new TrackerClient(new TrackerSettings { UdpMaxRetransmissions = 9 }));
        Assert.Throws<ArgumentException>(() => new TrackerClient(new TrackerSettings { HttpTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new TrackerClient(new TrackerSettings { MaxResponseBytes = 0 }));
    }
}
