using System;
using System.Text;

namespace TorrentPS.Tracking.Http
{
    /// <summary>
    /// Percent-encoding of binary values byte by byte. info_hash and peer_id are raw bytes, not text, so they
    /// must never go through a text URL encoder (which would turn invalid UTF-8 into replacement characters).
    /// </summary>
    internal static class TrackerUrlEncoding
    {
        public static void AppendPercentEncoded(StringBuilder builder, ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
            {
                if (IsUnreserved(b))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%');
                    builder.Append("0123456789ABCDEF"[b >> 4]);
                    builder.Append("0123456789ABCDEF"[b & 0xF]);
                }
            }
        }

        public static string PercentEncode(ReadOnlySpan<byte> bytes)
        {
            var builder = new StringBuilder(bytes.Length * 3);
            AppendPercentEncoded(builder, bytes);
            return builder.ToString();
        }

        // RFC 3986 unreserved characters; everything else is escaped.
        private static bool IsUnreserved(byte b)
            => (b >= (byte)'0' && b <= (byte)'9')
               || (b >= (byte)'A' && b <= (byte)'Z')
               || (b >= (byte)'a' && b <= (byte)'z')
               || b == (byte)'-' || b == (byte)'.' || b == (byte)'_' || b == (byte)'~';
    }
}
