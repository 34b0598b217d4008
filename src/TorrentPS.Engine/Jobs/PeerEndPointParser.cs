using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace TorrentPS.Jobs
{
    /// <summary>
    /// Reads the peer addresses users type: "host:port", "1.2.3.4:port" or "[IPv6]:port" (the brackets keep the
    /// port apart from the address's own colons, as in URLs). Host names are looked up; an address literal is not.
    /// </summary>
    public static class PeerEndPointParser
    {
        /// <summary>Parses and, for a host name, resolves one address. Bad text is a FormatException that quotes it.</summary>
        /// <param name="resolve">Looks a host name up; defaults to DNS. A name with no usable address is a FormatException.</param>
        public static IPEndPoint Parse(string text, Func<string, IPAddress[]>? resolve = null)
        {
            (string host, int port) = Split(text);
            if (IPAddress.TryParse(host, out IPAddress? literal))
            {
                return new IPEndPoint(literal, port);
            }

            IPAddress[] addresses;
            try
            {
                addresses = (resolve ?? Dns.GetHostAddresses)(host);
            }
            catch (SocketException e)
            {
                throw new FormatException($"The peer '{text}' could not be found: {e.Message}", e);
            }

            // Peers speak IPv4 far more often; take it first when a name has both.
            IPAddress? address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6);
            if (address is null)
            {
                throw new FormatException($"The peer '{text}' could not be found: the name '{host}' has no IPv4 or IPv6 address.");
            }

            return new IPEndPoint(address, port);
        }

        /// <summary>Splits "host:port" or "[v6]:port" without resolving anything.</summary>
        public static (string Host, int Port) Split(string text)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            string trimmed = text.Trim();
            string host;
            string portText;
            if (trimmed.StartsWith("[", StringComparison.Ordinal))
            {
                int close = trimmed.IndexOf(']');
                if (close < 0 || close + 1 >= trimmed.Length || trimmed[close + 1] != ':')
                {
                    throw Bad(text, "an IPv6 address goes in brackets followed by the port, as in [::1]:6881");
                }

                host = trimmed.Substring(1, close - 1);
                portText = trimmed.Substring(close + 2);
                if (!IPAddress.TryParse(host, out IPAddress? v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                {
                    throw Bad(text, $"'{host}' in brackets is not an IPv6 address");
                }
            }
            else
            {
                int colon = trimmed.LastIndexOf(':');
                if (colon < 0)
                {
                    throw Bad(text, "the port is missing (host:port)");
                }

                host = trimmed.Substring(0, colon);
                portText = trimmed.Substring(colon + 1);
                if (host.IndexOf(':') >= 0)
                {
                    throw Bad(text, "an IPv6 address needs brackets, as in [::1]:6881");
                }

                if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c == '/' || c == '[' || c == ']'))
                {
                    throw Bad(text, "the host is missing or not a valid name");
                }
            }

            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                throw Bad(text, $"the port '{portText}' is not a number from 1 to 65535");
            }

            return (host, port);
        }

        private static FormatException Bad(string text, string why) =>
            new FormatException($"'{text}' is not a peer address: {why}.");
    }
}
