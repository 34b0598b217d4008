using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TorrentPS.Engine.Tests.Peers;
using TorrentPS.Engine.Tests.Peers.Listening;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;

namespace TorrentPS.Engine.Tests.Seeding;

public enum Hostility
{
    /// <summary>A block that runs past the end of its piece.</summary>
    PastPieceEnd,

    /// <summary>A 32 KiB block.</summary>
    Oversized,

    /// <summary>A piece index beyond the last piece.</summary>
    BeyondLastPiece,

    /// <summary>Unchoked, thousands of requests at once without reading anything.</summary>
    RequestFlood,

    /// <summary>Never interested, never unchoked, requests anyway.</summary>
    RequestsWhileChoked,

    /// <summary>A length prefix of 4 GiB and junk right after the handshake.</summary>
    GarbageAfterHandshake,
}

/// <summary>
/// Hostile leechers against the mini seeder (<see cref="SeedSessionHostileLeecherTests"/> does the same to the production
/// seed session) while the engine's own download session fetches the torrent from
/// it: each is dropped for what it did, and the honest download completes intact.
/// </summary>
public sealed class HostileLeecherTests : IDisposable
{
    private const int PieceLength = 32 * 1024;
    private readonly TempFolder _seedFolder = new();
    private readonly TempFolder _downloadFolder = new();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose()
    {
        _seedFolder.Dispose();
        _downloadFolder.Dispose();
    }

    [Theory]
    [InlineData(Hostility.PastPieceEnd, true, PeerProtocolError.BadBlock, "past the end of the piece")]
    [InlineData(Hostility.PastPieceEnd, false, PeerProtocolError.BadBlock, "past the end of the piece")]
    [InlineData(Hostility.Oversized, true, PeerProtocolError.BadBlock, "32768 bytes")]
    [InlineData(Hostility.BeyondLastPiece, false, PeerProtocolError.BadPieceIndex, "beyond the last piece")]
    [InlineData(Hostility.RequestFlood, true, PeerProtocolError.BadBlock, "flood")]
    [InlineData(Hostility.RequestFlood, false, PeerProtocolError.BadBlock, "flood")]
    [InlineData(Hostility.RequestsWhileChoked, true, PeerProtocolError.BadBlock, "while choked")]
    [InlineData(Hostility.RequestsWhileChoked, false, PeerProtocolError.BadBlock, "while choked")]
    [InlineData(Hostility.GarbageAfterHandshake, true, PeerProtocolError.MessageTooLong, "longer than")]
    public async Task The_hostile_leecher_is_dropped_and_the_honest_download_completes(Hostility hostility, bool fast, PeerProtocolError expected, string why)
    {
        SwarmContent content = SwarmContent.SingleFile(1_500_000, PieceLength, seed: 41);
        var options = new MiniSeederOptions
        {
            // Above what our own downloader ever pipelines (500), far below a flood.
            Upload = new UploadSettings { MaxQueuedRequests = 600, MaxRefusedRequests = 20 },
        };
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path, options);
        using RawPeer hostile = await RawPeer.ConnectAsync(seeder.EndPoint);
        await hostile.HandshakeAsync(content.Torrent.InfoHash, fast);

        var downloader = new SeedingDownloader(_downloadFolder.Path, _log);
        Task<TorrentDownloadResult> download = downloader.DownloadAsync(content, seeder.EndPoint);
        await AbuseAsync(hostile, hostility, content.Torrent);
        await hostile.WaitUntilClosedAsync();

