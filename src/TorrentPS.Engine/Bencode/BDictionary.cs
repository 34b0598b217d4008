using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace TorrentPS.Bencode
{
    /// <summary>
    /// A bencode dictionary. Entries keep the order they had in the input (which may be unsorted); keys
    /// are byte strings and are unique. Encoding writes them sorted.
    /// </summary>
    public sealed class BDictionary : BValue, IReadOnlyCollection<KeyValuePair<BString, BValue>>
    {
        private readonly KeyValuePair<BString, BValue>[] _entries;

        /// <summary>Builds a dictionary in code. Duplicate keys are an error.</summary>
        public BDictionary(IEnumerable<KeyValuePair<string, BValue>> entries)
            : this(ToEntries(entries), ReadOnlyMemory<byte>.Empty, 0, 0)
        {
        }

        /// <summary>Builds a dictionary with byte-string keys. Duplicate keys are an error.</summary>
        public BDictionary(IEnumerable<KeyValuePair<BString, BValue>> entries)
            : this(CheckUnique(new List<KeyValuePair<BString, BValue>>(entries).ToArray()), ReadOnlyMemory<byte>.Empty, 0, 0)
        {
        }

        internal BDictionary(KeyValuePair<BString, BValue>[] entries, ReadOnlyMemory<byte> source, int offset, int length)
            : base(source, offset, length)
        {
            _entries = entries;
        }

        public int Count => _entries.Length;

        public IEnumerable<BString> Keys
        {
            get
            {
                foreach (KeyValuePair<BString, BValue> entry in _entries)
                {
                    yield return entry.Key;
                }
            }
        }

        /// <summary>Looks a key up by its ASCII spelling (every key BitTorrent defines is ASCII).</summary>
        public bool TryGetValue(string key, [NotNullWhen(true)] out BValue? value)
        {
            foreach (KeyValuePair<BString, BValue> entry in _entries)
            {
                if (entry.Key.ContentEquals(key))
                {
                    value = entry.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        /// <summary>Looks a key up by its bytes (scrape replies key files by binary info-hash).</summary>
        public bool TryGetValue(ReadOnlySpan<byte> key, [NotNullWhen(true)] out BValue? value)
        {
            foreach (KeyValuePair<BString, BValue> entry in _entries)
            {
                if (entry.Key.Bytes.Span.SequenceEqual(key))
                {
                    value = entry.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        /// <summary>The value under <paramref name="key"/> when it exists and is of type <typeparamref name="T"/>.</summary>
        public T? Get<T>(string key)
            where T : BValue
            => TryGetValue(key, out BValue? value) ? value as T : null;

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public IEnumerator<KeyValuePair<BString, BValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<BString, BValue>>)_entries).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

        private static KeyValuePair<BString, BValue>[] CheckUnique(KeyValuePair<BString, BValue>[] entries)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (KeyValuePair<BString, BValue> entry in entries)
            {
                if (!seen.Add(Convert.ToBase64String(entry.Key.Bytes.ToArray())))
                {
                    throw new ArgumentException($"Duplicate dictionary key '{entry.Key}'.", nameof(entries));
                }
            }

            return entries;
        }

        private static KeyValuePair<BString, BValue>[] ToEntries(IEnumerable<KeyValuePair<string, BValue>> entries)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<KeyValuePair<BString, BValue>>();
            foreach (KeyValuePair<string, BValue> entry in entries)
            {
                if (!seen.Add(entry.Key))
                {
                    throw new ArgumentException($"Duplicate dictionary key '{entry.Key}'.", nameof(entries));
                }

                list.Add(new KeyValuePair<BString, BValue>(new BString(entry.Key), entry.Value ?? throw new ArgumentException($"Dictionary key '{entry.Key}' has no value.", nameof(entries))));
            }

            return list.ToArray();
        }
    }
}
