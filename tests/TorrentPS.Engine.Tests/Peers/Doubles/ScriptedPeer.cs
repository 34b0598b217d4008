using System.Net;
using System.Net.Sockets;

namespace TorrentPS.Engine.Tests.Peers.Doubles;

/// <summary>
/// The far end of a peer connection, driven byte by byte by a test: it can handshake properly, send garbage,
/// go silent or hang up. Either listens on 127.0.0.1 (for our outgoing connections) or connects to us.
/// </summary>
public sealed class ScriptedPeer : IDisposable
{
    /// <summary>Bounds every wait so a broken test fails instead of hanging; never asserted on.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TcpListener? _listener;
    private Socket? _socket;

    private ScriptedPeer(TcpListener? listener, Socket? socket)
    {
        _listener = listener;
        _socket = socket;
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener!.LocalEndpoint;

    private Socket Socket => _socket ?? throw new InvalidOperationException("No connection yet: call AcceptAsync.");

    public static ScriptedPeer Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new ScriptedPeer(listener, null);
    }

    public static async Task<ScriptedPeer> ConnectAsync(IPEndPoint target)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(target);
        return new ScriptedPeer(null, socket);
    }

    public async Task AcceptAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        _socket = await _listener!.AcceptSocketAsync(patience.Token);
        _socket.NoDelay = true;
    }

    public async Task SendAsync(byte[] bytes)
    {
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await Socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
        }
    }

    public void SendBlocking(byte[] bytes) => Socket.Send(bytes);

    /// <summary>Sends one byte per write, so the other side sees every possible fragmentation.</summary>
    public async Task SendTricklingAsync(byte[] bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            await SendAsync(new[] { bytes[i] });
        }
    }

    public async Task<byte[]> ReceiveExactlyAsync(int count)
    {
        using var patience = new CancellationTokenSource(Patience);
        byte[] buffer = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            int read = await Socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, patience.Token);
            if (read == 0)
            {
                throw new EndOfStreamException($"The connection closed after {filled} of {count} bytes.");
            }

            filled += read;
        }

        return buffer;
    }

    /// <summary>Reads until the other side closes; returns everything that arrived.</summary>
    public async Task<byte[]> ReceiveUntilClosedAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        var all = new MemoryStream();
        byte[] buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await Socket.ReceiveAsync(buffer, SocketFlags.None, patience.Token);
            }
            catch (SocketException)
            {
                return all.ToArray();
            }

            if (read == 0)
            {
                return all.ToArray();
            }

            all.Write(buffer, 0, read);
        }
    }

    /// <summary>Reads the other side's handshake and answers with <paramref name="answer"/>.</summary>
    public async Task<byte[]> AnswerHandshakeAsync(byte[] answer)
    {
        byte[] theirs = await ReceiveExactlyAsync(68);
        await SendAsync(answer);
        return theirs;
    }

    public void HangUp()
    {
        _socket?.Shutdown(SocketShutdown.Both);
        _socket?.Close();
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _listener?.Stop();
    }
}
