using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace TorrentPS.Cli.Output
{
    /// <summary>
    /// Shows hashing progress (creating a torrent, checking data) on stderr. On a terminal it redraws one line in
    /// place a few times a second; when stderr is a file or a pipe it prints a plain line every few seconds, so a
    /// quick run prints nothing and a long one leaves a readable log. Thread-safe: reports come from the hashers.
    /// </summary>
    internal sealed class HashingProgressRenderer : IProgress<TorrentHashProgress>, IProgress<CheckProgress>
    {
        private const int BarWidth = 16;

        private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);
        private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(3);

        private readonly object _gate = new object();
        private readonly TextWriter _writer;
        private readonly bool _interactive;
        private readonly int _width;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _lastDraw;
        private int _barLength;
        private bool _finished;

        public HashingProgressRenderer(TextWriter writer, bool interactive, int width)
        {
            _writer = writer ?? throw new ArgumentNullException(nameof(writer));
            _interactive = interactive;
            _width = Math.Max(20, width);
        }

        /// <summary>A renderer for the process's stderr: a live bar only when stderr is a terminal that can take one.</summary>
        public static HashingProgressRenderer ForConsole(TextWriter stderr)
        {
            (bool interactive, int width) = StderrTerminal.Measure();
            return new HashingProgressRenderer(stderr, interactive, width);
        }

        public void Report(TorrentHashProgress value)
        {
            if (value is not null)
            {
                Show(value.PercentComplete, string.Format(
                    CultureInfo.InvariantCulture,
                    "hashing {0}/{1} pieces, {2} of {3}{4}",
                    value.PiecesHashed,
                    value.PieceCount,
                    ByteSize.Format(value.BytesHashed),
                    ByteSize.Format(value.TotalBytes),
                    value.CurrentFile is null ? string.Empty : "  " + Views.TerminalText.Printable(value.CurrentFile)));
            }
        }

        public void Report(CheckProgress value)
        {
            if (value is not null)
            {
                Show(value.PercentComplete, string.Format(
                    CultureInfo.InvariantCulture,
                    "checking {0}/{1} pieces: {2} good, {3} bad, {4} missing",
                    value.PiecesChecked,
                    value.PieceCount,
                    value.PiecesGood,
                    value.PiecesBad,
                    value.PiecesMissing));
            }
        }

        /// <summary>Ends the bar's line; later reports are ignored.</summary>
        public void Finish()
        {
            lock (_gate)
            {
                if (!_finished)
                {
                    _finished = true;
                    if (_barLength > 0)
                    {
                        // The bar is only a live view: clear it, the command prints its result.
                        _writer.Write("\r" + new string(' ', _barLength) + "\r");
                        _barLength = 0;
                    }

                    _writer.Flush();
                }
            }
        }

        private void Show(double percent, string text)
        {
            lock (_gate)
            {
                TimeSpan now = _clock.Elapsed;
                if (_finished || now - _lastDraw < (_interactive ? TerminalInterval : PlainInterval))
                {
                    return;
                }

                _lastDraw = now;
                string percentText = Math.Max(0, Math.Min(100, percent)).ToString("0.0", CultureInfo.InvariantCulture) + "%";
                if (_interactive)
                {
                    int filled = (int)Math.Floor(Math.Max(0, Math.Min(100, percent)) / 100 * BarWidth);
                    var line = new StringBuilder(96).Append('[').Append('#', filled).Append('-', BarWidth - filled).Append("] ")
                        .Append(percentText.PadLeft(6)).Append("  ").Append(text);
                    string bar = line.Length > _width - 1 ? line.ToString(0, _width - 1) : line.ToString();
                    _writer.Write("\r" + bar.PadRight(_barLength));
                    _barLength = bar.Length;
                }
                else
                {
                    _writer.WriteLine(percentText + " " + text);
                }

                _writer.Flush();
            }
        }
    }
}
