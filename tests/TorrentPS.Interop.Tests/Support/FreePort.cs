using System.Net;
using System.Net.Sockets;

namespace TorrentPS.Interop.Tests.Support;

/// <summary>
/// Loopback ports that were free a moment ago, for programs that must be told a port up front.
/// Another process could take one before it is used; on a test machine that is rare enough to accept.
/// </summary>
public static class FreePort
{
    public static int Tcp(AddressFamily family = AddressFamily.InterNetwork)
    {
        var listener = new TcpListener(Loopback(family), 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    public static int Udp(AddressFamily family = AddressFamily.InterNetwork)
    {
        using var socket = new UdpClient(new IPEndPoint(Loopback(family), 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>A port free for both TCP and UDP (trackers such as opentracker listen on both).</summary>
    public static int TcpAndUdp(AddressFamily family = AddressFamily.InterNetwork)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int port = Tcp(family);
            try
            {
                using var socket = new UdpClient(new IPEndPoint(Loopback(family), port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }

        throw new InvalidOperationException("No loopback port was free for both TCP and UDP after 50 attempts.");
    }

    private static IPAddress Loopback(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
}
