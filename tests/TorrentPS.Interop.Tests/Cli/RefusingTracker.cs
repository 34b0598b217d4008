using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>
/// A loopback HTTP tracker double that answers every request with the same bencoded failure reason, for the
/// failure paths a real opentracker does not offer on demand. Dispose stops it.
/// </summary>
public sealed class RefusingTracker : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public RefusingTracker(string reason)
    {
        Reason = reason;
        _listener.Start();
        _loop = ServeAsync();
    }

    public string Reason { get; }

    public string AnnounceUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/announce";

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept was cut short by Stop.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        byte[] body = Encoding.UTF8.GetBytes($"d14:failure reason{Encoding.UTF8.GetByteCount(Reason)}:{Reason}e");
        byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                NetworkStream stream = client.GetStream();
                await ReadRequestHeadAsync(stream, _stop.Token);
                Interlocked.Increment(ref _requests);
                await stream.WriteAsync(head, _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private static async Task ReadRequestHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var last = new Queue<byte>(4);
        var one = new byte[1];
        while (await stream.ReadAsync(one, ct) == 1)
        {
            last.Enqueue(one[0]);
            if (last.Count > 4)
            {
                last.Dequeue();
            }

            if (last.SequenceEqual("\r\n\r\n"u8.ToArray()))
            {
                return;
            }
        }
    }
}
