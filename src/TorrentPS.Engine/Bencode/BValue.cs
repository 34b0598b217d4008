using System;

namespace TorrentPS.Bencode
{
    /// <summary>
    /// A decoded bencode value. Values decoded from input remember the exact bytes they came from
    /// (<see cref="RawBytes"/>), which is what the info-hash is computed over.
    /// </summary>
    public abstract class BValue
    {
        private protected BValue(ReadOnlyMemory<byte> source, int offset, int length)
        {
            RawBytes = length > 0 ? source.Slice(offset, length) : ReadOnlyMemory<byte>.Empty;
            Offset = length > 0 ? offset : -1;
        }

        /// <summary>The value's bytes exactly as they appeared in the input; empty for values built in code.</summary>
        public ReadOnlyMemory<byte> RawBytes { get; }

        /// <summary>Where the value started in the input, or -1 for values built in code.</summary>
        public int Offset { get; }

        /// <summary>The value's canonical encoding (dictionary keys sorted).</summary>
        public byte[] Encode() => BencodeEncoder.Encode(this);
    }
}
