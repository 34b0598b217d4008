using System.Globalization;

namespace TorrentPS.Metainfo
{
    /// <summary>
    /// The name of a torrent field for an error or a warning, such as <c>info.files[12].path[1]</c>. A path
    /// segment's name is only formatted when it is asked for, so checking the many segments of a large
    /// torrent that are fine costs no strings.
    /// </summary>
    internal readonly struct FieldName
    {
        private readonly string? _text;
        private readonly string? _key;
        private readonly int _file;
        private readonly int _segment;

        private FieldName(string? text, string? key, int file, int segment)
        {
            _text = text;
            _key = key;
            _file = file;
            _segment = segment;
        }

        /// <summary>Segment <paramref name="segment"/> of the <paramref name="key"/> list of file <paramref name="file"/>.</summary>
        public static FieldName PathSegment(int file, string key, int segment) => new FieldName(null, key, file, segment);

        public static implicit operator FieldName(string text) => new FieldName(text, null, 0, 0);

        public override string ToString() =>
            _text ?? string.Format(CultureInfo.InvariantCulture, "info.files[{0}].{1}[{2}]", _file, _key, _segment);
    }
}
