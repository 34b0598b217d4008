using System.Net;
using TorrentPS.Peers;
using TorrentPS.Peers.Hosting;

namespace TorrentPS.Engine.Tests.Peers.Hosting;

/// <summary>Peers from the user, the magnet link and trackers in one de-duplicated, labelled list.</summary>
public class PeerGatheringTests
{
    private static readonly InfoHash Hash = InfoHash.Parse("0123456789abcdef0123456789abcdef01234567");

    private static TrackerAnnounceResult Answer(string tracker, params TrackerPeer[] peers) =>
        new(tracker, Hash, TimeSpan.FromMinutes(30), null, 1, 2, peers);

    private static TrackerPeer Peer(string address, int port, string? peerId = null) =>
        new(IPAddress.Parse(address), port, peerId is null ? default : System.Text.Encoding.ASCII.GetBytes(peerId));

    [Fact]
    public void Lists_manual_then_magnet_then_tracker_peers_each_once_under_its_first_source()
    {
        MagnetLink magnet = MagnetLink.Parse($"magnet:?xt=urn:btih:{Hash}&x.pe=10.0.0.2:7000&x.pe=[2001:db8::1]:7001");
        PeerProbeTarget[] manual = { new("10.0.0.1", 6881, "ignored"), new("HOST.example", 6882, "ignored") };
        TrackerAnnounceResult first = Answer("http://a/announce", Peer("10.0.0.3", 6883), Peer("::ffff:10.0.0.1", 6881), Peer("2001:DB8:0:0:0:0:0:1", 7001));
        TrackerAnnounceResult second = Answer("udp://b:80", Peer("10.0.0.3", 6883), Peer("10.0.0.3", 6884));

        IReadOnlyList<TorrentPeer> peers = PeerGathering.Gather(Hash, manual, magnet, new[] { first, second });

        Assert.Equal(
            new[]
            {
                ("10.0.0.1:6881", "manual", (string?)null),
                ("host.example:6882", "manual", null),
                ("10.0.0.2:7000", "magnet", null),
                ("[2001:db8::1]:7001", "magnet", null),
                ("10.0.0.3:6883", "tracker", "http://a/announce"),
                ("10.0.0.3:6884", "tracker", "udp://b:80"),
            },
            peers.Select(p => (p.EndPoint, p.Source, p.Tracker)));
        Assert.All(peers, p => Assert.Equal(Hash, p.InfoHash));
        Assert.All(peers, p => Assert.False(p.IsProbed));
        Assert.All(peers, p => Assert.Null(p.Reachable));
    }

    [Fact]
    public void Failed_announces_and_port_zero_placeholders_add_nothing()
    {
        TrackerAnnounceResult failed = TrackerAnnounceResult.Failed("http://down/announce", Hash, new TrackerException("http://down/announce", "refused"));
        TrackerAnnounceResult placeholder = Answer("http://a/announce", Peer("10.0.0.9", 0), Peer("10.0.0.9", 1));

        IReadOnlyList<TorrentPeer> peers = PeerGathering.Gather(Hash, null, null, new[] { failed, placeholder });

        Assert.Equal(new[] { "10.0.0.9:1" }, peers.Select(p => p.EndPoint));
    }

    [Fact]
    public void A_tracker_peer_id_names_the_client_before_any_probe()
    {
        TrackerAnnounceResult answer = Answer("http://a/announce", Peer("10.0.0.5", 51413, "-TR3000-abcdefghijkl"), Peer("10.0.0.6", 6881));

        IReadOnlyList<TorrentPeer> peers = PeerGathering.Gather(Hash, null, null, new[] { answer });

        Assert.Equal("-TR3000-abcdefghijkl", peers[0].PeerId);
        Assert.Equal("Transmission 3.00", peers[0].Client);
        Assert.Equal("10.0.0.5:51413 (tracker): Transmission 3.00", peers[0].ToString());
        Assert.Null(peers[1].PeerId);
        Assert.Null(peers[1].Client);
        Assert.Equal("10.0.0.6:6881 (tracker)", peers[1].ToString());
    }

    [Fact]
    public void Probe_results_fill_in_each_peer_and_the_handshake_id_wins()
    {
        IReadOnlyList<TorrentPeer> peers = PeerGathering.Gather(
            Hash,
            new[] { new PeerProbeTarget("10.0.0.1", 6881, "manual") },
            null,
            new[] { Answer("http://a/announce", Peer("10.0.0.5", 51413, "-TR3000-abcdefghijkl")) });
        IReadOnlyList<PeerProbeTarget> targets = PeerGathering.ToProbeTargets(peers);
        var results = new[]
        {
            new PeerProbeResult("10.0.0.1", 6881, "manual", false, null, null, null, null, null, "Connection refused"),
            new PeerProbeResult("10.0.0.5", 51413, "tracker", true, TimeSpan.FromMilliseconds(12), "-LT2080-abcdefghijkl", "libtorrent-rasterbar 2.0.8.0", 5, 50.0, null),
        };

        IReadOnlyList<TorrentPeer> probed = PeerGathering.WithProbeResults(peers, results);

        Assert.Equal(new[] { ("10.0.0.1", 6881, "manual"), ("10.0.0.5", 51413, "tracker") }, targets.Select(t => (t.Host, t.Port, t.Source)));
        Assert.True(probed[0].IsProbed);
        Assert.False(probed[0].Reachable);
        Assert.False(probed[0].HandshakeSucceeded);
        Assert.Equal("10.0.0.1:6881 (manual): Connection refused", probed[0].ToString());
        Assert.True(probed[1].Reachable);
        Assert.Equal(TimeSpan.FromMilliseconds(12), probed[1].HandshakeTime);
        Assert.Equal("-LT2080-abcdefghijkl", probed[1].PeerId);
        Assert.Equal("libtorrent-rasterbar 2.0.8.0", probed[1].Client);
        Assert.Equal((5, 50.0), (probed[1].PiecesHave, probed[1].PercentComplete));
        Assert.Equal("http://a/announce", probed[1].Tracker);
        Assert.Equal("10.0.0.5:51413 (tracker): libtorrent-rasterbar 2.0.8.0, has 50%", probed[1].ToString());
    }

    [Fact]
    public void Probe_results_for_other_peers_are_refused()
    {
        IReadOnlyList<TorrentPeer> peers = PeerGathering.Gather(Hash, new[] { new PeerProbeTarget("10.0.0.1", 6881, "manual") }, null, null);

        Assert.Throws<ArgumentException>(() => PeerGathering.WithProbeResults(peers, Array.Empty<PeerProbeResult>()));
        Assert.Throws<ArgumentException>(() => PeerGathering.WithProbeResults(
            peers,
            new[] { new PeerProbeResult("10.0.0.2", 6881, "manual", false, null, null, null, null, null, "refused") }));
    }
}
