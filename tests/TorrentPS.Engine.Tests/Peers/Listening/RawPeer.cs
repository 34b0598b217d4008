using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace TorrentPS.Engine.Tests.Peers.Listening;

/// <summary>
/// A remote peer driven byte by byte by a test, connecting to us over IPv4 or IPv6: it can handshake
/// properly, send garbage or floods, and tell when we hang up on it.
/// </summary>
internal sealed class RawPeer : IDisposable
{
    /// <summary>Bounds every wait so a broken test fails instead of hanging; never asserted on.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;

    private RawPeer(Socket socket) => _socket = socket;

    /// <summary>Our end of the connection: what the other side sees as the remote end point.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static async Task<RawPeer> ConnectAsync(IPEndPoint target)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var patience = new CancellationTokenSource(Patience);
            await socket.ConnectAsync(target, patience.Token);
            return new RawPeer(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends our handshake and reads the answer; returns the answer's reserved bytes.</summary>
    public async Task<byte[]> HandshakeAsync(InfoHash infoHash, bool fast = true)
    {
        byte[] reserved = new byte[8];
        reserved[7] = fast ? (byte)0x04 : (byte)0;
        await SendAsync(Frames.Handshake(infoHash, Frames.PeerId("-RP0001-"), reserved));
        byte[] answer = await ReceiveExactlyAsync(68);
        Assert.Equal(infoHash.ToArray(), answer.AsSpan(28, 20).ToArray());
        return answer.AsSpan(20, 8).ToArray();
    }

    public async Task SendAsync(byte[] bytes)
    {
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
        }
    }

    /// <summary>The next message as (id, payload); id -1 is a keep-alive. Throws <see cref="EndOfStreamException"/> when we hung up.</summary>
    public async Task<(int Id, byte[] Payload)> ReceiveMessageAsync()
    {
        byte[] prefix = await ReceiveExactlyAsync(4);
        int length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length == 0)
        {
            return (-1, []);
        }

        byte[] body = await ReceiveExactlyAsync(length);
        return (body[0], body[1..]);
    }

    /// <summary>Reads messages until one with <paramref name="id"/> arrives; returns its payload.</summary>
    public async Task<byte[]> ReceiveUntilAsync(int id)
    {
        while (true)
        {
            (int got, byte[] payload) = await ReceiveMessageAsync();
            if (got == id)
            {
                return payload;
            }
        }
    }

    public async Task<byte[]> ReceiveExactlyAsync(int count)
    {
        var result = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await ReadSomeAsync(_buffer);
                if (_end == 0)
                {
                    throw new EndOfStreamException($"The connection closed after {filled} of {count} bytes.");
                }
            }

            int take = Math.Min(count - filled, _end - _start);
            Array.Copy(_buffer, _start, result, filled, take);
            _start += take;
            filled += take;
        }

        return result;
    }

    /// <summary>Reads and discards everything until the other side closes the connection (a reset counts as closed).</summary>
    public async Task WaitUntilClosedAsync()
    {
        var sink = new byte[64 * 1024];
        while (await ReadSomeAsync(sink) > 0)
        {
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task<int> ReadSomeAsync(byte[] buffer)
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, patience.Token);
        }
        catch (SocketException)
        {
            return 0;
        }
    }
}
