using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using TorrentPS.Engine.Tests.Session;
using TorrentPS.Peers;
using TorrentPS.Peers.Listening;
using TorrentPS.Peers.Serving;
using TorrentPS.Storage;
using TorrentPS.Swarm;
using TorrentPS.Swarm.Choking;
using TorrentPS.Swarm.RateLimiting;

namespace TorrentPS.Engine.Tests.Seeding;

/// <summary>How a mini seeder is put together; every time is short so tests stay fast.</summary>
internal sealed record MiniSeederOptions
{
    /// <summary>The pieces it has (verified on disk); null means all.</summary>
    public IReadOnlySet<int>? Pieces { get; init; }

    public UploadSettings Upload { get; init; } = UploadSettings.Default;

    public ChokerSettings Choker { get; init; } = new()
    {
        UploadSlots = 4,
        OptimisticSlots = 1,
        RechokeInterval = TimeSpan.FromMilliseconds(50),
        SeedingTurn = TimeSpan.FromMilliseconds(500),
        OptimisticInterval = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>The torrent's upload limit; null is unlimited.</summary>
    public RateLimiter? UploadLimit { get; init; }
}

/// <summary>
/// A seeder assembled only from the seeding building blocks: a real <see cref="PeerListener"/> on 127.0.0.1 and
/// ::1, <see cref="UploadRules"/> and a <see cref="PieceReadCache"/> over a real <see cref="TorrentStorage"/>,
/// one <see cref="PeerUploader"/> per peer, and the <see cref="Choker{TPeer}"/> in seeding mode on a short timer.
/// It is what the session will do once seeding is wired in, minus the session.
/// </summary>
internal sealed class MiniSeeder : IAsyncDisposable
{
    private readonly MiniSeederOptions _options;
    private readonly TorrentStorage _storage;
    private readonly PeerListener _listener;
    private readonly PeerListenerRegistration _registration;
    private readonly UploadRules _rules;
    private readonly Bitfield _have;
    private readonly Choker<PeerUploader> _choker;
    private readonly ConcurrentDictionary<PeerUploader, ServedPeer> _peers = new();
    private readonly ConcurrentBag<Task> _serving = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _chokeLoop;

    private MiniSeeder(SwarmContent content, TorrentStorage storage, MiniSeederOptions options)
    {
        _options = options;
        _storage = storage;
        Content = content;
        TorrentInfo torrent = content.Torrent;
        _have = new Bitfield(torrent.PieceCount);
        for (int i = 0; i < torrent.PieceCount; i++)
        {
            if (options.Pieces?.Contains(i) ?? true)
            {
                _have.Set(i);
            }
        }

        _rules = new UploadRules(torrent, piece => _have[piece], options.Upload);
        Cache = new PieceReadCache(storage);
        _choker = new Choker<PeerUploader>(options.Choker, new Random(42));
        _listener = PeerListener.Start(new PeerListenerSettings
        {
            Port = 0,
            BindAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
            PeerSettings = new PeerConnectionSettings { HandshakeTimeout = TimeSpan.FromSeconds(5) },
        });
        Context = new PeerTorrentContext(torrent.InfoHash, "-MS0001-miniseeder01"u8, torrent.PieceCount);
        _registration = _listener.Register(Context, OnPeer);
        _chokeLoop = ChokeLoopAsync();
    }

    public SwarmContent Content { get; }

    public PeerTorrentContext Context { get; }

    public PieceReadCache Cache { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, _listener.Port);

    public IPEndPoint EndPointV6 => new(IPAddress.IPv6Loopback, _listener.Port);

    /// <summary>Every connection that ended, with why.</summary>
    public ConcurrentQueue<ServedPeer> Closed { get; } = new();

    public IEnumerable<ServedPeer> Open => _peers.Values;

    /// <summary>Block bytes sent to every peer so far.</summary>
    public long BytesUploaded => _peers.Values.Concat(Closed).Distinct().Sum(p => p.Uploader.BytesUploaded);

