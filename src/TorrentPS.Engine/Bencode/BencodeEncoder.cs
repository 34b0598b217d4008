using System;
using System.Collections.Generic;
using System.IO;

namespace TorrentPS.Bencode
{
    /// <summary>Encodes a <see cref="BValue"/> tree canonically: dictionary keys in raw byte order, as BEP 3 requires.</summary>
    public static class BencodeEncoder
    {
        public static byte[] Encode(BValue value)
        {
            using var stream = new MemoryStream();
            Write(new BencodeWriter(stream), value);
            return stream.ToArray();
        }

        public static void Write(BencodeWriter writer, BValue value)
        {
            switch (value)
            {
                case BInteger integer:
                    writer.WriteInteger(integer.Value);
                    break;
                case BString text:
                    writer.WriteString(text.Bytes.Span);
                    break;
                case BList list:
                    writer.WriteListStart();
                    foreach (BValue item in list)
                    {
                        Write(writer, item);
                    }

                    writer.WriteEnd();
                    break;
                case BDictionary dictionary:
                    var entries = new List<KeyValuePair<BString, BValue>>(dictionary);
                    entries.Sort((a, b) => a.Key.Bytes.Span.SequenceCompareTo(b.Key.Bytes.Span));
                    writer.WriteDictionaryStart();
                    foreach (KeyValuePair<BString, BValue> entry in entries)
                    {
                        writer.WriteString(entry.Key.Bytes.Span);
                        Write(writer, entry.Value);
                    }

                    writer.WriteEnd();
                    break;
                default:
                    throw new ArgumentException($"Unknown bencode value type {value?.GetType().Name ?? "null"}.", nameof(value));
            }
        }
    }
}
