using System;
using System.IO;

namespace TorrentPS.Cli.Output
{
    /// <summary>
    /// The one line a progress bar redraws in place on a terminal, shared by the download and the seed bar. Not
    /// thread-safe: the renderer that owns it calls it under its own lock.
    /// </summary>
    internal sealed class ProgressLine
    {
        private readonly TextWriter _writer;
        private readonly bool _interactive;
        private readonly int _width;
        private int _length;

        /// <param name="interactive">Redraw one line in place (a terminal) rather than print plain lines.</param>
        /// <param name="width">The terminal's width: the bar is cut to fit, or it would wrap and stop redrawing in place.</param>
        public ProgressLine(TextWriter writer, bool interactive, int width)
        {
            _writer = writer ?? throw new ArgumentNullException(nameof(writer));
            _interactive = interactive;
            _width = Math.Max(20, width);
        }

        public bool IsInteractive => _interactive;

        /// <summary>Draws <paramref name="text"/> over the line, cut to the terminal's width.</summary>
        public void Redraw(string text)
        {
            if (text.Length > _width - 1)
            {
                text = text.Substring(0, _width - 1);
            }

            // Spaces over whatever the previous, longer bar left behind; no escape codes, so any terminal works.
            _writer.Write("\r" + text.PadRight(_length));
            _length = text.Length;
        }

        /// <summary>Blanks the bar so that a line of its own can be written in its place.</summary>
        public void Clear()
        {
            if (_interactive && _length > 0)
            {
                _writer.Write("\r" + new string(' ', _length) + "\r");
                _length = 0;
            }
        }

        /// <summary>Ends the bar's line, leaving the last bar on screen.</summary>
        public void End()
        {
            if (_interactive && _length > 0)
            {
                _writer.WriteLine();
                _length = 0;
            }
        }
    }
}
