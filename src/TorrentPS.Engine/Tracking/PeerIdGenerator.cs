using System;
using System.Security.Cryptography;
using System.Text;
using TorrentPS.Tracking;

namespace TorrentPS
{
    /// <summary>
    /// Makes our 20-byte peer id in Azureus style, <c>-TP0100-</c> then 12 random characters. Generate one per
    /// session and keep it: trackers key peers by it.
    /// </summary>
    public static class PeerIdGenerator
    {
        public const string Prefix = "-TP0100-";
        public const int Length = 20;

        // Alphanumerics keep the id printable in tracker logs and URLs while leaving 71 bits of randomness.
        private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

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

        /// <summary>The id as text when it is printable ASCII, else as hex.</summary>
        public static string Format(ReadOnlySpan<byte> peerId)
        {
            foreach (byte b in peerId)
            {
                if (b < 0x20 || b > 0x7E)
                {
                    return HexFormat.ToHex(peerId);
                }
            }

            return Encoding.ASCII.GetString(peerId.ToArray());
        }
    }
}
