using System.Collections.Concurrent;
using System.Net;
using TorrentPS.Engine.Tests.Peers;
using TorrentPS.Engine.Tests.Peers.Listening;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Engine.Tests.Swarm.RateLimiting;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;
using TorrentPS.Swarm.RateLimiting;

namespace TorrentPS.Engine.Tests.Seeding;

/// <summary>The seeding building blocks, assembled into a <see cref="MiniSeeder"/>, serving the engine's own download session on loopback.</summary>
public sealed class SeedingTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempFolder _seedFolder = new();
    private readonly TempFolder _downloadFolder = new();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose()
    {
        _seedFolder.Dispose();
        _downloadFolder.Dispose();
    }

    [Fact]
    public async Task A_download_session_gets_a_whole_multi_file_torrent_from_the_mini_seeder_over_IPv4()
    {
        SwarmContent content = SwarmContent.MultiFile(
            32 * 1024,
            31,
            ("a/one.bin", 200_000, false),
            (".pad/4288", 4288, true),
            ("b/two.bin", 700_000, false),
            ("three.txt", 999, false));
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path);

        TorrentDownloadResult result = await DownloadAsync(content, seeder.EndPoint);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_downloadFolder.Path);
        // Blocks come in bursts per piece: the cache reads each piece once (and only re-reads after eviction).
        Assert.InRange(seeder.Cache.DiskReads, content.Torrent.PieceCount, content.Torrent.PieceCount * 2);
    }

    [Fact]
    public async Task A_download_session_gets_a_torrent_over_IPv6()
    {
        SwarmContent content = SwarmContent.SingleFile(400_000, 16 * 1024, seed: 32);
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path);

        TorrentDownloadResult result = await DownloadAsync(content, seeder.EndPointV6);

        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_downloadFolder.Path);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_complete_seed_announces_have_all_with_Fast_and_a_full_bitfield_without(bool fast)
    {
        SwarmContent content = SwarmContent.SingleFile(100_000, 16 * 1024, seed: 33);
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path);
        using RawPeer peer = await RawPeer.ConnectAsync(seeder.EndPoint);
        await peer.HandshakeAsync(content.Torrent.InfoHash, fast);

        (int id, byte[] payload) = await peer.ReceiveMessageAsync();

        if (fast)
        {
            Assert.Equal(0x0E, id);
        }
        else
        {
            Assert.Equal(5, id);
            Assert.Equal(Bitfield.All(content.Torrent.PieceCount).ToWire(), payload);
        }
    }

    [Fact]
    public async Task A_partial_seed_sends_its_bitfield_rejects_a_piece_it_lacks_with_Fast_and_serves_one_it_has()
    {
        SwarmContent content = SwarmContent.SingleFile(8 * 16 * 1024, 16 * 1024, seed: 34);
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path, new MiniSeederOptions { Pieces = new HashSet<int> { 1, 2, 7 } });
        using RawPeer peer = await RawPeer.ConnectAsync(seeder.EndPoint);
        await peer.HandshakeAsync(content.Torrent.InfoHash, fast: true);

        byte[] bitfield = await peer.ReceiveUntilAsync(5);
        Assert.Equal([0b0110_0001], bitfield);
        await peer.SendAsync(Frames.Message(2)); // interested
        await peer.ReceiveUntilAsync(1);          // unchoke
        await peer.SendAsync(Frames.Concat(Frames.Request(0, 0, 16384), Frames.Request(7, 100, 5000)));

        Assert.Equal(Frames.Concat(Frames.U32(0), Frames.U32(0), Frames.U32(16384)), await peer.ReceiveUntilAsync(0x10));
        byte[] piece = await peer.ReceiveUntilAsync(7);
        Assert.Equal(Frames.Concat(Frames.U32(7), Frames.U32(100)), piece[..8]);
        Assert.Equal(content.Block(7, 100, 5000).ToArray(), piece[8..]);
    }

    [Fact]
    public async Task A_cancelled_request_still_waiting_gets_a_reject_with_Fast()
    {
        // 1 B/s after a 16 KiB burst: the first block goes out, the second waits in the limiter, the third stays queued.
        SwarmContent content = SwarmContent.SingleFile(4 * 16 * 1024, 16 * 1024, seed: 35);
        var options = new MiniSeederOptions { UploadLimit = new RateLimiter(1, capacity: 16 * 1024) };
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path, options);
        using RawPeer peer = await RawPeer.ConnectAsync(seeder.EndPoint);
        await peer.HandshakeAsync(content.Torrent.InfoHash, fast: true);
        await peer.SendAsync(Frames.Message(2));
        await peer.ReceiveUntilAsync(1);
        await peer.SendAsync(Frames.Concat(Frames.Request(0, 0, 16384), Frames.Request(1, 0, 16384), Frames.Request(2, 0, 16384)));
        byte[] first = await peer.ReceiveUntilAsync(7);
        Assert.Equal(Frames.Concat(Frames.U32(0), Frames.U32(0)), first[..8]);

        await peer.SendAsync(Frames.Message(8, Frames.U32(2), Frames.U32(0), Frames.U32(16384))); // cancel

        Assert.Equal(Frames.Concat(Frames.U32(2), Frames.U32(0), Frames.U32(16384)), await peer.ReceiveUntilAsync(0x10));
    }

    [Fact]
    public async Task The_upload_limit_paces_the_seeder_by_its_clock()
    {
        // 160 KiB at 16 KiB/s after a 16 KiB burst: the download cannot finish before 9 s of limiter time, and at
        // no moment may more have gone out than the burst plus the rate times the time passed.
        SwarmContent content = SwarmContent.SingleFile(10 * 16 * 1024, 16 * 1024, seed: 37);
        var clock = new ManualRateClock();
        var options = new MiniSeederOptions { UploadLimit = new RateLimiter(16 * 1024, clock, capacity: 16 * 1024) };
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path, options);
        Task<TorrentDownloadResult> download = DownloadAsync(content, seeder.EndPoint);

        using var patience = new CancellationTokenSource(Limit);
        while (!download.IsCompleted)
        {
            Assert.True(seeder.BytesUploaded <= (16 * 1024) + (16 * 1024 * clock.Elapsed.TotalSeconds), $"{seeder.BytesUploaded} bytes sent by {clock.Elapsed}");
            if (clock.Sleepers > 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
            }
            else
            {
                await Task.WhenAny(download, Task.Delay(5, patience.Token));
            }
        }

        TorrentDownloadResult result = await download;
        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(9), $"finished after only {clock.Elapsed} of limiter time");
        content.AssertWritten(_downloadFolder.Path);
    }

    [Fact]
    public async Task Several_downloaders_at_once_all_complete()
    {
        SwarmContent content = SwarmContent.SingleFile(600_000, 32 * 1024, seed: 36);
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path);
        using var second = new TempFolder();
        using var third = new TempFolder();

        TorrentDownloadResult[] results = await Task.WhenAll(
            DownloadAsync(content, seeder.EndPoint),
            DownloadAsync(content, seeder.EndPointV6, second.Path),
            DownloadAsync(content, seeder.EndPoint, third.Path));

        Assert.All(results, r => Assert.True(r.IsComplete, string.Join(Environment.NewLine, _log)));
        content.AssertWritten(_downloadFolder.Path);
        content.AssertWritten(second.Path);
        content.AssertWritten(third.Path);
    }

    private Task<TorrentDownloadResult> DownloadAsync(SwarmContent content, IPEndPoint seeder, string? folder = null) =>
        new SeedingDownloader(folder ?? _downloadFolder.Path, _log).DownloadAsync(content, seeder);
}
