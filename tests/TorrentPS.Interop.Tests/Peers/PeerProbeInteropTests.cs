using System.Diagnostics;
using TorrentPS.Interop.Tests.Support;
using TorrentPS.Peers;

namespace TorrentPS.Interop.Tests.Peers;

/// <summary>PeerProbe against real seeders on loopback: libtorrent (python3-libtorrent) and aria2.</summary>
public sealed class PeerProbeInteropTests : IDisposable
{
    private const long ContentLength = (5 * 32 * 1024) + 1234; // six pieces of 32 KiB, the last one short

    private static readonly PeerProbeOptions Options = new() { Timeout = TimeSpan.FromSeconds(10), AvailabilityWait = TimeSpan.FromSeconds(10) };

    private readonly TempDirectory _temp = new("peer-probe");
    private readonly byte[] _ourId = PeerIdGenerator.Generate();

    [Fact]
    public async Task A_libtorrent_seed_is_reachable_complete_and_named()
    {
        string content = _temp.WriteFile("data/libtorrent.bin", ContentLength, seed: 4);
        int port = FreePort.Tcp();
        using SeederProcess seeder = await LibtorrentSeeder.StartAsync(content, _temp.Combine("libtorrent.torrent"), port);
        TorrentInfo torrent = TorrentInfo.LoadFile(_temp.Combine("libtorrent.torrent"));

        PeerProbeResult result = await ProbeUntilCompleteAsync(torrent, port, seeder);

        Assert.True(result.Reachable, result.ToString());
        Assert.NotNull(result.HandshakeTime);
        Assert.StartsWith("-LT", result.PeerId);
        Assert.StartsWith("libtorrent-rasterbar 2.", result.Client);
        Assert.Equal(torrent.PieceCount, result.PiecesHave);
        Assert.Equal(100.0, result.PercentComplete);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task Without_the_piece_count_a_libtorrent_seed_is_still_reachable_and_named()
    {
        string content = _temp.WriteFile("data/magnet.bin", ContentLength, seed: 6);
        int port = FreePort.Tcp();
        using SeederProcess seeder = await LibtorrentSeeder.StartAsync(content, _temp.Combine("magnet.torrent"), port);
        TorrentInfo torrent = TorrentInfo.LoadFile(_temp.Combine("magnet.torrent"));
        await ProbeUntilCompleteAsync(torrent, port, seeder);

        // What Get-TorrentPeer has for a magnet link: the info-hash, but no piece count.
        PeerProbeResult result = Assert.Single(await new PeerProbe(Options).ProbeAsync(
            torrent.InfoHash, _ourId, pieceCount: null, new[] { new PeerProbeTarget("127.0.0.1", port, "magnet") }));

        Assert.True(result.Reachable, result.ToString());
        Assert.NotNull(result.HandshakeTime);
        Assert.StartsWith("-LT", result.PeerId);
        Assert.StartsWith("libtorrent-rasterbar 2.", result.Client);
        Assert.Null(result.PiecesHave);
        Assert.Null(result.PercentComplete);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task An_aria2_seed_is_reachable_complete_and_named()
    {
        string content = _temp.WriteFile("data/aria2.bin", ContentLength, seed: 5);
        string torrentPath = await TorrentMakers.MktorrentAsync(
            content,
            _temp.Combine("aria2.torrent"),
            new TorrentOptions { PieceLength = 32 * 1024, Trackers = new[] { new[] { "http://127.0.0.1:9/announce" } } });
        TorrentInfo torrent = TorrentInfo.LoadFile(torrentPath);
        int port = FreePort.Tcp();
        using SeederProcess seeder = Aria2Seeder.Start(torrentPath, Path.GetDirectoryName(content)!, port);

        PeerProbeResult result = await ProbeUntilCompleteAsync(torrent, port, seeder);

        Assert.True(result.Reachable, result.ToString());
        Assert.NotNull(result.HandshakeTime);
        // aria2's id is "A2-1-36-0-" and then binary bytes, which print percent-escaped.
        Assert.StartsWith("A2-", result.PeerId);
        Assert.StartsWith("aria2 1.", result.Client);
        Assert.Equal(torrent.PieceCount, result.PiecesHave);
        Assert.Equal(100.0, result.PercentComplete);
    }

    /// <summary>
    /// Probes until the seeder reports every piece. A seeder that is still starting (aria2 checks its data first)
    /// refuses connections for a moment; the retries end at the interop timeout, with what the seeder said.
    /// </summary>
    private async Task<PeerProbeResult> ProbeUntilCompleteAsync(TorrentInfo torrent, int port, SeederProcess seeder)
    {
        var probe = new PeerProbe(Options);
        var target = new PeerProbeTarget("127.0.0.1", port, "manual");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<PeerProbeResult> results = await probe.ProbeAsync(torrent.InfoHash, _ourId, torrent.PieceCount, new[] { target });
            PeerProbeResult result = Assert.Single(results);
            Assert.Equal(("127.0.0.1", port, "manual"), (result.Address, result.Port, result.Source));
            if (result.PercentComplete == 100.0 || clock.Elapsed > InteropSettings.ProcessTimeout || seeder.HasExited)
            {
                Assert.True(result.PercentComplete == 100.0, $"{result}\nseeder `{seeder}` said:\n{seeder.Output}");
                return result;
            }

            await Task.Delay(200);
        }
    }

    public void Dispose() => _temp.Dispose();
}
