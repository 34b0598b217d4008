using System;
using System.Globalization;

namespace TorrentPS.Bencode
{
    public sealed class BInteger : BValue
    {
        public BInteger(long value)
            : this(value, ReadOnlyMemory<byte>.Empty, 0, 0)
        {
        }

        internal BInteger(long value, ReadOnlyMemory<byte> source, int offset, int length)
            : base(source, offset, length)
        {
            Value = value;
        }

        public long Value { get; }

        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
    }
}
