using System.Globalization;

namespace TorrentPS
{
    /// <summary>
    /// "host:port" as peers and trackers are shown and typed everywhere: an IPv6 address goes in brackets so the
    /// port stays apart from the address's own colons, as in URLs.
    /// </summary>
    internal static class EndPointText
    {
        public static string Format(string host, int port)
            => host.IndexOf(':') >= 0
                ? string.Format(CultureInfo.InvariantCulture, "[{0}]:{1}", host, port)
                : string.Format(CultureInfo.InvariantCulture, "{0}:{1}", host, port);
    }
}
