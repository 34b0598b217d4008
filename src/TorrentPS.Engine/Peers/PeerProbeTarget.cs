using System;
using System.Globalization;
using System.Net;

namespace TorrentPS.Peers
{
    /// <summary>A peer to probe and where we heard of it ("tracker", "manual", ...).</summary>
    public sealed class PeerProbeTarget
    {
        public PeerProbeTarget(string host, int port, string source)
        {
            if (string.IsNullOrWhiteSpace(host))
            {
                throw new ArgumentException("A peer needs a host or address.", nameof(host));
            }

            if (port < 1 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "A peer's port is 1 to 65535.");
            }

            Host = host;
            Port = port;
            Source = source ?? throw new ArgumentNullException(nameof(source));
        }

        public PeerProbeTarget(IPEndPoint endPoint, string source)
            : this((endPoint ?? throw new ArgumentNullException(nameof(endPoint))).Address.ToString(), endPoint.Port, source)
        {
        }

        public string Host { get; }

        public int Port { get; }

        public string Source { get; }

        /// <summary>Parses "host:port", "1.2.3.4:port" or "[v6]:port", the forms users type and magnet x.pe carries.</summary>
        public static PeerProbeTarget Parse(string text, string source)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            string trimmed = text.Trim();
            int colon = trimmed.LastIndexOf(':');
            if (colon <= 0 || colon == trimmed.Length - 1)
            {
                throw new FormatException($"'{text}' is not host:port.");
            }

            string host = trimmed.Substring(0, colon);
            if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal))
            {
                host = host.Substring(1, host.Length - 2);
            }
            else if (host.IndexOf(':') >= 0)
            {
                throw new FormatException($"'{text}': an IPv6 address needs brackets, as in [::1]:6881.");
            }

            if (!int.TryParse(trimmed.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                throw new FormatException($"'{text}' does not end in a port from 1 to 65535.");
            }

            return new PeerProbeTarget(host, port, source);
        }

        public EndPoint ToEndPoint() =>
            IPAddress.TryParse(Host, out IPAddress? address) ? new IPEndPoint(address, Port) : new DnsEndPoint(Host, Port);

        public override string ToString() => EndPointText.Format(Host, Port);
    }
}
