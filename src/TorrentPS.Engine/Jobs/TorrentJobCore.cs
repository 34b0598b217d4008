using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Jobs
{
    /// <summary>
    /// The PowerShell-free heart of a torrent job: runs the work, throttles its progress, and owns the state
    /// machine and the stop handshake (Stop-Job), pause (Suspend) and continue (Resume). The work is a
    /// restartable run: cancelling it must stop it gracefully (verified data kept, resume state written), and
    /// Resume simply runs it again. Every report to the sink happens under one lock, in the order PowerShell
    /// needs: output and the final progress record before the final state.
    /// </summary>
    public sealed class TorrentJobCore<TResult> : IDisposable
        where TResult : class
    {
        private readonly Func<IProgress<TorrentStatus>, CancellationToken, Task<TResult>> _run;
        private readonly ITorrentJobSink<TResult> _sink;
        private readonly ProgressThrottle _throttle;
        private readonly Func<TimeSpan> _clock;
        private readonly object _gate = new object();
        private readonly TaskCompletionSource<TorrentJobState> _finished = new TaskCompletionSource<TorrentJobState>(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenSource? _cancel;
        private TaskCompletionSource<bool>? _runEnded;
        private int _generation;
        private TorrentActivity? _lastActivity;

        public TorrentJobCore(
            Func<IProgress<TorrentStatus>, CancellationToken, Task<TResult>> run,
            ITorrentJobSink<TResult> sink,
            TimeSpan progressInterval,
            Func<TimeSpan>? clock = null)
        {
            _run = run ?? throw new ArgumentNullException(nameof(run));
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            _throttle = new ProgressThrottle(progressInterval);
            Stopwatch watch = Stopwatch.StartNew();
            _clock = clock ?? (() => watch.Elapsed);
        }

        public TorrentJobState State { get; private set; }

        /// <summary>The newest snapshot, unthrottled: what live job properties read.</summary>
        public TorrentStatus? Status { get; private set; }

        /// <summary>Completes with the final state (Completed, Failed or Stopped).</summary>
        public Task<TorrentJobState> Finished => _finished.Task;

        public bool IsFinished => IsFinal(State);

        public void Start()
        {
            lock (_gate)
            {
                if (State != TorrentJobState.NotStarted)
                {
                    throw new InvalidOperationException($"The job has already been started; it is {State}.");
                }

                Launch();
            }
        }

        /// <summary>
        /// Stops gracefully and waits up to <paramref name="bound"/> for the work to wind down. Idempotent.
        /// Returns false when the work did not finish in time (the job is marked Stopped anyway).
        /// </summary>
        public bool Stop(TimeSpan bound)
        {
            Task waitFor;
            lock (_gate)
            {
                switch (State)
                {
                    case TorrentJobState.Stopped:
                    case TorrentJobState.Completed:
                    case TorrentJobState.Failed:
                        return true;
                    case TorrentJobState.NotStarted:
                    case TorrentJobState.Suspended:
                        Finish(TorrentJobState.Stopped);
                        return true;
                    case TorrentJobState.Stopping:
                        break;
                    default:
                        SetState(TorrentJobState.Stopping);
                        _cancel?.Cancel();
                        break;
                }

                waitFor = _finished.Task;
            }

            if (waitFor.Wait(bound))
            {
                return true;
            }

            lock (_gate)
            {
                if (!IsFinal(State))
                {
                    // The work ignored cancellation for too long; give up on it and ignore whatever it says later.
                    _generation++;
                    Finish(TorrentJobState.Stopped);
                }
            }

            return false;
        }

        /// <summary>Pauses: the work is stopped gracefully and can be continued with <see cref="Resume"/>.</summary>
        public bool Suspend(TimeSpan bound)
        {
            Task waitFor;
            lock (_gate)
            {
                if (State == TorrentJobState.Suspended || State == TorrentJobState.Suspending)
                {
                    waitFor = _runEnded?.Task ?? Task.CompletedTask;
                }
                else if (State != TorrentJobState.Running)
                {
                    throw new InvalidOperationException($"Only a running job can be suspended; this one is {State}.");
                }
                else
                {
                    SetState(TorrentJobState.Suspending);
                    _cancel?.Cancel();
                    waitFor = _runEnded!.Task;
                }
            }

            return waitFor.Wait(bound);
        }

        public void Resume()
        {
            lock (_gate)
            {
                if (State != TorrentJobState.Suspended)
                {
                    throw new InvalidOperationException($"Only a suspended job can be resumed; this one is {State}.");
                }

                Launch();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _cancel?.Cancel();
                _cancel?.Dispose();
                _cancel = null;
            }
        }

        private void Launch()
        {
            _cancel?.Dispose();
            _cancel = new CancellationTokenSource();
            _runEnded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            int generation = ++_generation;
            CancellationToken token = _cancel.Token;
            SetState(TorrentJobState.Running);
            _ = Task.Run(() => RunOnceAsync(generation, token));
        }

        private async Task RunOnceAsync(int generation, CancellationToken token)
        {
            TResult? result = null;
            Exception? error = null;
            try
            {
                result = await _run(new ProgressSink(this, generation), token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            lock (_gate)
            {
                if (generation == _generation)
                {
                    Ended(result, error);
                }
            }
        }

        private void Ended(TResult? result, Exception? error)
        {
            TaskCompletionSource<bool>? runEnded = _runEnded;
            switch (State)
            {
                case TorrentJobState.Suspending:
                    SetState(TorrentJobState.Suspended);
                    break;
                case TorrentJobState.Stopping:
                    if (result is not null)
                    {
                        _sink.Output(result);
                    }

                    Finish(TorrentJobState.Stopped);
                    break;
                default:
                    if (error is null && result is not null)
                    {
                        _sink.Output(result);
                        Finish(TorrentJobState.Completed);
                    }
                    else if (error is OperationCanceledException)
                    {
                        Finish(TorrentJobState.Stopped);
                    }
                    else
                    {
                        _sink.Error(error ?? new InvalidOperationException("The torrent job ended without a result."));
                        Finish(TorrentJobState.Failed);
                    }

                    break;
            }

            runEnded?.TrySetResult(true);
        }

        private void Finish(TorrentJobState state)
        {
            if (Status is not null)
            {
                _sink.Progress(Status, true);
            }

            SetState(state);
            _runEnded?.TrySetResult(true);
            _finished.TrySetResult(state);
        }

        private void SetState(TorrentJobState state)
        {
            State = state;
            _sink.StateChanged(state);
        }

        private void Report(int generation, TorrentStatus status)
        {
            lock (_gate)
            {
                // A run that is winding down for a pause has nothing left to tell the user.
                if (generation != _generation || (State != TorrentJobState.Running && State != TorrentJobState.Stopping))
                {
                    return;
                }

                Status = status;
                bool activityChanged = _lastActivity != status.Activity;
                _lastActivity = status.Activity;
                if (_throttle.ShouldEmit(_clock(), activityChanged))
                {
                    _sink.Progress(status, false);
                }
            }
        }

        private static bool IsFinal(TorrentJobState state) =>
            state == TorrentJobState.Completed || state == TorrentJobState.Failed || state == TorrentJobState.Stopped;

        /// <summary>The IProgress the work reports to; reports from an abandoned run are ignored.</summary>
        private sealed class ProgressSink : IProgress<TorrentStatus>
        {
            private readonly TorrentJobCore<TResult> _owner;
            private readonly int _generation;

            public ProgressSink(TorrentJobCore<TResult> owner, int generation)
            {
                _owner = owner;
                _generation = generation;
            }

            public void Report(TorrentStatus value) => _owner.Report(_generation, value);
        }
    }
}
