using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TorrentPS.Engine.Tests.Tracking.Doubles;

/// <summary>
/// A UDP socket on loopback that hands every datagram to a handler and sends back whatever packets the handler
/// returns (none to stay silent). Tests craft replies byte by byte to play good and bad BEP 15 trackers.
/// </summary>
public sealed class UdpTrackerDouble : IDisposable
{
    private readonly UdpClient _socket;
    private readonly Func<byte[], int, IEnumerable<byte[]>> _handler;
    private readonly ConcurrentQueue<byte[]> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    /// <param name="handler">Gets each request and its 0-based arrival number; returns the datagrams to send back.</param>
    public UdpTrackerDouble(Func<byte[], int, IEnumerable<byte[]>> handler, IPAddress? address = null)
    {
        _handler = handler;
        _socket = new UdpClient(new IPEndPoint(address ?? IPAddress.Loopback, 0));
        _loop = LoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public string Url => EndPoint.AddressFamily == AddressFamily.InterNetworkV6
        ? $"udp://[{EndPoint.Address}]:{EndPoint.Port}/announce"
        : $"udp://{EndPoint.Address}:{EndPoint.Port}/announce";

    public IReadOnlyList<byte[]> Received => _received.ToArray();

    public int CountAction(int action) => Received.Count(p => p.Length >= 12 && BinaryPrimitives.ReadInt32BigEndian(p.AsSpan(8)) == action);

    /// <summary>Requests of one action counted by transaction id, so retransmissions on a busy machine do not count twice.</summary>
    public int CountDistinctRequests(int action)
        => Received.Where(p => p.Length >= 16 && BinaryPrimitives.ReadInt32BigEndian(p.AsSpan(8)) == action)
            .Select(p => BinaryPrimitives.ReadInt32BigEndian(p.AsSpan(12)))
            .Distinct()
            .Count();

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _received.Enqueue(datagram.Buffer);
            foreach (byte[] reply in _handler(datagram.Buffer, Interlocked.Increment(ref _count) - 1))
            {
                await _socket.SendAsync(reply, datagram.RemoteEndPoint, _stop.Token);
            }
        }
    }
}
