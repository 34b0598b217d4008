using System;
using System.Diagnostics;
using System.IO;

namespace TorrentPS.Cli.Output
{
    /// <summary>
    /// Shows a download's progress on stderr. On a terminal it redraws one line in place, at most a few times a
    /// second; when stderr goes to a file or a pipe it prints a plain line every few seconds (and whenever the
    /// session moves from checking to downloading to done), so a log stays readable. Messages written through
    /// it (verbose logs, the stop notice) clear the bar first, so the two never run into each other.
    /// Thread-safe: the session reports from its own threads, signal handlers from theirs.
    /// </summary>
    internal sealed class DownloadProgressRenderer : IProgress<TorrentStatus>
    {
        public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);
        public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(3);

        private readonly object _gate = new object();
        private readonly TextWriter _writer;
        private readonly ProgressLine _line;
        private readonly TimeSpan _interval;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastDraw;
        private TorrentActivity? _lastActivity;
        private TorrentStatus? _latest;
        private TorrentStatus? _lastDrawn;
        private bool _finished;

        /// <param name="interactive">Redraw one line in place (a terminal) rather than print plain lines.</param>
        /// <param name="width">The terminal's width: the bar is cut to fit, or it would wrap and stop redrawing in place.</param>
        public DownloadProgressRenderer(TextWriter writer, bool interactive, int width)
        {
            _writer = writer ?? throw new ArgumentNullException(nameof(writer));
            _line = new ProgressLine(writer, interactive, width);
            _interval = interactive ? TerminalInterval : PlainInterval;
        }

        /// <summary>A renderer for the process's stderr: a live bar only when stderr is a terminal that can take one.</summary>
        public static DownloadProgressRenderer ForConsole(TextWriter stderr)
        {
            (bool interactive, int width) = StderrTerminal.Measure();
            return new DownloadProgressRenderer(stderr, interactive, width);
        }

        public bool IsInteractive => _line.IsInteractive;

        /// <summary>The last status reported, for the final summary.</summary>
        public TorrentStatus? Latest
        {
            get
            {
                lock (_gate)
                {
                    return _latest;
                }
            }
        }

        public void Report(TorrentStatus value)
        {
            if (value is null)
            {
                return;
            }

            lock (_gate)
            {
                _latest = value;
                if (_finished)
                {
                    return;
                }

                TimeSpan now = _clock.Elapsed;
                bool changed = _lastActivity != value.Activity;
                if (!changed && _lastDraw is TimeSpan last && now - last < _interval)
                {
                    return;
                }

                _lastDraw = now;
                _lastActivity = value.Activity;
                Draw(value);
            }
        }

        /// <summary>Writes a line of its own above the bar (which is redrawn after it).</summary>
        public void WriteLine(string message)
        {
            lock (_gate)
            {
                _line.Clear();
                _writer.WriteLine(message);
                if (_line.IsInteractive && !_finished && _latest is not null)
                {
                    DrawBar(_latest);
                }

                _writer.Flush();
            }
        }

        /// <summary>Draws the final state and ends the bar's line; later reports are ignored.</summary>
        public void Finish()
        {
            lock (_gate)
            {
                if (_finished)
                {
                    return;
                }

                _finished = true;
                // The state the run ended in is always the last thing shown, once.
                if (_latest is not null && !ReferenceEquals(_latest, _lastDrawn))
                {
                    Draw(_latest);
                }

                _line.End();

                _writer.Flush();
            }
        }

        private void Draw(TorrentStatus status)
        {
            _lastDrawn = status;
            if (_line.IsInteractive)
            {
                DrawBar(status);
            }
            else
            {
                _writer.WriteLine(DownloadProgressText.Line(status));
            }

            _writer.Flush();
        }

        private void DrawBar(TorrentStatus status) => _line.Redraw(DownloadProgressText.Bar(status));
    }
}
