using System.Net;
using System.Net.Sockets;
using System.Text;
using TorrentPS.Engine.Tests.Metainfo;
using TorrentPS.Engine.Tests.Peers.Doubles;
using TorrentPS.Engine.Tests.Tracking.Doubles;
using TorrentPS.Peers;
using TorrentPS.Peers.Hosting;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.Engine.Tests.Peers.Hosting;

/// <summary>Get-TorrentPeer's engine against an HTTP tracker double and scripted peers on loopback.</summary>
public sealed class TorrentPeerFinderTests : IDisposable
{
    private const int PieceLength = 16384;
    private const int Pieces = 20;

    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    private readonly List<IDisposable> _doubles = new();
    private readonly TorrentInfo _torrent;

    public TorrentPeerFinderTests()
    {
        _torrent = Torrent(Array.Empty<string>());
    }

    private static TorrentPeerFinderOptions Options(bool useTrackers = true) => new()
    {
        UseTrackers = useTrackers,
        Trackers = new TrackerQueryOptions { Timeout = Quick },
        Probe = new PeerProbeOptions { Timeout = Quick, AvailabilityWait = Quick },
    };

    [Fact]
    public async Task Lists_tracker_and_manual_peers_without_connecting_to_them()
    {
        ProbeTargetPeer seed = Keep(ProbeTargetPeer.Answering(_torrent.InfoHash, Frames.PeerId("-LT2080-"), FullBitfield()));
        using var tracker = HttpTrackerDouble.Answering(CompactAnswer(seed.EndPoint.Port, 9));
        TrackerTarget target = TrackerTarget.FromTorrent(Torrent(new[] { tracker.AnnounceUrl }));
        using var finder = new TorrentPeerFinder(Options());

        TorrentPeerSearch search = await finder.FindAsync(target, new[] { new PeerProbeTarget("127.0.0.1", seed.EndPoint.Port, PeerSources.Manual) }, probe: false);

        TrackerAnnounceResult announce = Assert.Single(search.Announces);
        Assert.True(announce.IsSuccess, announce.ToString());
        Assert.False(search.Probed);
        Assert.Equal(
            new[] { ($"127.0.0.1:{seed.EndPoint.Port}", "manual"), ("127.0.0.1:9", "tracker") },
            search.Peers.Select(p => (p.EndPoint, p.Source)));
        Assert.Equal(0, seed.Accepted);
        Assert.StartsWith(PeerIdGenerator.Prefix, finder.PeerId);
    }

    [Fact]
    public async Task Probes_every_peer_and_reports_each_as_found()
    {
        ProbeTargetPeer seed = Keep(ProbeTargetPeer.Answering(_torrent.InfoHash, Frames.PeerId("-LT2080-"), FullBitfield()));
        int closed = ClosedTcpPort();
        using var tracker = HttpTrackerDouble.Answering(CompactAnswer(seed.EndPoint.Port, closed));
        TrackerTarget target = TrackerTarget.FromTorrent(Torrent(new[] { tracker.AnnounceUrl }));
        using var finder = new TorrentPeerFinder(Options());

        TorrentPeerSearch search = await finder.FindAsync(target, null, probe: true);

        Assert.True(search.Probed);
        Assert.Equal(2, search.Peers.Count);
        TorrentPeer good = search.Peers[0];
        Assert.Equal(("tracker", tracker.AnnounceUrl), (good.Source, good.Tracker));
        Assert.True(good.IsProbed);
        Assert.True(good.Reachable);
        Assert.NotNull(good.HandshakeTime);
        Assert.StartsWith("-LT2080-", good.PeerId);
        Assert.StartsWith("libtorrent-rasterbar 2.0.8", good.Client);
        Assert.Equal((Pieces, 100.0), (good.PiecesHave, good.PercentComplete));
        TorrentPeer bad = search.Peers[1];
        Assert.True(bad.IsProbed);
        Assert.False(bad.Reachable);
        Assert.Null(bad.HandshakeTime);
        Assert.NotNull(bad.Error);
    }

