using System.Collections.Generic;
using System.IO;

namespace TorrentPS.Cli.Views
{
    /// <summary>"Label:      value" lines with the values lined up, and indented lists under a heading.</summary>
    internal sealed class LabelledLines
    {
        private const int LabelWidth = 13;
        private const string ListIndent = "  ";
        private readonly TextWriter _output;

        public LabelledLines(TextWriter output)
        {
            _output = output;
        }

        public void Line(string label, string value) =>
            _output.WriteLine((label + ":").PadRight(LabelWidth) + value);

        /// <summary>Leaves the line out when the value is absent.</summary>
        public void Optional(string label, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                Line(label, TerminalText.Printable(value!));
            }
        }

        public void Heading(string label) => _output.WriteLine(label + ":");

        /// <summary>A heading and one item per line; "none" when the list is empty.</summary>
        public void List(string label, IReadOnlyList<string> items)
        {
            if (items.Count == 0)
            {
                Line(label, "none");
                return;
            }

            Heading(label);
            foreach (string item in items)
            {
                _output.WriteLine(ListIndent + TerminalText.Printable(item));
            }
        }

        /// <summary>"  tier 1  first" then the rest lined up under "first".</summary>
        public void Indented(string label, IEnumerable<string> items)
        {
            string prefix = ListIndent + label + "  ";
            string continuation = new string(' ', prefix.Length);
            bool first = true;
            foreach (string item in items)
            {
                _output.WriteLine((first ? prefix : continuation) + item);
                first = false;
            }
        }
    }
}
