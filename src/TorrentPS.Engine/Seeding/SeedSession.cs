using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Peers;
using TorrentPS.Peers.Listening;
using TorrentPS.Peers.Serving;
using TorrentPS.Seeding;
using TorrentPS.Session;
using TorrentPS.Storage;
using TorrentPS.Swarm;
using TorrentPS.Swarm.Choking;
using TorrentPS.Swarm.RateLimiting;
using TorrentPS.Tracking;

namespace TorrentPS
{
    /// <summary>
    /// One torrent's seeding: checks the data (or trusts a valid resume file), listens for peers (IPv4 and IPv6,
    /// routed by info-hash), connects to the peers it is given and those its trackers name, announces with
    /// left = what it lacks (0 for complete data), serves requests through the upload limit with the choker in
    /// its round-robin seeding mode, and stops when the seed ratio or time is reached or when cancelled. The
    /// stop is graceful: peers closed, trackers told "stopped". Incomplete data is seeded as far as it is
    /// verified (peers are offered only verified pieces, and the log and <see cref="Started"/> say so);
    /// data with no verified piece at all is refused with a <see cref="TorrentSeedException"/>.
    /// </summary>
    public sealed partial class SeedSession
    {
        private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(5);

        private readonly TorrentInfo _torrent;
        private readonly string _dataFolder;
        private readonly SeedOptions _options;
        private readonly byte[] _peerId;
        private readonly PeerTorrentContext _context;
        private readonly object _sync = new object();
        private readonly Dictionary<PeerConnection, SeededPeer> _peers = new Dictionary<PeerConnection, SeededPeer>();
        private readonly HashSet<string> _peersServed = new HashSet<string>(StringComparer.Ordinal);
        private readonly OutgoingPeers _outgoing = new OutgoingPeers();
        private readonly BackgroundTasks _background = new BackgroundTasks();
        private readonly Stopwatch _clock = new Stopwatch();
        private RateMeter _uploadRate = new RateMeter(5);
        private SessionChoker<SeededPeer> _choker = null!;
        private Bitfield _have = null!;
        private UploadRules _rules = null!;
        private PieceReadCache _cache = null!;
        private RateLimitChain _uploadLimit = null!;
        private TorrentStorage? _storage;
        private PeerListener? _listener;
        private PeerListenerRegistration? _registration;
        private TrackerClient? _trackerClient;
        private readonly WakeSignal _wake = new WakeSignal();
        private CancellationToken _stopToken;
        private TorrentActivity _activity;
        private SeedStopReason _stopReason;
        private TimeSpan _seedingSince;
        private bool _stopping;
        private long _verifiedBytes;
        private long _closedUploaded;
        private int _connecting;
        private int _port;
        private int _running;

        /// <param name="dataFolder">The download folder: the one that holds the torrent's file, or its top folder for a multi-file torrent.</param>
        public SeedSession(TorrentInfo torrent, string dataFolder, SeedOptions? options = null)
        {
            _torrent = torrent ?? throw new ArgumentNullException(nameof(torrent));
            _dataFolder = Path.GetFullPath(dataFolder ?? throw new ArgumentNullException(nameof(dataFolder)));
            _options = options ?? SeedOptions.Default;
            _options.Validate();
            _peerId = PeerIdGenerator.Generate();
            _context = new PeerTorrentContext(torrent.InfoHash, _peerId, torrent.PieceCount);
        }

        public TorrentInfo Torrent => _torrent;

        /// <summary>The download folder the data is read from, as a full path.</summary>
        public string DataFolder => _dataFolder;

        /// <summary>Our peer id, -TP0100- and twelve random characters; the same for every run of this session.</summary>
        public string PeerId => PeerIdGenerator.Format(_peerId);

        /// <summary>The port peers can connect to while a run listens; 0 before that.</summary>
        public int Port => Volatile.Read(ref _port);

        /// <summary>Raised once per run when the data is verified and the session listens (on the run's thread; keep handlers quick).</summary>
        public event EventHandler<SeedStartedEventArgs>? Started;

