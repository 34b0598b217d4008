using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking
{
    /// <summary>
    /// Keeps a torrent's trackers told of our progress for the life of a session: "started" first (repeated
    /// until a tracker takes it), then regular announces on the tracker's interval with current totals,
    /// "completed" once the download is done, and "stopped" to the trackers that know us when the session ends.
    /// Peers from every answer are raised through <see cref="PeersReceived"/>.
    /// </summary>
    public sealed class TrackerUpdater
    {
        private readonly ITrackerAnnouncer _announcer;
        private readonly TrackerTiers _tiers;
        private readonly AnnounceRequest _template;
        private readonly Func<TrackerProgress> _progress;
        private readonly TrackerSettings _settings;
        private readonly ITrackerClock _clock;
        private readonly AnnounceSchedule _schedule;
        private readonly Dictionary<string, string> _trackerIds = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly HashSet<string> _trackersThatKnowUs = new HashSet<string>(StringComparer.Ordinal);
        private TaskCompletionSource<bool> _wake = NewSignal();
        private int _completedRequested;
        private int _earlyRequested;
        private int _running;
        private IReadOnlyList<TrackerAnnounceResult> _lastResults = Array.Empty<TrackerAnnounceResult>();

        /// <param name="announcer">Usually a <see cref="TrackerClient"/>.</param>
        /// <param name="tiers">The torrent's trackers; the updater reorders them as BEP 12 says.</param>
        /// <param name="request">Info-hash, peer id, port, key and numwant; the totals and event are filled in per announce.</param>
        /// <param name="progress">Called before every announce for the current totals.</param>
        public TrackerUpdater(
            ITrackerAnnouncer announcer,
            TrackerTiers tiers,
            AnnounceRequest request,
            Func<TrackerProgress> progress,
            TrackerSettings? settings = null,
            ITrackerClock? clock = null)
        {
            _announcer = announcer ?? throw new ArgumentNullException(nameof(announcer));
            _tiers = tiers ?? throw new ArgumentNullException(nameof(tiers));
            _template = request ?? throw new ArgumentNullException(nameof(request));
            _progress = progress ?? throw new ArgumentNullException(nameof(progress));
            _settings = settings ?? TrackerSettings.Default;
            _clock = clock ?? SystemTrackerClock.Instance;
            _schedule = new AnnounceSchedule(_settings);
        }

        /// <summary>Peers a tracker returned. Raised on the updater's thread; handlers should be quick.</summary>
        public event EventHandler<TrackerPeersEventArgs>? PeersReceived;

        /// <summary>Every tracker answer, successful or not, for status displays and logs.</summary>
        public event EventHandler<TrackerAnnounceResult>? Announced;

        /// <summary>The results of the latest announce round.</summary>
        public IReadOnlyList<TrackerAnnounceResult> LastResults => Volatile.Read(ref _lastResults);

        /// <summary>When the next regular announce is due, or null when one is due now.</summary>
        public DateTimeOffset? NextAnnounce => _schedule.NextAnnounce;

        /// <summary>Says the download finished: "completed" is announced at once.</summary>
        public void NotifyCompleted()
        {
            Interlocked.Exchange(ref _completedRequested, 1);
            Volatile.Read(ref _wake).TrySetResult(true);
        }

        /// <summary>Asks for peers sooner than the interval, as soon as the tracker's min interval allows.</summary>
        public void RequestAnnounce()
        {
            Interlocked.Exchange(ref _earlyRequested, 1);
            Volatile.Read(ref _wake).TrySetResult(true);
        }

        /// <summary>
        /// Announces until <paramref name="cancellationToken"/> is cancelled, then sends "stopped" (bounded by the
        /// HTTP timeout and UDP retransmission settings) and returns. Tracker failures never end it.
        /// </summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _running, 1) != 0)
            {
                throw new InvalidOperationException("This tracker updater is already running.");
            }

            try
            {
                bool started = false;
                while (!cancellationToken.IsCancellationRequested)
                {
                    // A fresh signal before reading the flags, so a request made from now on wakes the wait below.
                    TaskCompletionSource<bool> wake = NewSignal();
                    Interlocked.Exchange(ref _wake, wake);

                    if (Interlocked.Exchange(ref _earlyRequested, 0) == 1)
                    {
                        _schedule.RequestEarly(_clock.UtcNow);
                    }

                    bool completedDue = started && Volatile.Read(ref _completedRequested) == 1;
                    TimeSpan wait = completedDue ? TimeSpan.Zero : _schedule.TimeUntilNext(_clock.UtcNow);
                    if (wait > TimeSpan.Zero)
                    {
                        using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        Task delay = _clock.Delay(wait, waitCancel.Token);
                        await Task.WhenAny(delay, wake.Task).ConfigureAwait(false);
                        waitCancel.Cancel();
                        ObserveCancellation(delay);
                        continue;
                    }

                    TrackerEvent trackerEvent = !started ? TrackerEvent.Started : completedDue ? TrackerEvent.Completed : TrackerEvent.None;
                    bool answered;
                    try
                    {
                        answered = await AnnounceRoundAsync(trackerEvent, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    if (answered)
                    {
                        started = true;
                        if (trackerEvent == TrackerEvent.Completed)
                        {
                            Interlocked.Exchange(ref _completedRequested, 0);
                        }
                    }
                }

                await AnnounceStoppedAsync().ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _running, 0);
            }
        }

        private async Task<bool> AnnounceRoundAsync(TrackerEvent trackerEvent, CancellationToken cancellationToken)
        {
            AnnounceRequest request = CurrentRequest(trackerEvent);
            IReadOnlyList<TrackerAnnounceResult> results = await MultiTrackerAnnouncer.AnnounceAsync(
                _announcer, _tiers, WithTrackerId(request), all: false, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastResults, results);

            TrackerAnnounceResult? success = null;
            foreach (TrackerAnnounceResult result in results)
            {
                if (result.IsSuccess)
                {
                    success = result;
                    _trackersThatKnowUs.Add(result.Tracker);
                    if (result.TrackerId is not null)
                    {
                        // BEP 3: keep the last tracker id and echo it; a later answer without one keeps the old.
                        _trackerIds[result.Tracker] = result.TrackerId;
                    }
                }

                Announced?.Invoke(this, result);
                if (result.IsSuccess && result.Peers.Count > 0)
                {
                    PeersReceived?.Invoke(this, new TrackerPeersEventArgs(result.Tracker, result.Peers));
                }
            }

            DateTimeOffset now = _clock.UtcNow;
            if (success is null)
            {
                _schedule.Failed(now);
                return false;
            }

            _schedule.Succeeded(now, success.Interval ?? _settings.DefaultInterval, success.MinInterval);
            return true;
        }

        private async Task AnnounceStoppedAsync()
        {
            if (_trackersThatKnowUs.Count == 0)
            {
                return;
            }

            AnnounceRequest request = CurrentRequest(TrackerEvent.Stopped);
            Func<string, AnnounceRequest> requestFor = WithTrackerId(request);
            // The session's token is already cancelled; this one bounds the goodbye.
            using var timeout = new CancellationTokenSource(_settings.StoppedAnnounceTimeout);
            var pending = new List<Task>();
            foreach (string tracker in _trackersThatKnowUs)
            {
                pending.Add(SendStoppedAsync(tracker, requestFor(tracker), timeout.Token));
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
            _trackersThatKnowUs.Clear();
        }

        private async Task SendStoppedAsync(string tracker, AnnounceRequest request, CancellationToken timeout)
        {
            TrackerAnnounceResult result;
            try
            {
                result = await _announcer.AnnounceAsync(tracker, request, timeout).ConfigureAwait(false);
            }
            catch (TrackerException e)
            {
                result = TrackerAnnounceResult.Failed(tracker, request.InfoHash, e);
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
            {
                result = TrackerAnnounceResult.Failed(tracker, request.InfoHash, new TrackerException(tracker, "no answer to \"stopped\" before the session ended.", TrackerFailureKind.Timeout, e));
            }

            Announced?.Invoke(this, result);
        }

        private AnnounceRequest CurrentRequest(TrackerEvent trackerEvent)
        {
            TrackerProgress progress = _progress();
            return _template.WithProgress(progress.Uploaded, progress.Downloaded, progress.Left).WithEvent(trackerEvent);
        }

        private Func<string, AnnounceRequest> WithTrackerId(AnnounceRequest request)
            => tracker => _trackerIds.TryGetValue(tracker, out string? id) ? request.WithTrackerId(id) : request;

        private static void ObserveCancellation(Task delay)
            => delay.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
