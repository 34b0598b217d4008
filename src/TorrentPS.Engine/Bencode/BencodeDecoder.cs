using System;
using System.Collections.Generic;

namespace TorrentPS.Bencode
{
    /// <summary>Decodes bencoded bytes into a tree of <see cref="BValue"/>s that slice the input rather than copy it.</summary>
    public static class BencodeDecoder
    {
        /// <summary>Decodes exactly one value; bytes after it are an error.</summary>
        public static BValue Decode(ReadOnlyMemory<byte> data, int maxDepth = BencodeReader.DefaultMaxDepth)
        {
            BValue value = DecodeFirst(data, out int consumed, maxDepth);
            if (consumed != data.Length)
            {
                throw new BencodeException($"{data.Length - consumed} bytes of trailing data after the value", consumed);
            }

            return value;
        }

        /// <summary>Decodes the first value and says how many bytes it took (for messages that carry raw data after a dictionary).</summary>
        public static BValue DecodeFirst(ReadOnlyMemory<byte> data, out int consumed, int maxDepth = BencodeReader.DefaultMaxDepth)
        {
            var reader = new BencodeReader(data.Span, maxDepth);
            if (reader.AtEnd)
            {
                throw new BencodeException("input is empty", 0);
            }

            BValue value = ReadValue(ref reader, data, new Scratch());
            consumed = reader.Position;
            return value;
        }

        /// <summary>Decodes a value that must be a dictionary.</summary>
        public static BDictionary DecodeDictionary(ReadOnlyMemory<byte> data, int maxDepth = BencodeReader.DefaultMaxDepth)
        {
            if (data.Length > 0 && data.Span[0] != (byte)'d')
            {
                throw new BencodeException("the top-level value is not a dictionary", 0);
            }

            return (BDictionary)Decode(data, maxDepth);
        }

        private static BValue ReadValue(ref BencodeReader reader, ReadOnlyMemory<byte> source, Scratch scratch)
        {
            int start = reader.Position;
            switch (reader.Peek())
            {
                case BencodeTokenType.Integer:
                {
                    long value = reader.ReadInteger();
                    return new BInteger(value, source, start, reader.Position - start);
                }

                case BencodeTokenType.String:
                {
                    int length = reader.ReadString().Length;
                    return new BString(source, start, reader.Position - start, reader.Position - length, length);
                }

                case BencodeTokenType.ListStart:
                {
                    reader.ReadListStart();
                    // Items collect on the shared stack and are copied once into an exact array when the list ends.
                    int first = scratch.Items.Count;
                    while (reader.Peek() != BencodeTokenType.End)
                    {
                        scratch.Items.Add(ReadValue(ref reader, source, scratch));
                    }

                    reader.ReadEnd();
                    return new BList(scratch.PopItems(first), source, start, reader.Position - start);
                }

                case BencodeTokenType.DictionaryStart:
                    return ReadDictionary(ref reader, source, start, scratch);

                case BencodeTokenType.End:
                    throw new BencodeException("'e' found where a value was expected", start);

                default:
                    throw new BencodeException("input ended where a value was expected", start);
            }
        }

        private static BDictionary ReadDictionary(ref BencodeReader reader, ReadOnlyMemory<byte> source, int start, Scratch scratch)
        {
            reader.ReadDictionaryStart();
            int first = scratch.Entries.Count;
            ReadOnlySpan<byte> previousKey = default;
            while (reader.Peek() != BencodeTokenType.End)
            {
                int keyStart = reader.Position;
                if (reader.AtEnd)
                {
                    throw new BencodeException("input ended inside a dictionary", keyStart);
                }

                if (reader.Peek() != BencodeTokenType.String)
                {
                    throw new BencodeException("dictionary key is not a string", keyStart);
                }

                ReadOnlySpan<byte> keySpan = reader.ReadString();
                var key = new BString(source, keyStart, reader.Position - keyStart, reader.Position - keySpan.Length, keySpan.Length);

                // Keys out of order are accepted (real torrents have them, and the info-hash comes from the
                // raw bytes anyway), but a repeated key is ambiguous and refused. Sorted input, the usual
                // case, needs only the comparison with the previous key.
                if (scratch.Entries.Count > first && keySpan.SequenceCompareTo(previousKey) <= 0 && ContainsKey(scratch.Entries, first, keySpan))
                {
                    throw new BencodeException($"duplicate dictionary key '{key.Text}'", keyStart);
                }

                previousKey = keySpan;
                if (reader.Peek() == BencodeTokenType.End || reader.AtEnd)
                {
                    throw new BencodeException($"dictionary key '{key.Text}' has no value", reader.Position);
                }

                BValue value = ReadValue(ref reader, source, scratch);
                scratch.Entries.Add(new KeyValuePair<BString, BValue>(key, value));
            }

            reader.ReadEnd();
            return new BDictionary(scratch.PopEntries(first), source, start, reader.Position - start);
        }

        private static bool ContainsKey(List<KeyValuePair<BString, BValue>> entries, int first, ReadOnlySpan<byte> key)
        {
            for (int i = first; i < entries.Count; i++)
            {
                if (entries[i].Key.Bytes.Span.SequenceEqual(key))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// One decode's stacks of list items and dictionary entries still being read. Containers nest, so each
        /// one's children are the top of the stack when it ends; collecting them here instead of in a list per
        /// container halves the allocations of a large tree (a torrent with thousands of files).
        /// </summary>
        private sealed class Scratch
        {
            public List<BValue> Items { get; } = new List<BValue>();

            public List<KeyValuePair<BString, BValue>> Entries { get; } = new List<KeyValuePair<BString, BValue>>();

            public BValue[] PopItems(int first)
            {
                int count = Items.Count - first;
                if (count == 0)
                {
                    return Array.Empty<BValue>();
                }

                var items = new BValue[count];
                Items.CopyTo(first, items, 0, count);
                Items.RemoveRange(first, count);
                return items;
            }

            public KeyValuePair<BString, BValue>[] PopEntries(int first)
            {
                int count = Entries.Count - first;
                if (count == 0)
                {
                    return Array.Empty<KeyValuePair<BString, BValue>>();
                }

                var entries = new KeyValuePair<BString, BValue>[count];
                Entries.CopyTo(first, entries, 0, count);
                Entries.RemoveRange(first, count);
                return entries;
            }
        }
    }
}
