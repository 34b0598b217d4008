using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers
{
    /// <summary>
    /// Receives the messages of a running <see cref="PeerConnection"/>, one at a time, on the connection's read
    /// loop. The next message is not read until the returned task completes, which gives back-pressure for
    /// free. The message's payload lives in the connection's pooled buffer: copy what you keep before completing.
    /// Keep-alives, unknown ids and blocks we did not request are handled by the connection and never arrive here.
    /// </summary>
    public interface IPeerMessageHandler
    {
        ValueTask OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken);
    }
}
