using System;
using System.Security.Cryptography;
using System.Text;

namespace TorrentPS
{
    /// <summary>
    /// Makes our 20-byte peer id in Azureus style, <c>-TP0100-</c> then 12 random characters. Generate one per
    /// session and keep it: trackers key peers by it. <see cref="Format"/> is the one way any peer id (ours, a
    /// tracker's, a handshake's) is shown to people.
    /// </summary>
    public static class PeerIdGenerator
    {
        public const string Prefix = "-TP0100-";
        public const int Length = 20;

        // Alphanumerics keep the id printable in tracker logs and URLs while leaving 71 bits of randomness.
        private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        private const string HexDigits = "0123456789ABCDEF";

        public static byte[] Generate()
        {
            byte[] id = new byte[Length];
            Encoding.ASCII.GetBytes(Prefix, 0, Prefix.Length, id, 0);
            byte[] random = new byte[Length - Prefix.Length];
            using (RandomNumberGenerator rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(random);
            }

            for (int i = 0; i < random.Length; i++)
            {
                // 256 is not a multiple of 62; the slight bias towards the first characters does not matter here.
                id[Prefix.Length + i] = (byte)Alphabet[random[i] % Alphabet.Length];
            }

            return id;
        }

        /// <summary>
        /// Any peer id as text, for people and logs. Most ids start with a readable client tag and end in random
        /// bytes, so printable ASCII is kept and everything else (and '%') is percent-escaped:
        /// "A2-1-36-0-%8F..." still shows aria2's tag, where a hex dump would hide it.
        /// </summary>
        public static string Format(ReadOnlySpan<byte> peerId)
        {
            var text = new StringBuilder(peerId.Length + 8);
            foreach (byte b in peerId)
            {
                if (b >= 0x20 && b < 0x7F && b != (byte)'%')
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
                }
            }

            return text.ToString();
        }
    }
}
