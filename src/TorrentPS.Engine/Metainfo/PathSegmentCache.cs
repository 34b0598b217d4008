using System;

namespace TorrentPS.Metainfo
{
    /// <summary>
    /// The checked text of the previous file's path segments, by depth. Files of one folder repeat its
    /// folder names, so a segment whose bytes equal the one at the same depth before it reuses that string:
    /// no decode, no checks, no new string. Only segments that were valid UTF-8 and passed the rules without
    /// a warning are remembered, so reuse gives exactly what checking again would.
    /// </summary>
    internal sealed class PathSegmentCache
    {
        private readonly ReadOnlyMemory<byte>[] _bytes = new ReadOnlyMemory<byte>[PathSegmentRules.MaxDepth];
        private readonly string?[] _text = new string?[PathSegmentRules.MaxDepth];

        public bool TryGet(int depth, ReadOnlySpan<byte> bytes, out string text)
        {
            text = _text[depth]!;
            return text is not null && _bytes[depth].Span.SequenceEqual(bytes);
        }

        public void Remember(int depth, ReadOnlyMemory<byte> bytes, string text)
        {
            _bytes[depth] = bytes;
            _text[depth] = text;
        }

        public void Forget(int depth) => _text[depth] = null;
    }
}
