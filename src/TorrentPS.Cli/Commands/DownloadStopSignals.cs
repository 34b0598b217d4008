using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace TorrentPS.Cli.Commands
{
    /// <summary>
    /// Ctrl+C (SIGINT) and SIGTERM ask a download to stop gracefully: the token is cancelled and the session keeps
    /// its verified pieces, writes resume data and tells the trackers. A second request means "now": the signal
    /// is left to the runtime, which ends the process at once (exit code 130 for SIGINT, 143 for SIGTERM).
    /// </summary>
    internal sealed class DownloadStopSignals : IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Action<string> _notify;
        private readonly PosixSignalRegistration? _sigterm;
        private int _requests;

        public DownloadStopSignals(Action<string> notify)
        {
            _notify = notify ?? throw new ArgumentNullException(nameof(notify));
            Console.CancelKeyPress += OnCancelKeyPress;
            try
            {
                _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate);
            }
            catch (PlatformNotSupportedException)
            {
                // No SIGTERM where the platform has none; Ctrl+C still works.
            }
        }

        public CancellationToken Token => _stop.Token;

        /// <summary>True once a signal asked the download to stop.</summary>
        public bool StopRequested => Volatile.Read(ref _requests) > 0;

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
            _sigterm?.Dispose();
            _stop.Dispose();
        }

        private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => e.Cancel = RequestStop("Ctrl+C");

        private void OnTerminate(PosixSignalContext context) => context.Cancel = RequestStop("SIGTERM");

        /// <summary>True (keep the process) for the first request, false (let the runtime end it) after that.</summary>
        private bool RequestStop(string what)
        {
            if (Interlocked.Increment(ref _requests) > 1)
            {
                return false;
            }

            _notify($"{what}: stopping gracefully (verified pieces are kept and resume data is written); press Ctrl+C again to quit at once.");
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The download ended while the signal was on its way.
            }

            return true;
        }
    }
}