    [Fact]
    public async Task Without_trackers_only_the_given_peers_are_listed()
    {
        using var tracker = HttpTrackerDouble.Answering(CompactAnswer(6881));
        TrackerTarget target = TrackerTarget.FromTorrent(Torrent(new[] { tracker.AnnounceUrl }));
        using var finder = new TorrentPeerFinder(Options(useTrackers: false));

        TorrentPeerSearch search = await finder.FindAsync(target, new[] { new PeerProbeTarget("127.0.0.1", 7, PeerSources.Manual) }, probe: false);

        Assert.Empty(search.Announces);
        Assert.Empty(tracker.Requests);
        Assert.Equal(new[] { "127.0.0.1:7" }, search.Peers.Select(p => p.EndPoint));
        Assert.Empty(finder.TiersFor(target));
    }

    [Fact]
    public async Task A_failed_tracker_is_a_result_not_an_exception()
    {
        int closed = ClosedTcpPort();
        TrackerTarget target = TrackerTarget.FromTorrent(Torrent(new[] { $"http://127.0.0.1:{closed}/announce" }));
        using var finder = new TorrentPeerFinder(Options());

        TorrentPeerSearch search = await finder.FindAsync(target, null, probe: true);

        Assert.False(Assert.Single(search.Announces).IsSuccess);
        Assert.Empty(search.Peers);
    }

    [Fact]
    public async Task A_magnet_links_peers_are_probed_with_their_pieces_unknown()
    {
        ProbeTargetPeer seed = Keep(ProbeTargetPeer.Answering(_torrent.InfoHash, Frames.PeerId("-LT2080-"), FullBitfield()));
        MagnetLink link = MagnetLink.Parse($"magnet:?xt=urn:btih:{_torrent.InfoHash}&x.pe=127.0.0.1:{seed.EndPoint.Port}");
        TrackerTarget target = TrackerTarget.FromMagnetLink(link);
        using var finder = new TorrentPeerFinder(Options());

        TorrentPeerSearch search = await finder.FindAsync(target, null, probe: true);

        Assert.True(search.Probed);
        TorrentPeer peer = Assert.Single(search.Peers);
        Assert.Equal(PeerSources.Magnet, peer.Source);
        Assert.True(peer.IsProbed);
        Assert.True(peer.Reachable);
        Assert.True(peer.HandshakeSucceeded);
        Assert.Equal("libtorrent-rasterbar 2.0.8.0", peer.Client);
        Assert.Null(peer.PiecesHave);
        Assert.Null(peer.PercentComplete);
        Assert.Null(peer.Error);
        Assert.EndsWith("libtorrent-rasterbar 2.0.8.0, pieces unknown", peer.ToString());
        Assert.Equal(1, seed.Accepted);
    }

    public void Dispose()
    {
        foreach (IDisposable peer in _doubles)
        {
            peer.Dispose();
        }
    }

    private T Keep<T>(T peer)
        where T : IDisposable
    {
        _doubles.Add(peer);
        return peer;
    }

    private static TorrentInfo Torrent(string[] trackers)
    {
        var root = TestTorrent.SingleFile(length: (long)PieceLength * Pieces, pieceLength: PieceLength, name: "peers.bin");
        if (trackers.Length > 0)
        {
            root["announce-list"] = trackers.Select(t => (object)new List<object> { t }).ToList();
        }

        return TorrentInfo.Load(TestTorrent.Encode(root));
    }

    // 20 pieces: three bytes, the last four bits spare.
    private static byte[] FullBitfield() => Frames.Message(5, new byte[] { 0xFF, 0xFF, 0xF0 });

    private static byte[] CompactAnswer(params int[] ports)
    {
        var peers = new List<byte>();
        foreach (int port in ports)
        {
            peers.AddRange(new byte[] { 127, 0, 0, 1, (byte)(port >> 8), (byte)port });
        }

        byte[] head = Encoding.ASCII.GetBytes($"d8:intervali900e5:peers{peers.Count}:");
        return head.Concat(peers).Concat(Encoding.ASCII.GetBytes("e")).ToArray();
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
