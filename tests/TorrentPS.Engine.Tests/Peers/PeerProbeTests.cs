using System.Net;
using TorrentPS.Engine.Tests.Peers.Doubles;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers;

/// <summary>PeerProbe against loopback doubles: a seed, a half peer, a closed port, a peer that never answers.</summary>
public sealed class PeerProbeTests : IDisposable
{
    private const int Pieces = 20;

    private readonly InfoHash _hash = Frames.RandomInfoHash();
    private readonly byte[] _ourId = Frames.PeerId("-TP0100-");
    private readonly List<IDisposable> _doubles = new();

    // Generous: a loaded 2-core test machine can stall a thread for seconds, and only the silent peer waits it out.
    private static readonly PeerProbeOptions Options = new()
    {
        Timeout = TimeSpan.FromSeconds(5),
        AvailabilityWait = TimeSpan.FromSeconds(5),
    };

    private static byte[] FullBitfield => Frames.Message(5, new byte[] { 0xFF, 0xFF, 0xF0 });

    private static byte[] HalfBitfield => Frames.Message(5, new byte[] { 0xAA, 0xAA, 0xA0 });

    private T Keep<T>(T peer)
        where T : IDisposable
    {
        _doubles.Add(peer);
        return peer;
    }

    private Task<IReadOnlyList<PeerProbeResult>> ProbeAsync(PeerProbeOptions options, params PeerProbeTarget[] targets) =>
        new PeerProbe(options).ProbeAsync(_hash, _ourId, Pieces, targets).WaitAsync(ScriptedPeer.Patience * 2);

    [Fact]
    public async Task Reports_each_peer_as_found()
    {
        ProbeTargetPeer seed = Keep(ProbeTargetPeer.Answering(_hash, Frames.PeerId("-LT2080-"), FullBitfield));
        ProbeTargetPeer half = Keep(ProbeTargetPeer.Answering(_hash, Frames.PeerId("-TR3000-"), HalfBitfield));
        ProbeTargetPeer silent = Keep(ProbeTargetPeer.Silent());
        int closedPort = ClosedPort();

        IReadOnlyList<PeerProbeResult> results = await ProbeAsync(
            Options,
            new PeerProbeTarget(seed.EndPoint, "tracker"),
            new PeerProbeTarget(half.EndPoint, "tracker"),
            new PeerProbeTarget("127.0.0.1", closedPort, "manual"),
            new PeerProbeTarget(silent.EndPoint, "manual"));

        Assert.Equal(4, results.Count);
        PeerProbeResult s = results[0];
        Assert.Equal(("127.0.0.1", seed.EndPoint.Port, "tracker"), (s.Address, s.Port, s.Source));
        Assert.True(s.Reachable);
        Assert.NotNull(s.HandshakeTime);
        Assert.StartsWith("-LT2080-", s.PeerId);
        Assert.Equal("libtorrent-rasterbar 2.0.8.0", s.Client);
        Assert.Equal(Pieces, s.PiecesHave);
        Assert.Equal(100.0, s.PercentComplete);
        Assert.Null(s.Error);

        PeerProbeResult h = results[1];
        Assert.Equal("Transmission 3.00", h.Client);
        Assert.Equal(Pieces / 2, h.PiecesHave);
        Assert.Equal(50.0, h.PercentComplete);

        PeerProbeResult c = results[2];
        Assert.Equal((closedPort, "manual"), (c.Port, c.Source));
        Assert.False(c.Reachable);
        Assert.Null(c.HandshakeTime);
        Assert.Null(c.PeerId);
        Assert.Null(c.PiecesHave);
        Assert.NotNull(c.Error);

        PeerProbeResult q = results[3];
        Assert.True(q.Reachable);
        Assert.Null(q.HandshakeTime);
        Assert.Null(q.Client);
        // The probe's own timer and the handshake's timer both stand at 5 s; whichever fires first words it.
        Assert.Matches("(No handshake|did not complete its handshake) within 5 s", q.Error);
        Assert.Contains(q.Error!, q.ToString());
        Assert.Contains("100%", s.ToString());
    }

    [Fact]
    public async Task Without_the_piece_count_peers_are_still_probed_with_their_pieces_unknown()
    {
        ProbeTargetPeer seed = Keep(ProbeTargetPeer.Answering(_hash, Frames.PeerId("-LT2080-"), FullBitfield));
        ProbeTargetPeer other = Keep(ProbeTargetPeer.Answering(Frames.RandomInfoHash(), Frames.PeerId("-TR3000-"), FullBitfield));
        int closedPort = ClosedPort();

        IReadOnlyList<PeerProbeResult> results = await new PeerProbe(Options).ProbeAsync(
            _hash,
            _ourId,
            pieceCount: null,
            new[]
            {
                new PeerProbeTarget(seed.EndPoint, "magnet"),
                new PeerProbeTarget("127.0.0.1", closedPort, "magnet"),
                new PeerProbeTarget(other.EndPoint, "magnet"),
            }).WaitAsync(ScriptedPeer.Patience * 2);

        PeerProbeResult s = results[0];
        Assert.True(s.Reachable);
        Assert.NotNull(s.HandshakeTime);
        Assert.StartsWith("-LT2080-", s.PeerId);
        Assert.Equal("libtorrent-rasterbar 2.0.8.0", s.Client);
        Assert.Null(s.PiecesHave);
        Assert.Null(s.PercentComplete);
        Assert.Null(s.Error);
        Assert.Equal(1, seed.Accepted);

        Assert.False(results[1].Reachable);
        Assert.NotNull(results[1].Error);
        Assert.True(results[2].Reachable);
        Assert.Null(results[2].HandshakeTime);
        Assert.Contains("answered for", results[2].Error);
    }

