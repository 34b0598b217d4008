using System;
using System.Buffers;
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
using TorrentPS.Session;
using TorrentPS.Storage;
using TorrentPS.Swarm;
using TorrentPS.Swarm.Choking;
using TorrentPS.Swarm.RateLimiting;
using TorrentPS.Tracking;

namespace TorrentPS
{
    /// <summary>
    /// One torrent's download: checks what is already on disk (or trusts a valid resume file), finds peers
    /// through trackers and given addresses, downloads with the piece picker, verifies every piece before it
    /// is written, uploads the pieces it has verified to the peers the choker unchokes (tit-for-tat, with an
    /// optimistic slot), keeps to its download and upload limits, and stops gracefully when cancelled (verified data kept, resume state written, trackers
    /// told "stopped"). A run ends when the data is complete or the token is cancelled; running it again
    /// continues where it stopped.
    /// </summary>
    public sealed partial class TorrentSession
    {
        private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(5);

        private readonly TorrentInfo _torrent;
        private readonly string _destination;
        private readonly TorrentSessionOptions _options;
        private readonly byte[] _peerId;
        private readonly PeerTorrentContext _context;
        private readonly object _sync = new object();
        private readonly Dictionary<PeerConnection, PeerState> _peers = new Dictionary<PeerConnection, PeerState>();
        private readonly Dictionary<int, byte[]> _pieceBuffers = new Dictionary<int, byte[]>();
        private readonly PeerCandidates _candidates = new PeerCandidates();
        private readonly HashSet<string> _peersUsed = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<BlockRequest> _pickScratch = new List<BlockRequest>();
        private readonly List<object> _cancelScratch = new List<object>();
        private readonly BackgroundTasks _background = new BackgroundTasks();
        private readonly Stopwatch _clock = new Stopwatch();
        private readonly RateMeter _downloadRate = new RateMeter(5);
        private RateMeter _uploadRate = new RateMeter(5);
        private SessionChoker<PeerState> _choker = null!;
        private UploadRules _rules = null!;
        private PieceReadCache _cache = null!;
        private RateLimitChain _uploadLimit = null!;
        private RateLimitChain? _downloadLimit;
        private PeerListenerRegistration? _registration;
        private bool[] _verified = Array.Empty<bool>();
        private PiecePicker _picker = null!;
        private TorrentStorage _storage = null!;
        private SemaphoreSlim _writeSlots = null!;
        private TaskCompletionSource<bool> _done = null!;
        private readonly WakeSignal _wake = new WakeSignal();
        private TrackerClient? _trackerClient;
        private CancellationToken _stopToken;
        private Exception? _fatal;
        private TorrentActivity _activity;
        private long _verifiedBytes;
        private long _bytesDownloaded;
        private long _closedUploaded;
        private bool _stopping;
        private int _connecting;

        public TorrentSession(TorrentInfo torrent, string destination, TorrentSessionOptions? options = null)
        {
            _torrent = torrent ?? throw new ArgumentNullException(nameof(torrent));
            _destination = Path.GetFullPath(destination ?? throw new ArgumentNullException(nameof(destination)));
            _options = options ?? TorrentSessionOptions.Default;
            _options.Validate();
            _peerId = PeerIdGenerator.Generate();
            _context = new PeerTorrentContext(torrent.InfoHash, _peerId, torrent.PieceCount);
        }

        public TorrentInfo Torrent => _torrent;

        /// <summary>Our peer id, -TP0100- and twelve random characters; the same for every run of this session.</summary>
        public string PeerId => PeerIdGenerator.Format(_peerId);

