using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Session;

/// <summary>How a test seeder misbehaves.</summary>
public enum SeederBehaviour
{
    Honest,

    /// <summary>Every block it sends has a flipped byte.</summary>
    Corrupt,

    /// <summary>Sends a few blocks, then chokes and serves nothing more.</summary>
    ChokeMidPiece,

    /// <summary>Sends a few blocks, then drops the connection (and refuses new ones).</summary>
    DisconnectMidPiece,

    /// <summary>Serves only the pieces in its bitfield, which holds the first half.</summary>
    FirstHalfOnly,

    /// <summary>Holds every request until none has come for a moment, then answers them all: shows how many a client keeps out.</summary>
    Hoarding,
}

/// <summary>
/// A seeder on 127.0.0.1 built on the engine's own peer wire layer: it answers requests from memory
/// and can misbehave in the ways the download session must survive.
/// </summary>
internal sealed class SeederDouble : IPeerMessageHandler, IAsyncDisposable
{
    private const int BlocksBeforeMisbehaving = 5;
    private readonly SwarmContent _content;
    private readonly SeederBehaviour _behaviour;
    private readonly TcpListener _listener;
    private readonly PeerTorrentContext _context;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<PeerConnection> _connections = new();
    private readonly Task _acceptLoop;
    private readonly Task _unchokeWhen;
    private readonly ExtensionHandshake? _extensionHandshake;
    private readonly TaskCompletionSource _misbehavedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TimeSpan HoardingQuiet = TimeSpan.FromMilliseconds(150);
    private readonly List<(PeerConnection Connection, BlockRequest Block)> _held = new();
    private long _lastHeldTicks;
    private int _peakHeld;
    private int _blocksServed;
    private int _misbehaved;

    /// <param name="unchokeWhen">Holds the unchoke back until this completes, so a test can order seeders.</param>
    /// <param name="extensionHandshake">Sent first (BEP 10) to a client that offers the extension protocol.</param>
    public SeederDouble(SwarmContent content, SeederBehaviour behaviour = SeederBehaviour.Honest, Task? unchokeWhen = null, ExtensionHandshake? extensionHandshake = null)
    {
        _content = content;
        _behaviour = behaviour;
        _unchokeWhen = unchokeWhen ?? Task.CompletedTask;
        _extensionHandshake = extensionHandshake;
        _context = new PeerTorrentContext(content.Torrent.InfoHash, "-XX0001-seederdouble"u8, content.Torrent.PieceCount);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int BlocksServed => Volatile.Read(ref _blocksServed);

    /// <summary>Completes when the seeder has started to misbehave (sent a corrupt block, choked or dropped the connection).</summary>
    public Task Misbehaved => _misbehavedSignal.Task;

    /// <summary>The most requests a <see cref="SeederBehaviour.Hoarding"/> seeder held unanswered at once.</summary>
    public int PeakHeld => Volatile.Read(ref _peakHeld);

    /// <summary>Every (piece, begin) asked for, in order.</summary>
    public ConcurrentQueue<BlockRequest> Requests { get; } = new();

    /// <summary>The extension handshakes clients sent, as their connections saw them last.</summary>
    public IEnumerable<ExtensionHandshake> ClientExtensionHandshakes =>
        _connections.Select(c => c.RemoteExtensionHandshake).OfType<ExtensionHandshake>();

    public async ValueTask OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken)
    {
        if (message.Type != PeerMessageType.Request)
        {
            return;
        }

        BlockRequest block = message.Block;
        Requests.Enqueue(block);
        if (_behaviour == SeederBehaviour.Hoarding)
        {
            lock (_held)
            {
                _held.Add((connection, block));
                _peakHeld = Math.Max(_peakHeld, _held.Count);
                _lastHeldTicks = Environment.TickCount64;
            }

            return;
        }

        if (Volatile.Read(ref _misbehaved) != 0)
        {
            return;
        }

        int served = Interlocked.Increment(ref _blocksServed);
        switch (_behaviour)
        {
            case SeederBehaviour.ChokeMidPiece when served > BlocksBeforeMisbehaving:
                Interlocked.Exchange(ref _misbehaved, 1);
                await connection.SendChokeAsync();
                _misbehavedSignal.TrySetResult();
                return;
            case SeederBehaviour.DisconnectMidPiece when served > BlocksBeforeMisbehaving:
                Interlocked.Exchange(ref _misbehaved, 1);
                connection.Close();
                _misbehavedSignal.TrySetResult();
                return;
            case SeederBehaviour.FirstHalfOnly when block.PieceIndex >= _content.Torrent.PieceCount / 2:
                return;
        }

        ReadOnlyMemory<byte> data = _content.Block(block.PieceIndex, block.Begin, block.Length);
        if (_behaviour == SeederBehaviour.Corrupt)
        {
            byte[] copy = data.ToArray();
            copy[0] ^= 0xFF;
            data = copy;
        }

        await connection.SendPieceAsync(block.PieceIndex, block.Begin, data);
        if (_behaviour == SeederBehaviour.Corrupt)
        {
            _misbehavedSignal.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (PeerConnection connection in _connections)
        {
            connection.Close();
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
            // The listener was stopped under the accept loop: that is how it ends.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = ServeAsync(socket);
        }
    }

    /// <summary>Answers the held requests each time the client has gone quiet, until the connection ends.</summary>
    private async Task AnswerHeldAsync(PeerConnection connection, Task run)
    {
        while (!run.IsCompleted && !_stop.IsCancellationRequested)
        {
            await Task.Delay(HoardingQuiet / 3);
            List<(PeerConnection Connection, BlockRequest Block)> due;
            lock (_held)
            {
                if (_held.Count == 0 || Environment.TickCount64 - _lastHeldTicks < HoardingQuiet.TotalMilliseconds)
                {
                    continue;
                }

                due = _held.FindAll(h => h.Connection == connection);
                _held.RemoveAll(h => h.Connection == connection);
            }

            foreach ((_, BlockRequest block) in due)
            {
                Interlocked.Increment(ref _blocksServed);
                await connection.SendPieceAsync(block.PieceIndex, block.Begin, _content.Block(block.PieceIndex, block.Begin, block.Length));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        if (_behaviour == SeederBehaviour.DisconnectMidPiece && Volatile.Read(ref _misbehaved) != 0)
        {
            socket.Dispose();
            return;
        }

        try
        {
            PeerConnection connection = await PeerConnection.AcceptAsync(socket, hash => hash == _context.InfoHash ? _context : null, cancellationToken: _stop.Token);
            _connections.Add(connection);
            if (_extensionHandshake is not null && connection.Extensions.SupportsExtensionProtocol)
            {
                await connection.SendExtensionHandshakeAsync(_extensionHandshake);
            }

            Bitfield have = Bitfield.All(_content.Torrent.PieceCount);
            if (_behaviour == SeederBehaviour.FirstHalfOnly)
            {
                for (int i = _content.Torrent.PieceCount / 2; i < _content.Torrent.PieceCount; i++)
                {
                    have.Clear(i);
                }
            }

            await connection.SendBitfieldAsync(have);
            Task run = connection.RunAsync(this, _stop.Token);
            if (_behaviour == SeederBehaviour.Hoarding)
            {
                _ = AnswerHeldAsync(connection, run);
            }

            await _unchokeWhen.WaitAsync(_stop.Token);
            await connection.SendUnchokeAsync();
            await run;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (PeerProtocolException)
        {
        }
    }
}