    [Fact]
    public async Task Have_all_and_have_none_count_when_fast_is_negotiated()
    {
        ProbeTargetPeer all = Keep(ProbeTargetPeer.Answering(_hash, Frames.PeerId("-qB4500-"), Frames.Message(0x0E), fast: true));
        ProbeTargetPeer none = Keep(ProbeTargetPeer.Answering(_hash, Frames.PeerId("-DE13F0-"), Frames.Message(0x0F), fast: true));

        IReadOnlyList<PeerProbeResult> results = await ProbeAsync(Options, new PeerProbeTarget(all.EndPoint, "tracker"), new PeerProbeTarget(none.EndPoint, "tracker"));

        Assert.True(results[0].PiecesHave == Pieces, results[0].ToString());
        Assert.True(results[1].PiecesHave == 0, results[1].ToString());
        Assert.Equal(0.0, results[1].PercentComplete);
        Assert.Equal("Deluge 1.3.15", results[1].Client);
    }

    [Fact]
    public async Task Haves_alone_are_counted_and_silence_after_the_handshake_is_unknown()
    {
        ProbeTargetPeer haves = Keep(ProbeTargetPeer.Answering(_hash, Frames.PeerId("-UT355B-"), Frames.Concat(Frames.Have(0), Frames.Have(19), Frames.Have(19))));
        ProbeTargetPeer mute = Keep(ProbeTargetPeer.Answering(_hash, Frames.PeerId("-UT355B-"), Array.Empty<byte>()));
        var brief = new PeerProbeOptions { Timeout = TimeSpan.FromSeconds(5), AvailabilityWait = TimeSpan.FromMilliseconds(300) };

        IReadOnlyList<PeerProbeResult> results = await ProbeAsync(brief, new PeerProbeTarget(haves.EndPoint, "manual"), new PeerProbeTarget(mute.EndPoint, "manual"));

        Assert.Equal(2, results[0].PiecesHave);
        Assert.Equal(10.0, results[0].PercentComplete);
        Assert.NotNull(results[1].HandshakeTime);
        Assert.Null(results[1].PiecesHave);
        Assert.Null(results[1].PercentComplete);
        Assert.Null(results[1].Error);
    }

    [Fact]
    public async Task Protocol_trouble_is_reported_not_thrown()
    {
        ProbeTargetPeer other = Keep(ProbeTargetPeer.Answering(Frames.RandomInfoHash(), Frames.PeerId("-LT2080-"), FullBitfield));
        ProbeTargetPeer badBitfield = Keep(ProbeTargetPeer.Answering(_hash, Frames.PeerId("-LT2080-"), Frames.Message(5, new byte[] { 0xFF, 0xFF, 0xFF })));

        IReadOnlyList<PeerProbeResult> results = await ProbeAsync(Options, new PeerProbeTarget(other.EndPoint, "tracker"), new PeerProbeTarget(badBitfield.EndPoint, "tracker"));

        Assert.True(results[0].Reachable);
        Assert.Null(results[0].HandshakeTime);
        Assert.Contains("answered for", results[0].Error);
        Assert.NotNull(results[1].HandshakeTime);
        Assert.Null(results[1].PiecesHave);
        Assert.Contains("spare bits", results[1].Error);
    }

    [Fact]
    public async Task Peers_are_tried_in_parallel_up_to_the_bound()
    {
        ProbeTargetPeer silent = Keep(ProbeTargetPeer.Silent());
        var options = new PeerProbeOptions { Timeout = TimeSpan.FromMilliseconds(500), MaxConcurrency = 3 };
        PeerProbeTarget[] targets = Enumerable.Range(0, 7).Select(_ => new PeerProbeTarget(silent.EndPoint, "tracker")).ToArray();

        IReadOnlyList<PeerProbeResult> results = await ProbeAsync(options, targets);

        Assert.Equal(7, results.Count);
        Assert.All(results, r => Assert.True(r.Error is not null && r.HandshakeTime is null, r.ToString()));
        Assert.Equal(7, silent.Accepted);
        // Several at once, never one after the other. (The upper bound is not asserted: the double notices a
        // close a moment after the prober has already opened the next connection.)
        Assert.True(silent.MostOpenAtOnce >= 2, $"at most {silent.MostOpenAtOnce} open at once");
    }

    [Fact]
    public void Targets_parse_from_text()
    {
        PeerProbeTarget v4 = PeerProbeTarget.Parse("127.0.0.1:6881", "manual");
        Assert.Equal(("127.0.0.1", 6881), (v4.Host, v4.Port));
        PeerProbeTarget v6 = PeerProbeTarget.Parse("[::1]:51413", "manual");
        Assert.Equal(("::1", 51413), (v6.Host, v6.Port));
        Assert.Equal("[::1]:51413", v6.ToString());
        Assert.IsType<IPEndPoint>(v6.ToEndPoint());
        Assert.IsType<DnsEndPoint>(PeerProbeTarget.Parse("localhost:1", "manual").ToEndPoint());
        Assert.Throws<FormatException>(() => PeerProbeTarget.Parse("::1:6881", "manual"));
        Assert.Throws<FormatException>(() => PeerProbeTarget.Parse("host:0", "manual"));
        Assert.Throws<FormatException>(() => PeerProbeTarget.Parse("host", "manual"));
    }

    public void Dispose()
    {
        foreach (IDisposable peer in _doubles)
        {
            peer.Dispose();
        }
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
