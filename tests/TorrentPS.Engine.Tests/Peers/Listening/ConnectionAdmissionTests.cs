using System.Net;
using TorrentPS.Peers.Listening;

namespace TorrentPS.Engine.Tests.Peers.Listening;

public sealed class ConnectionAdmissionTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress B = IPAddress.Parse("10.0.0.2");

    private static ConnectionAdmission Admission(int maxPending = 100, int maxPendingPerAddress = 100, int maxPerAddress = 100, int maxConnections = 100) =>
        new(new PeerListenerSettings
        {
            MaxPendingHandshakes = maxPending,
            MaxPendingHandshakesPerAddress = maxPendingPerAddress,
            MaxConnectionsPerAddress = maxPerAddress,
            MaxConnections = maxConnections,
        });

    [Fact]
    public void The_total_connection_limit_counts_pending_and_open_connections_from_every_address()
    {
        ConnectionAdmission admission = Admission(maxConnections: 3);
        Assert.True(admission.TryAdmit(A, out _));
        Assert.True(admission.TryAdmit(B, out _));
        admission.HandshakeEnded(A, opened: true);
        Assert.True(admission.TryAdmit(B, out _));

        Assert.False(admission.TryAdmit(IPAddress.Parse("10.0.0.3"), out string? refusal));
        Assert.Equal("3 incoming connections are already open", refusal);

        admission.Closed(A);
        Assert.True(admission.TryAdmit(IPAddress.Parse("10.0.0.3"), out _));
        Assert.Equal(3, admission.Pending);
        Assert.Equal(0, admission.Open);
    }

    [Fact]
    public void A_failed_handshake_frees_its_address_slot()
    {
        ConnectionAdmission admission = Admission(maxPendingPerAddress: 1);
        Assert.True(admission.TryAdmit(A, out _));
        Assert.False(admission.TryAdmit(A, out string? refusal));
        Assert.Contains("10.0.0.1", refusal);
        admission.HandshakeEnded(A, opened: false);
        Assert.True(admission.TryAdmit(A, out _));
    }

    [Fact]
    public void An_IPv4_peer_on_the_IPv6_socket_counts_as_its_IPv4_address()
    {
        Assert.Equal(A, ConnectionAdmission.Normalize(A.MapToIPv6()));
        Assert.Equal(IPAddress.IPv6Loopback, ConnectionAdmission.Normalize(IPAddress.IPv6Loopback));
    }
}
