using System;
using System.Text;

namespace TorrentPS.Peers
{
    /// <summary>
    /// Peer ids as text. Most start with a readable client tag and end in random bytes, so printable ASCII is
    /// kept and everything else (and '%') is percent-escaped: "A2-1-36-0-%8F..." still shows aria2's tag,
    /// where a hex dump would hide it.
    /// </summary>
    public static class PeerIdText
    {
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
                    text.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
                }
            }

            return text.ToString();
        }
    }
}
