using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TorrentPS.Peers;
using TorrentPS.Peers.Listening;

namespace TorrentPS.Engine.Tests.Peers.Listening;

public sealed class PeerListenerTests
{
    private static readonly IPAddress[] Loopbacks = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    private static PeerListenerSettings Settings(int maxPending = 32, int maxPendingPerAddress = 4, int maxPerAddress = 8, int maxConnections = 500, TimeSpan? handshakeTimeout = null) => new()
    {
        Port = 0,
        BindAddresses = Loopbacks,
        MaxPendingHandshakes = maxPending,
        MaxPendingHandshakesPerAddress = maxPendingPerAddress,
        MaxConnectionsPerAddress = maxPerAddress,
        MaxConnections = maxConnections,
        PeerSettings = new PeerConnectionSettings { HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(20) },
    };

    private static PeerTorrentContext Torrent() => new(Frames.RandomInfoHash(), Frames.PeerId("-TP0100-"), 10);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(RawPeer.Patience);
        while (!condition())
        {
            await Task.Delay(10, patience.Token);
        }
    }

    [Fact]
    public async Task Listens_on_one_port_over_IPv4_and_IPv6_and_routes_each_handshake_to_its_torrent()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        Assert.NotEqual(0, listener.Port);
        Assert.Equal([AddressFamily.InterNetwork, AddressFamily.InterNetworkV6], listener.LocalEndPoints.Select(e => e.AddressFamily));
        Assert.All(listener.LocalEndPoints, e => Assert.Equal(listener.Port, e.Port));

        PeerTorrentContext first = Torrent();
        PeerTorrentContext second = Torrent();
        var arrived = new ConcurrentQueue<(string Torrent, PeerConnection Connection)>();
        using PeerListenerRegistration a = listener.Register(first, c => arrived.Enqueue(("first", c)));
        using PeerListenerRegistration b = listener.Register(second, c => arrived.Enqueue(("second", c)));

        using RawPeer overV4 = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        byte[] reserved = await overV4.HandshakeAsync(first.InfoHash);
        using RawPeer overV6 = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, listener.Port));
        await overV6.HandshakeAsync(second.InfoHash, fast: false);
        await WaitForAsync(() => arrived.Count == 2);

        Assert.Equal(0x04, reserved[7] & 0x04);
        var byTorrent = arrived.ToDictionary(x => x.Torrent, x => x.Connection);
        Assert.Same(first, byTorrent["first"].Torrent);
        Assert.True(byTorrent["first"].SupportsFast);
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)byTorrent["first"].RemoteEndPoint!).Address);
        Assert.Same(second, byTorrent["second"].Torrent);
        Assert.False(byTorrent["second"].SupportsFast);
        Assert.Equal(IPAddress.IPv6Loopback, ((IPEndPoint)byTorrent["second"].RemoteEndPoint!).Address);
        Assert.Equal(2, listener.AcceptedCount);
        Assert.Equal(2, listener.OpenConnections);

        byTorrent["first"].Close();
        byTorrent["second"].Close();
        await WaitForAsync(() => listener.OpenConnections == 0);
    }

    [Fact]
    public async Task An_unknown_info_hash_is_refused_without_an_answer()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        using PeerListenerRegistration registration = listener.Register(Torrent(), c => c.Close());
        using RawPeer stranger = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));

        await stranger.SendAsync(Frames.Handshake(Frames.RandomInfoHash(), Frames.PeerId("-RP0001-")));

        await Assert.ThrowsAsync<EndOfStreamException>(() => stranger.ReceiveExactlyAsync(68));
        await WaitForAsync(() => listener.UnknownTorrentCount == 1);
        Assert.Equal(0, listener.AcceptedCount);
    }

    [Fact]
    public async Task A_torrent_no_longer_registered_gets_no_more_peers()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        PeerTorrentContext torrent = Torrent();
        PeerListenerRegistration registration = listener.Register(torrent, c => c.Close());
        Assert.True(listener.IsRegistered(torrent.InfoHash));
        Assert.Throws<InvalidOperationException>(() => listener.Register(torrent, c => c.Close()));

        registration.Dispose();

        Assert.False(listener.IsRegistered(torrent.InfoHash));
        using RawPeer late = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        await late.SendAsync(Frames.Handshake(torrent.InfoHash, Frames.PeerId("-RP0001-")));
        await Assert.ThrowsAsync<EndOfStreamException>(() => late.ReceiveExactlyAsync(68));
        await WaitForAsync(() => listener.UnknownTorrentCount == 1);
    }

    [Fact]
    public async Task Garbage_instead_of_a_handshake_is_dropped_and_counted()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        using RawPeer garbage = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, listener.Port));
        await garbage.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        await garbage.WaitUntilClosedAsync();
        await WaitForAsync(() => listener.FailedHandshakeCount == 1);
    }

    [Fact]
    public async Task Silent_connections_beyond_the_pending_limit_from_one_address_are_refused_while_other_addresses_still_get_in()
    {
        await using PeerListener listener = PeerListener.Start(Settings(maxPendingPerAddress: 3));
        PeerTorrentContext torrent = Torrent();
        var arrived = new ConcurrentQueue<PeerConnection>();
        using PeerListenerRegistration registration = listener.Register(torrent, arrived.Enqueue);

        var silent = new List<RawPeer>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                silent.Add(await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port)));
            }

            await WaitForAsync(() => listener.PendingHandshakes == 3);
            using RawPeer fourth = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
            await fourth.WaitUntilClosedAsync();
            Assert.Equal(1, listener.RefusedCount);

            // ::1 is another address: its handshake still goes through.
            using RawPeer other = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, listener.Port));
            await other.HandshakeAsync(torrent.InfoHash);
            await WaitForAsync(() => arrived.Count == 1);
        }
        finally
        {
            silent.ForEach(s => s.Dispose());
            foreach (PeerConnection connection in arrived)
            {
                connection.Close();
            }
        }
    }

    [Fact]
    public async Task The_total_pending_limit_refuses_a_flood_over_any_address_until_a_slot_frees()
    {
        await using PeerListener listener = PeerListener.Start(Settings(maxPending: 2));
        PeerTorrentContext torrent = Torrent();
        var arrived = new ConcurrentQueue<PeerConnection>();
        using PeerListenerRegistration registration = listener.Register(torrent, arrived.Enqueue);
        RawPeer one = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        using RawPeer two = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, listener.Port));
        await WaitForAsync(() => listener.PendingHandshakes == 2);

        using (RawPeer third = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port)))
        {
            await third.WaitUntilClosedAsync();
        }

        Assert.Equal(1, listener.RefusedCount);

        // A silent client that gives up frees its slot; then a real peer gets in.
        one.Dispose();
        await WaitForAsync(() => listener.PendingHandshakes == 1);
        using RawPeer real = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        await real.HandshakeAsync(torrent.InfoHash);
        await WaitForAsync(() => arrived.Count == 1);
        Assert.Equal(1, listener.RefusedCount);
        arrived.Single().Close();
    }

    [Fact]
    public async Task A_peer_that_never_finishes_its_handshake_is_dropped_after_the_timeout()
    {
        await using PeerListener listener = PeerListener.Start(Settings(handshakeTimeout: TimeSpan.FromMilliseconds(200)));
        using PeerListenerRegistration registration = listener.Register(Torrent(), c => c.Close());
        using RawPeer slow = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        await slow.SendAsync(Frames.Handshake(Frames.RandomInfoHash(), Frames.PeerId("-RP0001-"))[..30]);

        await slow.WaitUntilClosedAsync();

        await WaitForAsync(() => listener.FailedHandshakeCount == 1);
        Assert.Equal(0, listener.PendingHandshakes);
    }

    [Fact]
    public async Task Open_connections_count_against_the_per_address_limit_until_they_close()
    {
        await using PeerListener listener = PeerListener.Start(Settings(maxPerAddress: 1));
        PeerTorrentContext torrent = Torrent();
        var arrived = new ConcurrentQueue<PeerConnection>();
        using PeerListenerRegistration registration = listener.Register(torrent, arrived.Enqueue);
        using RawPeer first = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        await first.HandshakeAsync(torrent.InfoHash);
        await WaitForAsync(() => arrived.Count == 1);

        using (RawPeer second = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port)))
        {
            await second.WaitUntilClosedAsync();
        }

        Assert.Equal(1, listener.RefusedCount);
        arrived.Single().Close();
        await WaitForAsync(() => listener.OpenConnections == 0);
        using RawPeer third = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        await third.HandshakeAsync(torrent.InfoHash);
        await WaitForAsync(() => arrived.Count == 2);
        foreach (PeerConnection connection in arrived)
        {
            connection.Close();
        }
    }

    [Fact]
    public async Task A_callback_that_throws_gets_its_connection_closed_and_the_listener_goes_on()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        PeerTorrentContext torrent = Torrent();
        int calls = 0;
        using PeerListenerRegistration registration = listener.Register(torrent, c =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the session is shutting down");
            }

            c.Close();
        });

        using RawPeer first = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        await first.HandshakeAsync(torrent.InfoHash);
        await first.WaitUntilClosedAsync();
        using RawPeer second = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port));
        await second.HandshakeAsync(torrent.InfoHash);
        await second.WaitUntilClosedAsync();
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Stopping_ends_pending_handshakes_frees_the_port_and_leaves_handed_over_connections_open()
    {
        await using PeerListener listener = PeerListener.Start(Settings());
        int port = listener.Port;
        PeerTorrentContext torrent = Torrent();
        var arrived = new ConcurrentQueue<PeerConnection>();
        listener.Register(torrent, arrived.Enqueue);
        using RawPeer served = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await served.HandshakeAsync(torrent.InfoHash);
        await WaitForAsync(() => arrived.Count == 1);
        using RawPeer pending = await RawPeer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await WaitForAsync(() => listener.PendingHandshakes == 1);

        await listener.StopAsync().WaitAsync(RawPeer.Patience);

        await pending.WaitUntilClosedAsync();
        Assert.False(arrived.Single().IsClosed);
        await using PeerListener again = PeerListener.Start(new PeerListenerSettings { Port = port, BindAddresses = Loopbacks });
        Assert.Equal(port, again.Port);
        arrived.Single().Close();
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error()
    {
        await using PeerListener first = PeerListener.Start(Settings());
        PeerListenerException error = Assert.Throws<PeerListenerException>(() =>
            PeerListener.Start(new PeerListenerSettings { Port = first.Port, BindAddresses = [IPAddress.Loopback] }));
        Assert.Contains($"127.0.0.1:{first.Port}", error.Message);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PeerListener.Start(new PeerListenerSettings { Port = 70000 }));
        Assert.Throws<ArgumentException>(() => PeerListener.Start(new PeerListenerSettings { BindAddresses = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PeerListener.Start(new PeerListenerSettings { MaxPendingHandshakes = 0, BindAddresses = Loopbacks }));
    }
}
