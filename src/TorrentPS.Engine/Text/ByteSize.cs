using System.Globalization;

namespace TorrentPS
{
    /// <summary>
    /// Byte counts for people: binary units (KiB, MiB...), as torrent clients show piece sizes. Public so
    /// the console host and the PowerShell format views ([TorrentPS.ByteSize]::Format) print sizes alike.
    /// </summary>
    public static class ByteSize
    {
        private static readonly string[] Units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

        /// <summary>"0 B", "512 B", "32 KiB", "1.5 MiB": whole numbers lose their ".00".</summary>
        public static string Format(long bytes)
        {
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < Units.Length - 1)
            {
                value /= 1024;
                unit++;
            }

            string number = unit == 0 || value == System.Math.Floor(value)
                ? value.ToString("0", CultureInfo.InvariantCulture)
                : value.ToString("0.##", CultureInfo.InvariantCulture);
            return number + " " + Units[unit];
        }

        /// <summary>"1.5 MiB (1,572,864 bytes)": the exact count matters when comparing with other tools.</summary>
        public static string FormatWithExact(long bytes) =>
            bytes < 1024
                ? Format(bytes)
                : $"{Format(bytes)} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)";
    }
}
