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

            BValue value = ReadValue(ref reader, data);
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

        private static BValue ReadValue(ref BencodeReader reader, ReadOnlyMemory<byte> source)
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
                    var items = new List<BValue>();
                    while (reader.Peek() != BencodeTokenType.End)
                    {
                        items.Add(ReadValue(ref reader, source));
                    }

                    reader.ReadEnd();
                    return new BList(items.ToArray(), source, start, reader.Position - start);
                }

                case BencodeTokenType.DictionaryStart:
                    return ReadDictionary(ref reader, source, start);

                case BencodeTokenType.End:
                    throw new BencodeException("'e' found where a value was expected", start);

                default:
                    throw new BencodeException("input ended where a value was expected", start);
            }
        }

        private static BDictionary ReadDictionary(ref BencodeReader reader, ReadOnlyMemory<byte> source, int start)
        {
            reader.ReadDictionaryStart();
            var entries = new List<KeyValuePair<BString, BValue>>();
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
                if (entries.Count > 0 && keySpan.SequenceCompareTo(previousKey) <= 0 && ContainsKey(entries, keySpan))
                {
                    throw new BencodeException($"duplicate dictionary key '{key.Text}'", keyStart);
                }

                previousKey = keySpan;
                if (reader.Peek() == BencodeTokenType.End || reader.AtEnd)
                {
                    throw new BencodeException($"dictionary key '{key.Text}' has no value", reader.Position);
                }

                entries.Add(new KeyValuePair<BString, BValue>(key, ReadValue(ref reader, source)));
            }

            reader.ReadEnd();
            return new BDictionary(entries.ToArray(), source, start, reader.Position - start);
        }

        private static bool ContainsKey(List<KeyValuePair<BString, BValue>> entries, ReadOnlySpan<byte> key)
        {
            foreach (KeyValuePair<BString, BValue> entry in entries)
            {
                if (entry.Key.Bytes.Span.SequenceEqual(key))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