        /// <summary>Downloads until the data is complete and verified, or until cancelled (then stops gracefully).</summary>
        public async Task<TorrentDownloadResult> RunAsync(IProgress<TorrentStatus>? progress = null, CancellationToken cancellationToken = default)
        {
            ResetRun();
            _clock.Restart();
            Directory.CreateDirectory(_destination);
            var resume = new ResumeStore(_options.ResumeFolder ?? Path.Combine(_destination, ResumeStore.DefaultFolderName));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _stopToken = stop.Token;
            _storage = new TorrentStorage(_torrent, _destination);
            try
            {
                PieceSet verified = await LoadVerifiedPiecesAsync(resume, progress, stop.Token).ConfigureAwait(false);
                _picker = new PiecePicker(_torrent.PieceCount, _torrent.PieceLength, _torrent.TotalSize, new Random());
                foreach (int piece in verified.GetPieces())
                {
                    MarkVerified(piece);
                }

                if (!_picker.IsComplete && !stop.IsCancellationRequested)
                {
                    await DownloadAsync(resume, progress, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled while checking existing data: nothing was downloaded, nothing is lost.
            }
            finally
            {
                await ShutDownAsync(resume).ConfigureAwait(false);
            }

            if (_fatal is not null)
            {
                throw _fatal;
            }

            _activity = _picker?.IsComplete == true ? TorrentActivity.Completed : TorrentActivity.Stopped;
            progress?.Report(Snapshot());
            return Result();
        }

        private void ResetRun()
        {
            lock (_sync)
            {
                _peers.Clear();
                _peersUsed.Clear();
                _candidates.ClearRetryTimes();
                _pieceBuffers.Clear();
                _background.Clear();
                _fatal = null;
                _verifiedBytes = 0;
                _bytesDownloaded = 0;
                _closedUploaded = 0;
                _uploadRate = new RateMeter(5);
                _choker = new SessionChoker<PeerState>(_options.Choker);
                _stopping = false;
                _verified = new bool[_torrent.PieceCount];
                _connecting = 0;
                _activity = TorrentActivity.Starting;
                _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _writeSlots = new SemaphoreSlim(PendingWriteSlots(_options, _torrent.PieceLength));
            }
        }

        /// <summary>How many complete pieces may wait for verification and writing: the count option, lowered so they fit the byte option.</summary>
        internal static int PendingWriteSlots(TorrentSessionOptions options, int pieceLength) =>
            (int)Math.Max(1, Math.Min(options.MaxPendingWrites, options.MaxPendingWriteBytes / Math.Max(1, pieceLength)));

        private async Task<PieceSet> LoadVerifiedPiecesAsync(ResumeStore resume, IProgress<TorrentStatus>? progress, CancellationToken token)
        {
            ResumeLoadResult loaded = await resume.LoadAsync(_torrent, _destination, token).ConfigureAwait(false);
            if (loaded.Status == ResumeLoadStatus.Loaded && loaded.Data is not null)
            {
                Log($"Resume data from {loaded.Path}: {loaded.Data.VerifiedPieces}.");
                return loaded.Data.VerifiedPieces;
            }

            if (loaded.Warning is not null)
            {
                Log(loaded.Warning);
            }

            _activity = TorrentActivity.CheckingData;
            // Reported straight through (not via Progress<T>, which posts to the thread pool and could let a
            // late check snapshot arrive after the download's own).
            var checkProgress = progress is null ? null : new CheckStatusReporter(_torrent.Name, progress);
            DataCheckResult check = await DataChecker.CheckAsync(_torrent, _destination, checkProgress, _options.CheckParallelism, token).ConfigureAwait(false);
            Log($"Existing data checked: {check.PiecesGood} good, {check.PiecesBad} bad, {check.PiecesMissing} missing pieces.");
            return check.VerifiedPieces;
        }

        private async Task DownloadAsync(ResumeStore resume, IProgress<TorrentStatus>? progress, CancellationTokenSource stop)
        {
            _activity = TorrentActivity.Downloading;
            _storage.CreateEmptyFiles();
            PrepareUploads();
            lock (_sync)
            {
                foreach (IPEndPoint peer in _options.Peers)
                {
                    _candidates.Add(peer, "manual");
                }
            }

            ListenForPeers();
            WatchedAnnouncer? announcer = null;
            TrackerUpdater? updater = null;
            IReadOnlyList<IReadOnlyList<string>> tiers = SessionTrackers.Tiers(_torrent, _options.UseTrackers, _options.Trackers);
            if (tiers.Count > 0)
            {
                // Disposed in ShutDownAsync, after the updater has said "stopped" with it.
                _trackerClient = new TrackerClient(_options.TrackerSettings);
                announcer = new WatchedAnnouncer(_trackerClient);
                updater = SessionTrackers.CreateUpdater(announcer, tiers, new AnnounceRequest(_torrent.InfoHash, _peerId, _options.Port), TrackerTotals, _options.TrackerSettings, AddTrackerPeers, Log);
                Track(updater.RunAsync(stop.Token));
            }

            try
            {
                TimeSpan lastResumeSave = TimeSpan.Zero;
                while (!stop.IsCancellationRequested && !_done.Task.IsCompleted)
                {
                    // A fresh signal before the tick, so that peers learnt from now on cut the wait below short.
                    Task wake = _wake.Renew();
                    Tick();
                    progress?.Report(Snapshot());
                    if (_clock.Elapsed - lastResumeSave >= _options.ResumeSaveInterval)
                    {
                        // Flushed first: a resume file only stays valid if nothing is written after it (a later
                        // write makes it stale, and a stale one means a full recheck, never a lost piece).
                        lastResumeSave = _clock.Elapsed;
                        await _storage.FlushAsync(stop.Token).ConfigureAwait(false);
                        SaveResume(resume);
                    }

                    await Task.WhenAny(_done.Task, wake, Task.Delay(_options.TickInterval, stop.Token)).ConfigureAwait(false);
                }

                if (_picker.IsComplete)
                {
                    Log($"{_torrent.Name}: all {_torrent.PieceCount} pieces verified.");
                    if (updater is not null && announcer is not null)
                    {
                        await AnnounceCompletedAsync(updater, announcer, stop.Token).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                stop.Cancel();
            }
        }

        /// <summary>
        /// Tells the trackers "completed" before the run ends (which then says "stopped"), bounded like the goodbye.
        /// A tracker that never answered is not waited for: the updater only says "completed" after "started".
        /// </summary>
        private async Task AnnounceCompletedAsync(TrackerUpdater updater, WatchedAnnouncer announcer, CancellationToken token)
        {
            updater.NotifyCompleted();
            if (!announcer.AnyAnswered)
            {
                return;
            }

            using var bound = CancellationTokenSource.CreateLinkedTokenSource(token);
            Task timeout = Task.Delay(_options.TrackerSettings.StoppedAnnounceTimeout, bound.Token);
            await Task.WhenAny(announcer.CompletedSent, timeout).ConfigureAwait(false);
            bound.Cancel();
        }

        /// <summary>
        /// Readies serving: peers are offered exactly the verified pieces (read from a flag per piece, so the
        /// connections' read loops need no lock), through this torrent's upload limit and the global one.
        /// </summary>
        private void PrepareUploads()
        {
            bool[] verified = _verified;
            _rules = new UploadRules(_torrent, piece => Volatile.Read(ref verified[piece]), _options.Upload);
            _cache = new PieceReadCache(_storage);
            var limits = new TransferLimits(_options.UploadLimit, _options.DownloadLimit);
            _uploadLimit = limits.UploadThrough(_options.GlobalLimits);

            // Unlimited with no global caps: no chain at all, so a block costs nothing on the way in.
            _downloadLimit = _options.DownloadLimit == 0 && _options.GlobalLimits is null ? null : limits.DownloadThrough(_options.GlobalLimits);
        }

        /// <summary>Registers the torrent with the listener the options give, so peers that find us are taken on too.</summary>
        private void ListenForPeers()
        {
            if (_options.Listener is PeerListener listener)
            {
                _registration = listener.Register(_context, OnIncoming);
                Log($"Taking peers of {_torrent.Name} on port {listener.Port}.");
            }
        }

        /// <summary>Housekeeping, a few times a second: more connections, snubbed peers, upload meters, the rechoke when due, requests topped up.</summary>
        private void Tick()
        {
            TimeSpan now = _clock.Elapsed;
            List<PeerState> peers;
            List<(PeerState Peer, bool Unchoke)>? rechoke = null;
            var connectTo = new List<(IPEndPoint EndPoint, string Source)>();
            lock (_sync)
            {
                while (_connecting + _peers.Count < _options.MaxPeers && _connecting < _options.MaxConnectAttempts && _candidates.TryTake(now, out IPEndPoint endPoint, out string source))
                {
                    _connecting++;
                    connectTo.Add((endPoint, source));
                }

                peers = _peers.Values.ToList();
                foreach (PeerState peer in peers)
                {
                    if (!peer.PeerChokingUs && _picker.OutstandingCount(peer) > 0 && now - peer.LastBlock > _options.SnubTimeout)
                    {
                        Log($"{peer}: no data for {_options.SnubTimeout.TotalSeconds:0} s; its requests go to other peers.");
                        _picker.ReleaseRequests(peer);
                        peer.Queue.Snubbed();
                        peer.IsSnubbed = true;
                        peer.LastBlock = now;
                    }

                    long sent = peer.Uploaded.TakeDelta();
                    peer.Uploaded.Count(sent, now);
                    _uploadRate.Add(sent, now);
                }

                if (_choker.IsDue(now))
                {
                    rechoke = Rechoke(peers, now);
                }
            }

            foreach ((IPEndPoint endPoint, string source) in connectTo)
            {
                Track(ConnectAsync(endPoint, source));
            }

            if (rechoke is not null)
            {
                SessionChoker<PeerState>.Send(rechoke, p => p.Uploader);
            }

            foreach (PeerState peer in peers)
            {
                FillRequests(peer);
            }
        }

        /// <summary>The choker in leeching mode: regular slots to the peers that give us most, one optimistic; called under the lock.</summary>
        private List<(PeerState Peer, bool Unchoke)> Rechoke(List<PeerState> peers, TimeSpan now)
        {
            List<PeerState> open = peers.FindAll(p => !p.Connection.IsClosed);
            return _choker.Rechoke(
                open,
                p => new ChokerPeer<PeerState>(p, p.ConnectedAt)
                {
                    IsInterested = p.Uploader.IsPeerInterested,
                    DownloadRate = p.Received.BytesPerSecond(now),
                    UploadRate = p.Uploaded.BytesPerSecond(now),
                    IsSnubbed = p.IsSnubbed,
                },
                ChokerMode.Leeching,
                now,
                (peer, unchoked) => peer.Unchoked = unchoked);
        }

        /// <summary>Rechokes at the next tick instead of the scheduled time: a slot came free or a peer now wants one.</summary>
        private void RequestRechoke()
        {
            lock (_sync)
            {
                _choker.RechokeEarly();
            }

            Wake();
        }

        private void MarkVerified(int piece)
        {
            Volatile.Write(ref _verified[piece], true);
            _picker.MarkVerified(piece);
            _verifiedBytes += _torrent.GetPieceSize(piece);
        }

        /// <summary>Runs the housekeeping now rather than at the next tick: new peers are worth trying at once.</summary>
        private void Wake() => _wake.Wake();

        private TrackerProgress TrackerTotals()
        {
            lock (_sync)
            {
                return new TrackerProgress(0, _bytesDownloaded, _torrent.TotalSize - _verifiedBytes);
            }
        }

        private void AddTrackerPeers(TrackerPeersEventArgs e)
        {
            lock (_sync)
            {
                foreach (TrackerPeer peer in e.Peers)
                {
                    _candidates.Add(peer.ToEndPoint(), "tracker");
                }
            }

            Wake();
        }

        private TorrentStatus Snapshot()
        {
            lock (_sync)
            {
                int seeds = _peers.Values.Count(p => p.Have.IsComplete);
                return new TorrentStatus(
                    _torrent.Name,
                    _activity,
                    _verifiedBytes,
                    _torrent.TotalSize,
                    _picker?.VerifiedCount ?? 0,
                    _torrent.PieceCount,
                    _downloadRate.BytesPerSecond(_clock.Elapsed),
                    _uploadRate.BytesPerSecond(_clock.Elapsed),
                    _peers.Count,
                    _candidates.Count,
                    seeds,
                    _closedUploaded + _peers.Values.Sum(p => p.Uploader.BytesUploaded));
            }
        }

        private TorrentDownloadResult Result()
        {
            string path = _storage.GetFullPath(_torrent.Files[0]) is string first && !_torrent.IsMultiFile ? first : Path.Combine(_destination, _torrent.Name);
            lock (_sync)
            {
                return new TorrentDownloadResult(
                    _torrent.Name,
                    _torrent.InfoHash,
                    path,
                    _torrent.ContentSize,
                    _clock.Elapsed,
                    _bytesDownloaded,
                    _peersUsed.Count,
                    _picker?.IsComplete == true,
                    _picker?.VerifiedCount ?? 0,
                    _torrent.PieceCount);
            }
        }

        /// <summary>The graceful stop: peers closed, pending writes finished, data flushed, resume state written, trackers told.</summary>
        private async Task ShutDownAsync(ResumeStore resume)
        {
            List<PeerState> peers;
            lock (_sync)
            {
                _activity = TorrentActivity.Stopping;
                _stopping = true;
                peers = _peers.Values.ToList();
            }

            _registration?.Dispose();
            _registration = null;

            foreach (PeerState peer in peers)
            {
                peer.Connection.Close(PeerCloseReason.Local);
            }

            await _background.WaitAsync(ShutdownBound + _options.TrackerSettings.StoppedAnnounceTimeout).ConfigureAwait(false);
            _trackerClient?.Dispose();
            _trackerClient = null;
            _cache?.Clear();
            try
            {
                await _storage.FlushAsync().ConfigureAwait(false);
                if (_picker is not null)
                {
                    SaveResume(resume);
                }
            }
            catch (StorageException ex)
            {
                _fatal ??= ex;
            }
            finally
            {
                await _storage.DisposeAsync().ConfigureAwait(false);
                lock (_sync)
                {
                    foreach (byte[] buffer in _pieceBuffers.Values)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    _pieceBuffers.Clear();
                }
            }
        }

        private void SaveResume(ResumeStore resume)
        {
            PieceSet verified;
            lock (_sync)
            {
                verified = PieceSet.FromIndexes(_torrent.PieceCount, Enumerable.Range(0, _torrent.PieceCount).Where(_picker.IsVerified));
            }

            try
            {
                resume.Save(ResumeData.Capture(_torrent, _destination, verified));
            }
            catch (StorageException ex)
            {
                // Losing resume data only costs a recheck next time; the download itself goes on.
                Log($"Resume data could not be saved: {ex.Message}");
            }
        }

        private void Track(Task task) => _background.Track(task);

        private void Fail(Exception error)
        {
            lock (_sync)
            {
                _fatal ??= error;
            }

            _done.TrySetResult(false);
        }

        private void Log(string message) => _options.Log?.Invoke(message);
    }
}
