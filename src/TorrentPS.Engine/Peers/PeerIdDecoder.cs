using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TorrentPS.Peers
{
    /// <summary>
    /// Names the client behind a peer id, from the conventions clients follow: Azureus style (-TR3000-),
    /// Shadow style (S58B-----), Mainline (M4-4-0--) and aria2 (A2-1-36-0-). Returns null for ids that follow
    /// none of them; ids are self-reported, so this is a hint, not proof.
    /// </summary>
    public static class PeerIdDecoder
    {
        // Shadow-style version characters: each one is a number 0..63 in this order.
        private const string ShadowDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-";

        /// <summary>"Transmission 3.00", "libtorrent-rasterbar 2.0.8.0", "aria2 1.36.0" ... or null.</summary>
        public static string? Decode(ReadOnlySpan<byte> peerId)
        {
            if (peerId.Length < 8)
            {
                return null;
            }

            return DecodeAzureus(peerId) ?? DecodeAria2(peerId) ?? DecodeMainline(peerId) ?? DecodeShadow(peerId);
        }

        private static string? DecodeAzureus(ReadOnlySpan<byte> id)
        {
            if (id[0] != '-' || id[7] != '-')
            {
                return null;
            }

            string code = new string(new[] { (char)id[1], (char)id[2] });
            if (!AzureusClientCodes.Names.TryGetValue(code, out string? name))
            {
                return null;
            }

            var digits = new int[4];
            for (int i = 0; i < 4; i++)
            {
                digits[i] = AzureusDigit(id[3 + i]);
                if (digits[i] < 0)
                {
                    return null;
                }
            }

            return name + " " + AzureusVersion(code, id.Slice(3, 4), digits);
        }

        private static string AzureusVersion(string code, ReadOnlySpan<byte> chars, int[] d)
        {
            CultureInfo c = CultureInfo.InvariantCulture;
            if (code == "TR")
            {
                // Transmission: 0.xx before 1.0 ("-TR0072-"), 1.00..3.00 as major.two digits ("-TR2940-"), then 4.0.0;
                // a trailing Z or X marks a beta or development build.
                string suffix = chars[3] == 'Z' || chars[3] == 'X' || chars[3] == 'B' ? " (development build)" : string.Empty;
                if (d[0] == 0 && d[1] == 0)
                {
                    return string.Format(c, "0.{0}{1}", d[2], d[3]);
                }

                return d[0] >= 4
                    ? string.Format(c, "{0}.{1}.{2}{3}", d[0], d[1], d[2], suffix)
                    : string.Format(c, "{0}.{1}{2}{3}", d[0], d[1], d[2], suffix);
            }

            if (AzureusClientCodes.FourPartVersions.Contains(code))
            {
                return string.Format(c, "{0}.{1}.{2}.{3}", d[0], d[1], d[2], d[3]);
            }

            // Most clients use three parts and the last character for a build tag (µTorrent's B for beta, Deluge's s for stable).
            string version = string.Format(c, "{0}.{1}.{2}", d[0], d[1], d[2]);
            return chars[3] >= '1' && chars[3] <= '9' ? version + "." + (char)chars[3] : version;
        }

        // Azureus-style version characters: digits, then letters for 10 and up (libtorrent writes 10 as 'A').
        private static int AzureusDigit(byte b) => b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'A' and <= (byte)'Z' => b - 'A' + 10,
            >= (byte)'a' and <= (byte)'z' => b - 'a' + 10,
            _ => -1,
        };

        // aria2: "A2-" then major-minor-patch, each a decimal number, each followed by '-' ("A2-1-36-0-").
        private static string? DecodeAria2(ReadOnlySpan<byte> id)
        {
            if (id[0] != 'A' || id[1] != '2' || id[2] != '-')
            {
                return null;
            }

            List<int>? parts = ReadDashedNumbers(id.Slice(3), 3);
            return parts is null ? null : "aria2 " + string.Join(".", parts);
        }

        // BitTorrent Mainline: 'M' then major-minor-patch and dashes to fill eight characters ("M4-4-0--", "M7-10-3-").
        private static string? DecodeMainline(ReadOnlySpan<byte> id)
        {
            if (id[0] != 'M')
            {
                return null;
            }

            ReadOnlySpan<byte> head = id.Slice(1, 7);
            List<int>? parts = ReadDashedNumbers(head, 3);
            return parts is null ? null : "BitTorrent (Mainline) " + string.Join(".", parts);
        }

        // Shadow style: a letter, up to five version characters, then dashes ("S58B-----" is Shadow 5.8.11).
        private static string? DecodeShadow(ReadOnlySpan<byte> id)
        {
            if (!AzureusClientCodes.ShadowNames.TryGetValue((char)id[0], out string? name))
            {
                return null;
            }

            var version = new StringBuilder();
            int i = 1;
            for (; i < 6 && id[i] != '-'; i++)
            {
                int value = ShadowDigits.IndexOf((char)id[i]);
                if (value < 0)
                {
                    return null;
                }

                version.Append(version.Length == 0 ? string.Empty : ".").Append(value.ToString(CultureInfo.InvariantCulture));
            }

            // At least two version characters and two dashes after them, or it is just a random id starting with a letter.
            if (i < 3 || i + 1 >= id.Length || id[i] != '-' || id[i + 1] != '-')
            {
                return null;
            }

            return name + " " + version;
        }

        /// <summary>Reads "n-n-n-" (decimal numbers each ended by '-'); null unless exactly <paramref name="count"/> numbers start the span.</summary>
        private static List<int>? ReadDashedNumbers(ReadOnlySpan<byte> span, int count)
        {
            var parts = new List<int>(count);
            int i = 0;
            while (parts.Count < count)
            {
                int value = 0;
                int digits = 0;
                for (; i < span.Length && span[i] >= '0' && span[i] <= '9' && digits < 3; i++, digits++)
                {
                    value = (value * 10) + (span[i] - '0');
                }

                if (digits == 0 || i >= span.Length || span[i] != '-')
                {
                    return null;
                }

                parts.Add(value);
                i++;
            }

            return parts;
        }
    }
}
