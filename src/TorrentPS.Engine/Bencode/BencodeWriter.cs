using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace TorrentPS.Bencode
{
    /// <summary>Writes bencode tokens to a stream. The caller is responsible for key order; <see cref="BencodeEncoder"/> sorts.</summary>
    public sealed class BencodeWriter
    {
        private readonly Stream _output;

        public BencodeWriter(Stream output)
        {
            _output = output ?? throw new ArgumentNullException(nameof(output));
        }

        public void WriteInteger(long value)
        {
            _output.WriteByte((byte)'i');
            WriteAscii(value.ToString(CultureInfo.InvariantCulture));
            _output.WriteByte((byte)'e');
        }

        public void WriteString(ReadOnlySpan<byte> value)
        {
            WriteAscii(value.Length.ToString(CultureInfo.InvariantCulture));
            _output.WriteByte((byte)':');
            byte[] copy = value.ToArray();
            _output.Write(copy, 0, copy.Length);
        }

        public void WriteString(string value) => WriteString(Encoding.UTF8.GetBytes(value));

        public void WriteListStart() => _output.WriteByte((byte)'l');

        public void WriteDictionaryStart() => _output.WriteByte((byte)'d');

        public void WriteEnd() => _output.WriteByte((byte)'e');

        /// <summary>Copies already-encoded bytes through unchanged (an info dictionary, for example).</summary>
        public void WriteRaw(ReadOnlySpan<byte> encoded)
        {
            byte[] copy = encoded.ToArray();
            _output.Write(copy, 0, copy.Length);
        }

        private void WriteAscii(string text)
        {
            foreach (char c in text)
            {
                _output.WriteByte((byte)c);
            }
        }
    }
}
