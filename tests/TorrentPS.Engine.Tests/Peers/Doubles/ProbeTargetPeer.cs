using System.Net;
using System.Net.Sockets;

namespace TorrentPS.Engine.Tests.Peers.Doubles;

/// <summary>
/// A listening peer on 127.0.0.1 that answers every connection the same scripted way, for the probe:
/// a seed, a half-complete peer, one that never says a word, one for another torrent.
/// </summary>
public sealed class ProbeTargetPeer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<Socket, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = new();
    private readonly Task _acceptLoop;
    private int _open;
    private int _mostOpenAtOnce;

    private ProbeTargetPeer(Func<Socket, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>The largest number of connections this peer held open at the same moment.</summary>
    public int MostOpenAtOnce => Volatile.Read(ref _mostOpenAtOnce);

    public int Accepted { get; private set; }

    /// <summary>Handshakes as <paramref name="peerId"/> for <paramref name="hash"/>, then sends <paramref name="afterHandshake"/> and stays.</summary>
    public static ProbeTargetPeer Answering(InfoHash hash, byte[] peerId, byte[] afterHandshake, bool fast = false)
    {
        byte[] reserved = new byte[8];
        reserved[7] = fast ? (byte)0x04 : (byte)0;
        byte[] answer = Frames.Concat(Frames.Handshake(hash, peerId, reserved), afterHandshake);
        return new ProbeTargetPeer(async socket =>
        {
            await ReceiveAsync(socket, 68);
            await socket.SendAsync(answer, SocketFlags.None);
        });
    }

    /// <summary>Accepts and then says nothing at all.</summary>
    public static ProbeTargetPeer Silent() => new(_ => Task.CompletedTask);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (Socket socket in _sockets)
            {
                socket.Dispose();
            }
        }

        // Stopping the listener ends the accept loop (it returns on the exception); no need to block on it here.
        _ = _acceptLoop;
    }

    private static async Task ReceiveAsync(Socket socket, int count)
    {
        byte[] buffer = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
            if (read == 0)
            {
                return;
            }

            filled += read;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is SocketException || ex is ObjectDisposedException)
            {
                return;
            }

            lock (_sockets)
            {
                _sockets.Add(socket);
                Accepted++;
            }

            int open = Interlocked.Increment(ref _open);
            int most;
            while (open > (most = Volatile.Read(ref _mostOpenAtOnce)) && Interlocked.CompareExchange(ref _mostOpenAtOnce, open, most) != most)
            {
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await _script(socket);
                    // Hold the connection until the prober closes it.
                    await ReceiveAsync(socket, int.MaxValue / 2);
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
                {
                }
                finally
                {
                    Interlocked.Decrement(ref _open);
                }
            });
        }
    }
}
