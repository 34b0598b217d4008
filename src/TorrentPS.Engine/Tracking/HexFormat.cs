using System;

namespace TorrentPS.Tracking
{
    internal static class HexFormat
    {
        public static string ToHex(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
                chars[(2 * i) + 1] = "0123456789abcdef"[bytes[i] & 0xF];
            }

            return new string(chars);
        }
    }
}
