using System;
using System.Runtime.InteropServices;
using System.Text;

namespace TorrentPS.Bencode
{
    /// <summary>A bencode byte string. It is bytes, not text: <see cref="TryGetText"/> says whether it is valid UTF-8.</summary>
    public sealed class BString : BValue
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        public BString(ReadOnlyMemory<byte> bytes)
            : base(ReadOnlyMemory<byte>.Empty, 0, 0)
        {
            Bytes = bytes;
        }

        public BString(string text)
            : this(Encoding.UTF8.GetBytes(text))
        {
        }

        internal BString(ReadOnlyMemory<byte> source, int offset, int length, int contentOffset, int contentLength)
            : base(source, offset, length)
        {
            Bytes = source.Slice(contentOffset, contentLength);
        }

        /// <summary>The string's content (a slice of the input when decoded).</summary>
        public ReadOnlyMemory<byte> Bytes { get; }

        public int Length => Bytes.Length;

        /// <summary>The content as UTF-8 text, with U+FFFD for invalid sequences.</summary>
        public string Text => Decode(Encoding.UTF8);

        /// <summary>The content as text when it is valid UTF-8.</summary>
        public bool TryGetText(out string text)
        {
            try
            {
                text = Decode(StrictUtf8);
                return true;
            }
            catch (DecoderFallbackException)
            {
                text = string.Empty;
                return false;
            }
        }

        public bool ContentEquals(string asciiKey)
        {
            ReadOnlySpan<byte> bytes = Bytes.Span;
            if (bytes.Length != asciiKey.Length)
            {
                return false;
            }

            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != asciiKey[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Decodes the content with <paramref name="encoding"/>, straight from the input's array when it has one.</summary>
        public string Decode(Encoding encoding)
        {
            // netstandard2.0 has no span overload of GetString; decoding from the backing array avoids a copy per string.
            return MemoryMarshal.TryGetArray(Bytes, out ArraySegment<byte> segment)
                ? encoding.GetString(segment.Array!, segment.Offset, segment.Count)
                : encoding.GetString(Bytes.ToArray());
        }

        public override string ToString() => Text;
    }
}
