using System.Globalization;

namespace TorrentPS.Interop.Tests.Support;

/// <summary>
/// Limits for external processes. They only bound a hung tool (the tests never assert on time), so the
/// defaults are generous; TORRENTPS_INTEROP_TIMEOUT_SECONDS changes them for slow or fast machines.
/// </summary>
public static class InteropSettings
{
    public static TimeSpan ProcessTimeout { get; } = ReadSeconds("TORRENTPS_INTEROP_TIMEOUT_SECONDS", 120);

    /// <summary>How long a stopped process gets to exit before it is killed.</summary>
    public static TimeSpan StopGracePeriod { get; } = TimeSpan.FromSeconds(5);

    private static TimeSpan ReadSeconds(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(fallback);
}