        MiniSeeder.ServedPeer dropped = await seeder.ClosedPeerAsync(hostile.LocalEndPoint);
        Assert.Equal(PeerCloseReason.ProtocolViolation, dropped.Connection.CloseReason);
        Assert.Equal(expected, dropped.Error);
        Assert.True(dropped.Connection.CloseError!.Message.Contains(why, StringComparison.Ordinal), dropped.Connection.CloseError.Message);
        TorrentDownloadResult result = await download;
        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
        content.AssertWritten(_downloadFolder.Path);
        Assert.DoesNotContain(seeder.Closed, p => p != dropped && p.Connection.CloseReason == PeerCloseReason.ProtocolViolation);
    }

    [Fact]
    public async Task A_flood_of_connections_is_refused_while_the_honest_download_completes()
    {
        SwarmContent content = SwarmContent.SingleFile(500_000, PieceLength, seed: 42);
        await using MiniSeeder seeder = await MiniSeeder.StartAsync(content, _seedFolder.Path);
        var silent = new List<RawPeer>();
        try
        {
            // ::1 floods (the listener allows 4 pending handshakes per address); the download comes over 127.0.0.1.
            for (int i = 0; i < 12; i++)
            {
                silent.Add(await RawPeer.ConnectAsync(seeder.EndPointV6));
            }

            var downloader = new SeedingDownloader(_downloadFolder.Path, _log);
            TorrentDownloadResult result = await downloader.DownloadAsync(content, seeder.EndPoint);

            Assert.True(result.IsComplete, string.Join(Environment.NewLine, _log));
            content.AssertWritten(_downloadFolder.Path);
            int refused = 0;
            foreach (RawPeer peer in silent.Skip(4))
            {
                await peer.WaitUntilClosedAsync();
                refused++;
            }

            Assert.Equal(8, refused);
        }
        finally
        {
            silent.ForEach(p => p.Dispose());
        }
    }

    /// <summary>Does what <paramref name="hostility"/> names over an open, handshaken connection; any seeder of the torrent will do.</summary>
    internal static async Task AbuseAsync(RawPeer hostile, Hostility hostility, TorrentInfo torrent)
    {
        switch (hostility)
        {
            case Hostility.PastPieceEnd:
                await BecomeUnchokedAsync(hostile);
                await hostile.SendAsync(Frames.Request(1, PieceLength - 100, 16384));
                break;
            case Hostility.Oversized:
                await hostile.SendAsync(Frames.Request(0, 0, 32 * 1024));
                break;
            case Hostility.BeyondLastPiece:
                await hostile.SendAsync(Frames.Request((uint)torrent.PieceCount, 0, 16384));
                break;
            case Hostility.RequestFlood:
                await BecomeUnchokedAsync(hostile);
                // Distinct valid 16 KiB blocks (of the full pieces), more than the socket buffers can absorb as
                // served blocks plus the queue bound.
                int fullPieces = torrent.PieceCount - 1;
                await SendIgnoringResetAsync(hostile, Frames.Concat(Enumerable.Range(0, 5000)
                    .Select(i => Frames.Request((uint)(i % fullPieces), (uint)(i / fullPieces), 16384))
                    .ToArray()));
                break;
            case Hostility.RequestsWhileChoked:
                await SendIgnoringResetAsync(hostile, Frames.Concat(Enumerable.Range(0, 100).Select(i => Frames.Request((uint)i, 0, 16384)).ToArray()));
                break;
            case Hostility.GarbageAfterHandshake:
                await hostile.SendAsync([0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x01, 0x02, 0x03]);
                break;
        }
    }

    private static async Task BecomeUnchokedAsync(RawPeer hostile)
    {
        await hostile.SendAsync(Frames.Message(2));
        await hostile.ReceiveUntilAsync(1);
    }

    private static async Task SendIgnoringResetAsync(RawPeer hostile, byte[] bytes)
    {
        try
        {
            await hostile.SendAsync(bytes);
        }
        catch (SocketException)
        {
            // The seeder hung up mid-flood: that is the point.
        }
    }
}

/// <summary>The engine's download session pointed at one seeder, with short timings.</summary>
internal sealed class SeedingDownloader(string folder, ConcurrentQueue<string> log)
{
    public async Task<TorrentDownloadResult> DownloadAsync(SwarmContent content, IPEndPoint seeder)
    {
        var session = new TorrentSession(content.Torrent, folder, new TorrentSessionOptions
        {
            Peers = [seeder],
            UseTrackers = false,
            TickInterval = TimeSpan.FromMilliseconds(50),
            SnubTimeout = TimeSpan.FromSeconds(2),
            ReconnectDelay = TimeSpan.FromSeconds(1),
            Log = log.Enqueue,
        });
        return await session.RunAsync(null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
