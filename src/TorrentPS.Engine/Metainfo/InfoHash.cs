using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace TorrentPS
{
    /// <summary>
    /// A v1 info-hash: the SHA-1 of a torrent's bencoded info dictionary. Its string form is 40 lowercase
    /// hex digits; <see cref="ToBase32"/> gives the 32-character form some magnet links use.
    /// </summary>
    public readonly struct InfoHash : IEquatable<InfoHash>, IComparable<InfoHash>
    {
        public const int Length = 20;
        private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        // Twenty bytes held as three fields so the struct is a value with no array to share or mutate.
        private readonly ulong _a;
        private readonly ulong _b;
        private readonly uint _c;

        public InfoHash(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length != Length)
            {
                throw new ArgumentException($"An info-hash is {Length} bytes, not {bytes.Length}.", nameof(bytes));
            }

            _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            _b = BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(8));
            _c = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(16));
        }

        /// <summary>
        /// SHA-1 over <paramref name="infoDictionary"/>, the exact bytes of a bencoded info dictionary; hashed in
        /// place when they live in an array, so a large info dictionary is not copied.
        /// </summary>
        public static InfoHash Compute(ReadOnlyMemory<byte> infoDictionary)
        {
            if (!MemoryMarshal.TryGetArray(infoDictionary, out ArraySegment<byte> segment))
            {
                segment = new ArraySegment<byte>(infoDictionary.ToArray());
            }

            using SHA1 sha1 = SHA1.Create();
            return new InfoHash(sha1.ComputeHash(segment.Array!, segment.Offset, segment.Count));
        }

        /// <summary>Parses 40 hex digits or 32 base32 characters (either case).</summary>
        public static InfoHash Parse(string text)
        {
            if (TryParse(text, out InfoHash hash))
            {
                return hash;
            }

            throw new FormatException($"'{text}' is not an info-hash: expected 40 hex digits or 32 base32 characters.");
        }

        public static bool TryParse(string? text, out InfoHash hash)
        {
            hash = default;
            if (text is null)
            {
                return false;
            }

            Span<byte> bytes = stackalloc byte[Length];
            bool ok = text.Length switch
            {
                40 => TryDecodeHex(text, bytes),
                32 => TryDecodeBase32(text, bytes),
                _ => false,
            };
            if (ok)
            {
                hash = new InfoHash(bytes);
            }

            return ok;
        }

        public void CopyTo(Span<byte> destination)
        {
            if (destination.Length < Length)
            {
                throw new ArgumentException("The destination is shorter than 20 bytes.", nameof(destination));
            }

            BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), _b);
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), _c);
        }

        public byte[] ToArray()
        {
            var bytes = new byte[Length];
            CopyTo(bytes);
            return bytes;
        }

        /// <summary>The 40-character lowercase hex form.</summary>
        public override string ToString()
        {
            Span<byte> bytes = stackalloc byte[Length];
            CopyTo(bytes);
            var chars = new char[Length * 2];
            for (int i = 0; i < Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
                chars[(2 * i) + 1] = "0123456789abcdef"[bytes[i] & 0xF];
            }

            return new string(chars);
        }

        /// <summary>The 32-character uppercase base32 form (RFC 4648, no padding).</summary>
        public string ToBase32()
        {
            Span<byte> bytes = stackalloc byte[Length];
            CopyTo(bytes);
            var chars = new char[32];
            int bit = 0;
            for (int i = 0; i < 32; i++, bit += 5)
            {
                int index = 0;
                for (int j = 0; j < 5; j++)
                {
                    int b = bit + j;
                    index = (index << 1) | ((bytes[b / 8] >> (7 - (b % 8))) & 1);
                }

                chars[i] = Base32Alphabet[index];
            }

            return new string(chars);
        }

        public bool Equals(InfoHash other) => _a == other._a && _b == other._b && _c == other._c;

        public override bool Equals(object? obj) => obj is InfoHash other && Equals(other);

        public override int GetHashCode() => unchecked((int)_a ^ (int)(_a >> 32) ^ ((int)_b * 31) ^ (int)_c);

        public int CompareTo(InfoHash other)
        {
            int c = _a.CompareTo(other._a);
            if (c == 0)
            {
                c = _b.CompareTo(other._b);
            }

            return c != 0 ? c : _c.CompareTo(other._c);
        }

        public static bool operator ==(InfoHash left, InfoHash right) => left.Equals(right);

        public static bool operator !=(InfoHash left, InfoHash right) => !left.Equals(right);

        private static bool TryDecodeHex(string text, Span<byte> bytes)
        {
            for (int i = 0; i < Length; i++)
            {
                int hi = HexValue(text[2 * i]);
                int lo = HexValue(text[(2 * i) + 1]);
                if (hi < 0 || lo < 0)
                {
                    return false;
                }

                bytes[i] = (byte)((hi << 4) | lo);
            }

            return true;
        }

        private static bool TryDecodeBase32(string text, Span<byte> bytes)
        {
            bytes.Clear();
            int bit = 0;
            foreach (char c in text)
            {
                int value = Base32Alphabet.IndexOf(char.ToUpperInvariant(c));
                if (value < 0)
                {
                    return false;
                }

                for (int j = 4; j >= 0; j--, bit++)
                {
                    if (((value >> j) & 1) != 0)
                    {
                        bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
                    }
                }
            }

            return true;
        }

        private static int HexValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
    }
}
