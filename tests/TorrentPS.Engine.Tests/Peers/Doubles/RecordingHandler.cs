using System.Threading.Channels;
using TorrentPS.Peers;

namespace TorrentPS.Engine.Tests.Peers.Doubles;

/// <summary>Keeps a copy of every message a connection delivers, for tests to wait on in order.</summary>
public sealed class RecordingHandler : IPeerMessageHandler
{
    private readonly Channel<PeerMessage> _messages = Channel.CreateUnbounded<PeerMessage>();

    public ValueTask OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken)
    {
        _messages.Writer.TryWrite(message.Detach());
        return default;
    }

    public async Task<PeerMessage> NextAsync()
    {
        using var patience = new CancellationTokenSource(ScriptedPeer.Patience);
        return await _messages.Reader.ReadAsync(patience.Token);
    }

    public bool TryTake(out PeerMessage message) => _messages.Reader.TryRead(out message);
}
