using System.Collections.Concurrent;
using System.Net;
using TorrentPS.Peers.Listening;

namespace TorrentPS.Engine.Tests.Session;

/// <summary>A download session uploads what it has verified while it leeches: two engine sessions swap halves on loopback.</summary>
public sealed class TorrentSessionUploadTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("tps-upload-").FullName;
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose()
    {
        Directory.Delete(_folder, true);
    }

    [Fact]
    public async Task Two_downloading_sessions_each_holding_half_the_data_complete_from_each_other()
    {
        SwarmContent content = SwarmContent.SingleFile(512 * 1024, 16 * 1024, seed: 21);
        int half = content.Stream.Length / 2;
        string folderA = StartWith(content, "a", 0, half);
        string folderB = StartWith(content, "b", half, content.Stream.Length - half);
        await using PeerListener listener = PeerListener.Start(new PeerListenerSettings { Port = 0, BindAddresses = [IPAddress.Loopback] });
        var endPointA = new IPEndPoint(IPAddress.Loopback, listener.Port);

        // A only takes incoming peers; B dials A. Neither has any other source.
        var a = new TorrentSession(content.Torrent, folderA, Options("A", listener: listener));
        var b = new TorrentSession(content.Torrent, folderB, Options("B", endPointA));
        Task<TorrentDownloadResult> runA = a.RunAsync();
        Task<TorrentDownloadResult> runB = b.RunAsync();

        Task<TorrentDownloadResult> first = await Task.WhenAny(runA, runB).WaitAsync(Limit);
        TorrentDownloadResult firstResult = await first;

        // The first to finish got its whole missing half from the other while that one was still downloading.
        Assert.True(firstResult.IsComplete, Log());
        Assert.Equal(first == runA ? content.Stream.Length - half : half, firstResult.BytesDownloaded);
        Assert.Equal(1, firstResult.PeersUsed);

        // A finished download ends its run; the first one seeds on so the other can finish (it may have already).
        using var stopSeeding = new CancellationTokenSource();
        SeedSession seed = first == runA
            ? new SeedSession(content.Torrent, folderA, SeedOptions("A seed", listener: listener))
            : new SeedSession(content.Torrent, folderB, SeedOptions("B seed", endPointA));
        Task<TorrentSeedResult> seeding = seed.RunAsync(null, stopSeeding.Token);
        TorrentDownloadResult secondResult = await (first == runA ? runB : runA).WaitAsync(Limit);
        stopSeeding.Cancel();
        await seeding.WaitAsync(Limit);

        Assert.True(secondResult.IsComplete, Log());
        content.AssertWritten(folderA);
        content.AssertWritten(folderB);
        Assert.Contains(_log, line => line.StartsWith("A:", StringComparison.Ordinal) && line.Contains("incoming", StringComparison.Ordinal));
    }

    /// <summary>A folder holding the torrent's file with only <paramref name="length"/> bytes from <paramref name="start"/> filled in (the rest zeros).</summary>
    private string StartWith(SwarmContent content, string name, int start, int length)
    {
        string folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        var bytes = new byte[content.Stream.Length];
        content.Stream.AsSpan(start, length).CopyTo(bytes.AsSpan(start));
        File.WriteAllBytes(Path.Combine(folder, content.Torrent.Files[0].Path), bytes);
        return folder;
    }

    private TorrentSessionOptions Options(string name, IPEndPoint? peer = null, PeerListener? listener = null) => new()
    {
        Peers = peer is null ? [] : [peer],
        Listener = listener,
        UseTrackers = false,
        TickInterval = TimeSpan.FromMilliseconds(50),
        SnubTimeout = TimeSpan.FromSeconds(2),
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        Log = line => _log.Enqueue($"{name}: {line}"),
    };

    private SeedOptions SeedOptions(string name, IPEndPoint? peer = null, PeerListener? listener = null) => new()
    {
        Port = 0,
        BindAddresses = [IPAddress.Loopback],
        Peers = peer is null ? [] : [peer],
        Listener = listener,
        UseTrackers = false,
        TickInterval = TimeSpan.FromMilliseconds(50),
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        Log = line => _log.Enqueue($"{name}: {line}"),
    };

    private string Log() => string.Join(Environment.NewLine, _log);
}
