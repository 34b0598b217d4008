using System;
using System.Collections.Generic;
using System.Text;

namespace TorrentPS.Metainfo
{
    /// <summary>
    /// Checks one file or folder name from a torrent so that no path can escape the download folder.
    /// Policy: anything that could climb out of the folder or is structurally broken (., .., empty names,
    /// separators inside a name, NUL and control characters, over-long names) is rejected with a
    /// <see cref="MetainfoException"/>. Names that are only a problem on Windows (reserved device names such
    /// as CON or aux.c, the characters &lt;&gt;:"|?*, trailing dots and spaces) are made safe on every
    /// platform, so a torrent has the same layout everywhere, and a warning says what was renamed.
    /// </summary>
    internal static class PathSegmentRules
    {
        public const int MaxSegmentBytes = 255;
        public const int MaxDepth = 64;

        private static readonly char[] WindowsInvalidCharacters = { '<', '>', ':', '"', '|', '?', '*' };

        private static readonly HashSet<string> ReservedDeviceNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        /// <summary>Returns the segment, made safe for Windows if needed (with a warning), or throws.</summary>
        public static string Check(string segment, FieldName field, List<string> warnings)
        {
            if (segment.Length == 0)
            {
                throw new MetainfoException(field.ToString(), "empty path segment (a rooted path or a doubled separator)");
            }

            if (segment == "." || segment == "..")
            {
                throw new MetainfoException(field.ToString(), $"path segment '{segment}' would leave the download folder");
            }

            foreach (char c in segment)
            {
                if (c == '/' || c == '\\')
                {
                    throw new MetainfoException(field.ToString(), $"path segment '{segment}' contains a path separator");
                }

                if (c < 0x20 || c == 0x7F)
                {
                    throw new MetainfoException(field.ToString(), $"path segment contains the control character U+{(int)c:X4}");
                }
            }

            // A UTF-16 character is at most 3 UTF-8 bytes, so only long names need counting.
            if (segment.Length > MaxSegmentBytes / 3 && Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                throw new MetainfoException(field.ToString(), $"path segment is longer than {MaxSegmentBytes} bytes");
            }

            string safe = MakeWindowsSafe(segment);
            if (!string.Equals(safe, segment, StringComparison.Ordinal))
            {
                warnings.Add($"{field}: '{segment}' is not a valid file name on Windows; it is saved as '{safe}'.");
            }

            return safe;
        }

        private static string MakeWindowsSafe(string segment)
        {
            if (IsWindowsSafe(segment))
            {
                return segment;
            }

            var builder = new StringBuilder(segment.Length + 1);
            foreach (char c in segment)
            {
                builder.Append(c is '<' or '>' or ':' or '"' or '|' or '?' or '*' ? '_' : c);
            }

            // Windows silently drops trailing dots and spaces, which would merge "a." into "a".
            int last = builder.Length - 1;
            if (builder[last] == '.' || builder[last] == ' ')
            {
                builder[last] = '_';
            }

            string result = builder.ToString();
            int dot = result.IndexOf('.');
            string stem = dot < 0 ? result : result.Substring(0, dot);
            return ReservedDeviceNames.Contains(stem.TrimEnd(' ')) ? "_" + result : result;
        }

        /// <summary>The common case, checked without allocating: no character, ending or device name Windows refuses.</summary>
        private static bool IsWindowsSafe(string segment)
        {
            if (segment.IndexOfAny(WindowsInvalidCharacters) >= 0 || segment[segment.Length - 1] == '.' || segment[segment.Length - 1] == ' ')
            {
                return false;
            }

            // Device names are 3 to 7 characters before any extension (CON, COM1, CONOUT$).
            int dot = segment.IndexOf('.');
            int stemLength = dot < 0 ? segment.Length : dot;
            // Every device name starts with C, P, A, N or L: test that before cutting out the stem.
            return stemLength < 3 || stemLength > 7 || "CPANLcpanl".IndexOf(segment[0]) < 0 || !ReservedDeviceNames.Contains(segment.Substring(0, stemLength).TrimEnd(' '));
        }
    }
}
