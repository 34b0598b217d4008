using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace TorrentPS.Bencode
{
    /// <summary>
    /// Converts between bencode and plain .NET objects, the way ConvertFrom-Json/ConvertTo-Json do for JSON:
    /// dictionaries become <see cref="OrderedDictionary"/> (PowerShell's <c>[ordered]</c>), lists
    /// <c>object[]</c>, integers <see cref="long"/>, byte strings <see cref="string"/> when they are valid UTF-8
    /// and <c>byte[]</c> otherwise.
    /// </summary>
    /// <remarks>
    /// Dictionary keys are always strings so that they can be looked up (<c>$reply.files[$hash]</c>). A key that
    /// is not valid UTF-8, such as the 20-byte binary info-hash that keys a scrape reply, becomes its bytes in
    /// lowercase hex, which is also how <see cref="InfoHash.ToString"/> spells an info-hash. The converter
    /// remembers which keys of a dictionary it made that way, so <see cref="FromObject"/> writes those keys back
    /// as the original bytes and a canonical input survives the round trip byte for byte.
    /// </remarks>
    public static class BencodeObjectConverter
    {
        /// <summary>How deep <see cref="FromObject"/> follows nested collections before it suspects a cycle.</summary>
        public const int MaxDepth = BencodeReader.DefaultMaxDepth;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        // Keyed by the dictionary object itself and held weakly, so the note lives exactly as long as the
        // dictionary does and nothing is added to the objects users see.
        private static readonly ConditionalWeakTable<OrderedDictionary, HashSet<string>> HexKeys =
            new ConditionalWeakTable<OrderedDictionary, HashSet<string>>();

        /// <summary>Converts a decoded value to plain objects.</summary>
        /// <param name="value">The bencode value.</param>
        /// <param name="asByteArray">Keep every byte-string value as <c>byte[]</c>, even when it is valid UTF-8 (keys stay strings).</param>
        public static object ToObject(BValue value, bool asByteArray = false)
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            switch (value)
            {
                case BInteger integer:
                    return integer.Value;
                case BString text:
                    return asByteArray || !text.TryGetText(out string decoded) ? text.Bytes.ToArray() : decoded;
                case BList list:
                    var items = new object[list.Count];
                    for (int i = 0; i < items.Length; i++)
                    {
                        items[i] = ToObject(list[i], asByteArray);
                    }

                    return items;
                case BDictionary dictionary:
                    return ToDictionary(dictionary, asByteArray);
                default:
                    throw new ArgumentException($"Unknown bencode value type {value.GetType().Name}.", nameof(value));
            }
        }

        /// <summary>
        /// Decodes every value in <paramref name="data"/>, one after another, and converts each. Input that is
        /// several bencoded documents joined together (what a pipeline of byte arrays collects) gives one object
        /// per document. Throws <see cref="BencodeException"/> with the offset into the whole input.
        /// </summary>
        public static IEnumerable<object> ToObjects(ReadOnlyMemory<byte> data, bool asByteArray = false)
        {
            if (data.IsEmpty)
            {
                throw new BencodeException("input is empty", 0);
            }

            return DecodeAll(data, asByteArray);
        }

        /// <summary>
        /// Converts plain objects to a bencode value: <see cref="IDictionary"/> (keys are written sorted by their
        /// UTF-8 bytes), <see cref="IEnumerable"/>, <see cref="string"/> (UTF-8), <c>byte[]</c>, integral numbers,
        /// and <see cref="bool"/> as 1 or 0 (bencode has no boolean; BitTorrent writes flags such as
        /// <c>private</c> as integers). Floating-point numbers, null and other types are refused with an
        /// <see cref="ArgumentException"/> that names the key path of the bad value.
        /// </summary>
        /// <param name="value">The object to convert.</param>
        /// <param name="unwrap">
        /// Applied to every value and key before it is converted; a host uses it to strip its own wrappers
        /// (PowerShell's PSObject) or turn its records into dictionaries.
        /// </param>
        public static BValue FromObject(object? value, Func<object, object?>? unwrap = null)
            => Convert(value, unwrap, string.Empty, 0);

        private static IEnumerable<object> DecodeAll(ReadOnlyMemory<byte> data, bool asByteArray)
        {
            int position = 0;
            while (position < data.Length)
            {
                BValue value;
                int consumed;
                try
                {
                    value = BencodeDecoder.DecodeFirst(data.Slice(position), out consumed);
                }
                catch (BencodeException e) when (position > 0)
                {
                    throw new BencodeException(e.Problem, e.Offset + position);
                }

                position += consumed;
                yield return ToObject(value, asByteArray);
            }
        }

        private static OrderedDictionary ToDictionary(BDictionary dictionary, bool asByteArray)
        {
            var result = new OrderedDictionary(dictionary.Count, StringComparer.Ordinal);
            HashSet<string>? hexKeys = null;
            foreach (KeyValuePair<BString, BValue> entry in dictionary)
            {
                string key;
                if (!entry.Key.TryGetText(out key))
                {
                    key = ToHex(entry.Key.Bytes.Span);
                    hexKeys ??= new HashSet<string>(StringComparer.Ordinal);
                    hexKeys.Add(key);
                }

                if (result.Contains(key))
                {
                    throw new BencodeException(
                        $"dictionary key {Describe(entry.Key)} has the same text as another key once written as hex ('{key}')",
                        Math.Max(entry.Key.Offset, 0));
                }

                result.Add(key, ToObject(entry.Value, asByteArray));
            }

            if (hexKeys != null)
            {
                HexKeys.Add(result, hexKeys);
            }

            return result;
        }

        private static BValue Convert(object? value, Func<object, object?>? unwrap, string path, int depth)
        {
            if (value != null && unwrap != null)
            {
                value = unwrap(value);
            }

            switch (value)
            {
                case null:
                    throw Refuse(path, "is null; bencode has no null (leave the key out instead)");
                case BValue bencode:
                    return bencode;
                case string text:
                    return new BString(text);
                case byte[] bytes:
                    return new BString((byte[])bytes.Clone());
                case ReadOnlyMemory<byte> memory:
                    return new BString(memory.ToArray());
                case char character:
                    return new BString(character.ToString());
                case bool flag:
                    return new BInteger(flag ? 1 : 0);
                case float _:
                case double _:
                    throw Refuse(path, $"is the floating-point number {System.Convert.ToString(value, CultureInfo.InvariantCulture)}; bencode has only integers");
                case DateTime _:
                case DateTimeOffset _:
                    throw Refuse(path, "is a date; bencode has no dates (BitTorrent writes them as Unix seconds: ([DateTimeOffset]$date).ToUnixTimeSeconds())");
                case IDictionary dictionary:
                    CheckDepth(path, depth);
                    return ConvertDictionary(dictionary, unwrap, path, depth);
                case IEnumerable sequence:
                    CheckDepth(path, depth);
                    return ConvertList(sequence, unwrap, path, depth);
            }

            if (TryGetInteger(value, out long integer, out string? problem))
            {
                return new BInteger(integer);
            }

            throw Refuse(path, problem ?? $"is a {value.GetType().FullName}, which bencode cannot represent (use dictionaries, lists, strings, byte arrays and integers)");
        }

        private static BDictionary ConvertDictionary(IDictionary dictionary, Func<object, object?>? unwrap, string path, int depth)
        {
            HashSet<string>? hexKeys = dictionary is OrderedDictionary ordered && HexKeys.TryGetValue(ordered, out HashSet<string>? known) ? known : null;
            var entries = new List<KeyValuePair<BString, BValue>>(dictionary.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in dictionary)
            {
                byte[] key = ConvertKey(entry.Key, unwrap, hexKeys, path);
                string keyText = DisplayKey(key);
                string childPath = path.Length == 0 ? keyText : path + "." + keyText;
                if (!seen.Add(System.Convert.ToBase64String(key)))
                {
                    throw Refuse(childPath, "is a second key with the same bytes as another key of the dictionary");
                }

                entries.Add(new KeyValuePair<BString, BValue>(new BString(key), Convert(entry.Value, unwrap, childPath, depth + 1)));
            }

            return new BDictionary(entries);
        }

        private static BList ConvertList(IEnumerable sequence, Func<object, object?>? unwrap, string path, int depth)
        {
            var items = new List<BValue>();
            foreach (object? item in sequence)
            {
                items.Add(Convert(item, unwrap, path + "[" + items.Count.ToString(CultureInfo.InvariantCulture) + "]", depth + 1));
            }

            return new BList(items);
        }

        private static byte[] ConvertKey(object? key, Func<object, object?>? unwrap, HashSet<string>? hexKeys, string path)
        {
            if (key != null && unwrap != null)
            {
                key = unwrap(key);
            }

            switch (key)
            {
                case string text when hexKeys != null && hexKeys.Contains(text):
                    return FromHex(text);
                case string text:
                    return Encoding.UTF8.GetBytes(text);
                case byte[] bytes:
                    return (byte[])bytes.Clone();
                case char character:
                    return Encoding.UTF8.GetBytes(character.ToString());
            }

            if (key != null && !(key is bool) && TryGetInteger(key, out long integer, out _))
            {
                return Encoding.UTF8.GetBytes(integer.ToString(CultureInfo.InvariantCulture));
            }

            string where = path.Length == 0 ? "The top-level dictionary" : $"The dictionary at '{path}'";
            throw new ArgumentException($"{where} has a key of type {key?.GetType().FullName ?? "null"}; bencode keys are byte strings (use strings or byte arrays).");
        }

        private static bool TryGetInteger(object value, out long result, out string? problem)
        {
            problem = null;
            result = 0;
            switch (value)
            {
                case sbyte n: result = n; return true;
                case byte n: result = n; return true;
                case short n: result = n; return true;
                case ushort n: result = n; return true;
                case int n: result = n; return true;
                case uint n: result = n; return true;
                case long n: result = n; return true;
                case ulong n when n <= long.MaxValue: result = (long)n; return true;
                case decimal n when n == decimal.Truncate(n) && n >= long.MinValue && n <= long.MaxValue: result = (long)n; return true;
                case BigInteger n when n >= long.MinValue && n <= long.MaxValue: result = (long)n; return true;
                case ulong _:
                case decimal _:
                case BigInteger _:
                    problem = $"is the number {System.Convert.ToString(value, CultureInfo.InvariantCulture)}, which is not a whole number that fits in 64 bits";
                    return false;
                default:
                    return false;
            }
        }

        private static void CheckDepth(string path, int depth)
        {
            if (depth >= MaxDepth)
            {
                throw Refuse(path, $"is nested more than {MaxDepth} levels deep (does a collection contain itself?)");
            }
        }

        private static ArgumentException Refuse(string path, string problem)
        {
            string where = path.Length == 0 ? "The value" : $"The value at '{path}'";
            return new ArgumentException($"Cannot convert to bencode: {where} {problem}.");
        }

        private static string DisplayKey(byte[] key)
        {
            try
            {
                return StrictUtf8.GetString(key);
            }
            catch (DecoderFallbackException)
            {
                return ToHex(key);
            }
        }

        private static string Describe(BString key) => key.TryGetText(out string text) ? $"'{text}'" : $"0x{ToHex(key.Bytes.Span)}";

        private static string ToHex(ReadOnlySpan<byte> bytes)
        {
            const string Digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }

        private static byte[] FromHex(string hex)
        {
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((HexValue(hex[2 * i]) << 4) | HexValue(hex[(2 * i) + 1]));
            }

            return bytes;
        }

        private static int HexValue(char c) => c <= '9' ? c - '0' : c - 'a' + 10;
    }
}
