using System;
using System.Collections;
using System.Collections.Generic;

namespace TorrentPS.Bencode
{
    public sealed class BList : BValue, IReadOnlyList<BValue>
    {
        private readonly BValue[] _items;

        public BList(IEnumerable<BValue> items)
            : this(new List<BValue>(items).ToArray(), ReadOnlyMemory<byte>.Empty, 0, 0)
        {
        }

        internal BList(BValue[] items, ReadOnlyMemory<byte> source, int offset, int length)
            : base(source, offset, length)
        {
            _items = items;
        }

        public int Count => _items.Length;

        public BValue this[int index] => _items[index];

        public IEnumerator<BValue> GetEnumerator() => ((IEnumerable<BValue>)_items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
    }
}
