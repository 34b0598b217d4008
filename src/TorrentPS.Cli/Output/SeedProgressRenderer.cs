using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace TorrentPS.Cli.Output
{
    /// <summary>
    /// Shows a seed session's progress on stderr: while the data is checked, the download bar's words; while
    /// seeding, "seeding · 2 peers · 1.2 MiB/s up · 45.0 MiB uploaded (ratio 0.45) · 1:05:00". On a terminal one
    /// line is redrawn in place; to a file or a pipe a plain line is printed every half minute (and on each change
    /// of activity). Lines written through <see cref="WriteLine"/> clear the bar first. Thread-safe.
    /// </summary>
    internal sealed class SeedProgressRenderer : IProgress<TorrentStatus>
    {
        public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(500);
        public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(30);

        private readonly object _gate = new object();
        private readonly TextWriter _writer;
        private readonly ProgressLine _line;
        private readonly long _size;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastDraw;
        private TorrentActivity? _lastActivity;
        private TimeSpan? _seedingSince;
        private bool _finished;

        /// <param name="size">The torrent's content size, for the ratio.</param>
        public SeedProgressRenderer(TextWriter writer, bool interactive, int width, long size)
        {
            _writer = writer ?? throw new ArgumentNullException(nameof(writer));
            _line = new ProgressLine(writer, interactive, width);
            _size = size;
        }

        /// <summary>A renderer for the process's stderr: in place only when stderr is a terminal that can take it.</summary>
        public static SeedProgressRenderer ForConsole(TextWriter stderr, long size)
        {
            (bool interactive, int width) = StderrTerminal.Measure();
            return new SeedProgressRenderer(stderr, interactive, width, size);
        }

        /// <summary>The words for one status: the download bar's while checking, the seeding summary after.</summary>
        public static string Describe(TorrentStatus status, long size, TimeSpan seededFor)
        {
            if (status.Activity != TorrentActivity.Seeding)
            {
                return DownloadProgressText.Line(status);
            }

            double ratio = size <= 0 ? 0 : (double)status.BytesUploaded / size;
            string partial = status.PiecesDone < status.PieceCount
                ? string.Format(CultureInfo.InvariantCulture, " ({0}/{1} pieces)", status.PiecesDone, status.PieceCount)
                : string.Empty;
            return string.Format(
                CultureInfo.InvariantCulture,
                "seeding{0} · {1} · {2}/s up · {3} uploaded (ratio {4:0.00}) · {5}",
                partial,
                status.PeersConnected == 1 ? "1 peer" : status.PeersConnected.ToString(CultureInfo.InvariantCulture) + " peers",
                ByteSize.Format((long)status.UploadRate),
                ByteSize.Format(status.BytesUploaded),
                ratio,
                DownloadProgressText.Eta(seededFor));
        }

        public void Report(TorrentStatus value)
        {
            if (value is null)
            {
                return;
            }

            lock (_gate)
            {
                if (_finished)
                {
                    return;
                }

                TimeSpan now = _clock.Elapsed;
                if (value.Activity == TorrentActivity.Seeding && _seedingSince is null)
                {
                    _seedingSince = now;
                }

                bool changed = _lastActivity != value.Activity;
                if (!changed && _lastDraw is TimeSpan last && now - last < (_line.IsInteractive ? TerminalInterval : PlainInterval))
                {
                    return;
                }

                _lastDraw = now;
                _lastActivity = value.Activity;
                string text = Describe(value, _size, now - (_seedingSince ?? now));
                if (_line.IsInteractive)
                {
                    _line.Redraw(text);
                }
                else
                {
                    _writer.WriteLine(text);
                }

                _writer.Flush();
            }
        }

        /// <summary>Writes a line of its own above the bar.</summary>
        public void WriteLine(string message)
        {
            lock (_gate)
            {
                _line.Clear();
                _writer.WriteLine(message);
                _writer.Flush();
            }
        }

        /// <summary>Ends the bar's line; later reports are ignored.</summary>
        public void Finish()
        {
            lock (_gate)
            {
                if (_finished)
                {
                    return;
                }

                _finished = true;
                _line.End();

                _writer.Flush();
            }
        }
    }
}