        /// <summary>
        /// Seeds until the ratio or time limit of the options is reached or until cancelled (then stops gracefully;
        /// the result says why it ended). Throws <see cref="TorrentSeedException"/> when no piece of the data
        /// verifies, <see cref="StorageException"/> when the data cannot be read, and
        /// <see cref="PeerListenerException"/> when the port cannot be bound. Running it again seeds again.
        /// </summary>
        public async Task<TorrentSeedResult> RunAsync(IProgress<TorrentStatus>? progress = null, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _running, 1) != 0)
            {
                throw new InvalidOperationException("This seed session is already running.");
            }

            try
            {
                ResetRun();
                _clock.Restart();
                var resume = new ResumeStore(_options.ResumeFolder ?? Path.Combine(_dataFolder, ResumeStore.DefaultFolderName));
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _stopToken = stop.Token;
                _storage = new TorrentStorage(_torrent, _dataFolder);
                try
                {
                    PieceSet verified = await LoadVerifiedPiecesAsync(resume, progress, stop.Token).ConfigureAwait(false);
                    Offer(verified);
                    await SeedAsync(progress, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Cancelled while checking the data: nothing was served.
                }
                finally
                {
                    await ShutDownAsync().ConfigureAwait(false);
                }

                _activity = TorrentActivity.Stopped;
                progress?.Report(Snapshot());
                return Result();
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }

        private void ResetRun()
        {
            lock (_sync)
            {
                _peers.Clear();
                _peersServed.Clear();
                _background.Clear();
                _uploadRate = new RateMeter(5);
                _choker = new SessionChoker<SeededPeer>(_options.Choker);
                _activity = TorrentActivity.Starting;
                _stopReason = SeedStopReason.Stopped;
                _seedingSince = TimeSpan.Zero;
                _stopping = false;
                _verifiedBytes = 0;
                _closedUploaded = 0;
                _connecting = 0;
                _have = new Bitfield(_torrent.PieceCount);
                Volatile.Write(ref _port, 0);
            }
        }

        private async Task<PieceSet> LoadVerifiedPiecesAsync(ResumeStore resume, IProgress<TorrentStatus>? progress, CancellationToken token)
        {
            ResumeLoadResult loaded = await resume.LoadAsync(_torrent, _dataFolder, token).ConfigureAwait(false);
            if (loaded.Status == ResumeLoadStatus.Loaded && loaded.Data is not null && !loaded.Data.VerifiedPieces.IsEmpty)
            {
                Log($"Resume data from {loaded.Path}: {loaded.Data.VerifiedPieces}; the data is not checked again.");
                return loaded.Data.VerifiedPieces;
            }

            if (loaded.Warning is not null)
            {
                Log(loaded.Warning);
            }

            _activity = TorrentActivity.CheckingData;
            var checkProgress = progress is null ? null : new CheckStatusReporter(_torrent.Name, progress);
            DataCheckResult check = await DataChecker.CheckAsync(_torrent, _dataFolder, checkProgress, _options.CheckParallelism, token).ConfigureAwait(false);
            Log($"Data checked: {check.PiecesGood} good, {check.PiecesBad} bad, {check.PiecesMissing} missing pieces.");
            if (check.PiecesGood == 0)
            {
                string what = _torrent.IsMultiFile ? $"the folder '{_torrent.Name}'" : $"the file '{_torrent.Files[0].Path}'";
                throw new TorrentSeedException(
                    _dataFolder,
                    $"Nothing of '{_torrent.Name}' to seed in '{_dataFolder}': none of its {_torrent.PieceCount} pieces verified ({check.PiecesMissing} missing, {check.PiecesBad} bad). Give the folder that holds {what}.");
            }

            try
            {
                // A seeder writes nothing, so this stays valid and the next run starts serving at once.
                resume.Save(ResumeData.Capture(_torrent, _dataFolder, check.VerifiedPieces));
            }
            catch (StorageException ex)
            {
                Log($"Resume data could not be saved (the next run checks the data again): {ex.Message}");
            }

            return check.VerifiedPieces;
        }

        private void Offer(PieceSet verified)
        {
            lock (_sync)
            {
                foreach (int piece in verified.GetPieces())
                {
                    _have.Set(piece);
                    _verifiedBytes += _torrent.GetPieceSize(piece);
                }
            }

            if (!_have.IsComplete)
            {
                Log($"The data is incomplete: seeding the {_have.Count} verified of {_torrent.PieceCount} pieces; peers are offered only those.");
            }

            // The set never changes while seeding, so the read loops may consult it without a lock.
            Bitfield have = _have;
            _rules = new UploadRules(_torrent, piece => have[piece], _options.Upload);
            _cache = new PieceReadCache(_storage!);
            _uploadLimit = new TransferLimits(_options.UploadLimit).UploadThrough(_options.GlobalLimits);
        }

        private async Task SeedAsync(IProgress<TorrentStatus>? progress, CancellationTokenSource stop)
        {
            Listen();
            TimeSpan now = _clock.Elapsed;
            lock (_sync)
            {
                _activity = TorrentActivity.Seeding;
                _seedingSince = now;
                foreach (IPEndPoint peer in _options.Peers)
                {
                    _outgoing.Add(peer, "manual");
                }
            }

            StartTrackers(stop.Token);
            Started?.Invoke(this, new SeedStartedEventArgs(Port, _listener!.LocalEndPoints, _have.Count, _torrent.PieceCount));
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    // A fresh signal before the tick, so that what happens from now on cuts the wait below short.
                    Task wake = _wake.Renew();
                    Tick();
                    progress?.Report(Snapshot());
                    if (GoalReached() is SeedStopReason reason)
                    {
                        _stopReason = reason;
                        Log(reason == SeedStopReason.RatioReached
                            ? $"{_torrent.Name}: seed ratio {_options.SeedRatio:0.##} reached ({ByteSize.Format(TotalUploaded())} uploaded)."
                            : $"{_torrent.Name}: seeded for {_options.SeedTime}.");
                        break;
                    }

                    await Task.WhenAny(wake, Task.Delay(_options.TickInterval, stop.Token)).ConfigureAwait(false);
                }
            }
            finally
            {
                stop.Cancel();
            }
        }

        private void Listen()
        {
            var settings = new PeerListenerSettings
            {
                Port = _options.Port,
                BindAddresses = _options.BindAddresses,
                PeerSettings = _options.PeerSettings,
                Log = _options.Log,
            };
            _listener = _options.Listener ?? (_options.Port == 0 ? PeerListener.Start(settings) : SharedListeners.Acquire(settings));
            try
            {
                _registration = _listener.Register(_context, OnIncoming);
            }
            catch
            {
                // The same torrent already seeded on this port in this process: it cannot be routed twice.
                _ = ReleaseListenerAsync();
                throw;
            }

            Volatile.Write(ref _port, _listener.Port);
            Log($"Listening for peers of {_torrent.Name} on port {_listener.Port} ({string.Join(", ", _listener.LocalEndPoints)}).");
        }

        private void StartTrackers(CancellationToken token)
        {
            IReadOnlyList<IReadOnlyList<string>> tiers = SessionTrackers.Tiers(_torrent, _options.UseTrackers, _options.Trackers);
            if (tiers.Count == 0)
            {
                return;
            }

            // Disposed in ShutDownAsync, after the updater has said "stopped" with it.
            _trackerClient = new TrackerClient(_options.TrackerSettings);
            TrackerUpdater updater = SessionTrackers.CreateUpdater(_trackerClient, tiers, new AnnounceRequest(_torrent.InfoHash, _peerId, Port), TrackerTotals, _options.TrackerSettings, AddTrackerPeers, Log);
            Track(updater.RunAsync(token));
        }

        private TrackerProgress TrackerTotals()
        {
            lock (_sync)
            {
                return new TrackerProgress(TotalUploadedLocked(), 0, _torrent.TotalSize - _verifiedBytes);
            }
        }

        private void AddTrackerPeers(TrackerPeersEventArgs e)
        {
            int port = Port;
            lock (_sync)
            {
                foreach (TrackerPeer peer in e.Peers)
                {
                    // The tracker lists us as well; dialling our own port only ends in a refused handshake.
                    if (peer.Port == port && IPAddress.IsLoopback(peer.Address))
                    {
                        continue;
                    }

                    _outgoing.Add(peer.ToEndPoint(), "tracker");
                }
            }

            Wake();
        }

        private SeedStopReason? GoalReached()
        {
            long uploaded = TotalUploaded();
            TimeSpan seeded;
            lock (_sync)
            {
                seeded = _clock.Elapsed - _seedingSince;
            }

            return SeedGoal.Reached(_options.SeedRatio, _options.SeedTime, uploaded, _torrent.ContentSize, seeded);
        }

        private long TotalUploaded()
        {
            lock (_sync)
            {
                return TotalUploadedLocked();
            }
        }

        private long TotalUploadedLocked() => _closedUploaded + _peers.Values.Sum(p => p.Uploader.BytesUploaded);

        private TorrentStatus Snapshot()
        {
            lock (_sync)
            {
                return new TorrentStatus(
                    _torrent.Name,
                    _activity,
                    _verifiedBytes,
                    _torrent.TotalSize,
                    _have.Count,
                    _torrent.PieceCount,
                    0,
                    _uploadRate.BytesPerSecond(_clock.Elapsed),
                    _peers.Count,
                    _outgoing.Count,
                    _peers.Values.Count(p => p.IsSeed),
                    TotalUploadedLocked());
            }
        }

        private TorrentSeedResult Result()
        {
            string path = !_torrent.IsMultiFile && _storage?.GetFullPath(_torrent.Files[0]) is string file ? file : Path.Combine(_dataFolder, _torrent.Name);
            lock (_sync)
            {
                return new TorrentSeedResult(
                    _torrent.Name,
                    _torrent.InfoHash,
                    path,
                    _torrent.ContentSize,
                    _clock.Elapsed,
                    TotalUploadedLocked(),
                    _peersServed.Count,
                    _have.Count,
                    _torrent.PieceCount,
                    Port,
                    _stopReason);
            }
        }

        /// <summary>The graceful stop: no new peers, every connection closed, trackers told "stopped", files closed.</summary>
        private async Task ShutDownAsync()
        {
            List<SeededPeer> peers;
            lock (_sync)
            {
                _activity = TorrentActivity.Stopping;
                _stopping = true;
                peers = _peers.Values.ToList();
            }

            _registration?.Dispose();
            _registration = null;
            await ReleaseListenerAsync().ConfigureAwait(false);

            foreach (SeededPeer peer in peers)
            {
                peer.Connection.Close(PeerCloseReason.Local);
            }

            await _background.WaitAsync(ShutdownBound + _options.TrackerSettings.StoppedAnnounceTimeout).ConfigureAwait(false);
            _trackerClient?.Dispose();
            _trackerClient = null;
            _cache?.Clear();
            if (_storage is not null)
            {
                await _storage.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Stops our own listener, or leaves a shared one (the last to leave stops it); never a listener the options gave.</summary>
        private Task ReleaseListenerAsync()
        {
            PeerListener? listener = _listener;
            _listener = null;
            if (listener is null || _options.Listener is not null)
            {
                return Task.CompletedTask;
            }

            return _options.Port == 0 ? listener.StopAsync() : SharedListeners.ReleaseAsync(listener);
        }

        private void Track(Task task) => _background.Track(task);

        /// <summary>Runs the housekeeping now rather than at the next tick.</summary>
        private void Wake() => _wake.Wake();

        private void Log(string message) => _options.Log?.Invoke(message);
    }
}