    /// <summary>Writes the content to <paramref name="folder"/> through verify-then-write (only the pieces it should have) and starts listening.</summary>
    public static async Task<MiniSeeder> StartAsync(SwarmContent content, string folder, MiniSeederOptions? options = null)
    {
        options ??= new MiniSeederOptions();
        var storage = new TorrentStorage(content.Torrent, folder);
        for (int piece = 0; piece < content.Torrent.PieceCount; piece++)
        {
            if (options.Pieces?.Contains(piece) ?? true)
            {
                int size = content.Torrent.GetPieceSize(piece);
                Assert.True(await storage.TryWriteVerifiedPieceAsync(piece, content.Block(piece, 0, size)));
            }
        }

        return new MiniSeeder(content, storage, options);
    }

    /// <summary>The connection whose remote end is <paramref name="remote"/>, once it has closed (bounded wait).</summary>
    public async Task<ServedPeer> ClosedPeerAsync(EndPoint remote)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            ServedPeer? peer = Closed.FirstOrDefault(p => Equals(p.Connection.RemoteEndPoint, remote));
            if (peer is not null)
            {
                return peer;
            }

            await Task.Delay(10, patience.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _registration.Dispose();
        await _listener.StopAsync();
        foreach (ServedPeer peer in _peers.Values)
        {
            peer.Connection.Close();
        }

        await Task.WhenAll(_serving.Append(_chokeLoop)).WaitAsync(TimeSpan.FromSeconds(15));
        await _storage.DisposeAsync();
    }

    private void OnPeer(PeerConnection connection)
    {
        var uploader = new PeerUploader(connection, _rules, Cache, _options.UploadLimit is null ? null : new RateLimitChain(_options.UploadLimit));
        var peer = new ServedPeer(connection, uploader, _clock.Elapsed);
        _peers[uploader] = peer;
        _serving.Add(ServeAsync(peer));
    }

    private async Task ServeAsync(ServedPeer peer)
    {
        await Task.Yield();
        try
        {
            await PeerUploader.AnnouncePiecesAsync(peer.Connection, _have);
            Task serve = peer.Uploader.RunAsync(_stop.Token);
            await peer.Connection.RunAsync(new Handler(peer.Uploader), _stop.Token);
            await serve;
        }
        finally
        {
            _peers.TryRemove(peer.Uploader, out _);
            Closed.Enqueue(peer);
        }
    }

    private async Task ChokeLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                TimeSpan now = _clock.Elapsed;
                List<ChokerPeer<PeerUploader>> snapshots = _peers.Values.Select(p => p.Snapshot(now)).ToList();
                ChokerDecision<PeerUploader> decision = _choker.Rechoke(snapshots, ChokerMode.Seeding, now);
                foreach (ChokerPeer<PeerUploader> peer in snapshots)
                {
                    // Not awaited: a peer that does not read must not hold up the choking of the others.
                    _ = decision.IsUnchoked(peer.Peer) ? peer.Peer.UnchokeAsync() : peer.Peer.ChokeAsync();
                }

                await Task.Delay(_options.Choker.RechokeInterval, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One connection as the seeder sees it.</summary>
    internal sealed class ServedPeer(PeerConnection connection, PeerUploader uploader, TimeSpan connectedAt)
    {
        private readonly RateMeter _upload = new(20);
        private long _countedUpload;

        public PeerConnection Connection { get; } = connection;

        public PeerUploader Uploader { get; } = uploader;

        public PeerProtocolError? Error => (Connection.CloseError as PeerProtocolException)?.Error;

        public ChokerPeer<PeerUploader> Snapshot(TimeSpan now)
        {
            long total = Uploader.BytesUploaded;
            _upload.Add(total - _countedUpload, now);
            _countedUpload = total;
            return new ChokerPeer<PeerUploader>(Uploader, connectedAt) { IsInterested = Uploader.IsPeerInterested, UploadRate = _upload.BytesPerSecond(now) };
        }

        public override string ToString() => $"{Connection} ({Connection.CloseError?.Message})";
    }

    private sealed class Handler(PeerUploader uploader) : IPeerMessageHandler
    {
        public async ValueTask OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken) =>
            await uploader.HandleAsync(message);
    }
}
