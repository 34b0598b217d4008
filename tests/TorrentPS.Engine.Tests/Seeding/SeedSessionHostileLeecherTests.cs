using System.Collections.Concurrent;
using TorrentPS.Engine.Tests.Peers.Listening;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Engine.Tests.Storage;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;

namespace TorrentPS.Engine.Tests.Seeding;

/// <summary>
/// The hostile leechers of <see cref="HostileLeecherTests"/> against the production <see cref="SeedSession"/>,
/// while the engine's own download session fetches the torrent from the same session: each is dropped for what
/// it did (the session's log is how it tells), and the honest download completes intact.
/// </summary>
public sealed class SeedSessionHostileLeecherTests : IDisposable
{
    // HostileLeecherTests' past-the-end request is cut to this piece length.
    private const int PieceLength = 32 * 1024;
    private readonly TempFolder _seedFolder = new();
    private readonly TempFolder _downloadFolder = new();
    private readonly ConcurrentQueue<string> _downloadLog = new();

    public void Dispose()
    {
        _seedFolder.Dispose();
        _downloadFolder.Dispose();
    }

    [Theory]
    [InlineData(Hostility.PastPieceEnd, true, "past the end of the piece")]
    [InlineData(Hostility.PastPieceEnd, false, "past the end of the piece")]
    [InlineData(Hostility.Oversized, true, "32768 bytes")]
    [InlineData(Hostility.BeyondLastPiece, false, "beyond the last piece")]
    [InlineData(Hostility.RequestFlood, true, "flood")]
    [InlineData(Hostility.RequestFlood, false, "flood")]
    [InlineData(Hostility.RequestsWhileChoked, true, "while choked")]
    [InlineData(Hostility.RequestsWhileChoked, false, "while choked")]
    [InlineData(Hostility.GarbageAfterHandshake, true, "longer than")]
    public async Task The_hostile_leecher_is_dropped_and_the_honest_download_completes(Hostility hostility, bool fast, string why)
    {
        SwarmContent content = SwarmContent.SingleFile(1_500_000, PieceLength, seed: 51);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path, o => With(o,
            // Above what our own downloader ever pipelines (500), far below a flood.
            new UploadSettings { MaxQueuedRequests = 600, MaxRefusedRequests = 20 }));
        using RawPeer hostile = await RawPeer.ConnectAsync(seeder.EndPoint);
        await hostile.HandshakeAsync(content.Torrent.InfoHash, fast);

        Task<TorrentDownloadResult> download = new SeedingDownloader(_downloadFolder.Path, _downloadLog).DownloadAsync(content, seeder.EndPoint);
        await HostileLeecherTests.AbuseAsync(hostile, hostility, content.Torrent);
        await hostile.WaitUntilClosedAsync();

        string dropped = await LogLineAsync(seeder, $"{hostile.LocalEndPoint}: disconnected (");
        Assert.Contains($"disconnected ({PeerCloseReason.ProtocolViolation}: ", dropped, StringComparison.Ordinal);
        Assert.Contains(why, dropped, StringComparison.Ordinal);
        TorrentDownloadResult result = await download;
        TorrentSeedResult seeded = await seeder.StopAsync();
        Assert.True(result.IsComplete, string.Join(Environment.NewLine, _downloadLog) + Environment.NewLine + seeder.LogText);
        content.AssertWritten(_downloadFolder.Path);
        Assert.Single(seeder.Log, line => line.Contains(nameof(PeerCloseReason.ProtocolViolation), StringComparison.Ordinal));
        Assert.True(seeded.BytesUploaded >= content.Torrent.ContentSize, seeded.ToString());
    }

    [Fact]
    public async Task A_flood_of_connections_is_refused_by_its_listener_while_the_honest_download_completes()
    {
        SwarmContent content = SwarmContent.SingleFile(500_000, PieceLength, seed: 52);
        await SeedData.WriteAsync(content, _seedFolder.Path);
        await using SeedSessionHarness seeder = await SeedSessionHarness.StartAsync(content.Torrent, _seedFolder.Path);
        var silent = new List<RawPeer>();
        try
        {
            // ::1 floods (the listener allows 4 pending handshakes per address); the download comes over 127.0.0.1.
            for (int i = 0; i < 12; i++)
            {
                silent.Add(await RawPeer.ConnectAsync(seeder.EndPointV6));
            }

            TorrentDownloadResult result = await new SeedingDownloader(_downloadFolder.Path, _downloadLog).DownloadAsync(content, seeder.EndPoint);

            Assert.True(result.IsComplete, string.Join(Environment.NewLine, _downloadLog) + Environment.NewLine + seeder.LogText);
            content.AssertWritten(_downloadFolder.Path);
            foreach (RawPeer peer in silent.Skip(4))
            {
                await peer.WaitUntilClosedAsync();
                await LogLineAsync(seeder, $"Refused {peer.LocalEndPoint}: 4 handshakes from ::1 are already pending");
            }

            Assert.Equal(8, seeder.Log.Count(line => line.StartsWith("Refused ", StringComparison.Ordinal)));
        }
        finally
        {
            silent.ForEach(p => p.Dispose());
        }
    }

    private static SeedOptions With(SeedOptions options, UploadSettings upload) => new()
    {
        Port = options.Port,
        BindAddresses = options.BindAddresses,
        UseTrackers = options.UseTrackers,
        TickInterval = options.TickInterval,
        ReconnectDelay = options.ReconnectDelay,
        PeerSettings = options.PeerSettings,
        Choker = options.Choker,
        Log = options.Log,
        Upload = upload,
    };

    /// <summary>The first line of the seed session's log that contains <paramref name="text"/> (bounded wait).</summary>
    private static async Task<string> LogLineAsync(SeedSessionHarness seeder, string text)
    {
        using var patience = new CancellationTokenSource(SeedSessionHarness.Patience);
        while (true)
        {
            string? line = seeder.Log.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            try
            {
                await Task.Delay(10, patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"The seed session never logged '{text}':{Environment.NewLine}{seeder.LogText}");
            }
        }
    }
}
