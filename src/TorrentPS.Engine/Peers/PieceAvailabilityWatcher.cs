using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers
{
    /// <summary>
    /// Collects what a peer says about its pieces right after the handshake (bitfield, have all, have none,
    /// haves), for the probe. <see cref="Announced"/> completes at the first full statement.
    /// </summary>
    internal sealed class PieceAvailabilityWatcher : IPeerMessageHandler
    {
        private readonly TaskCompletionSource<bool> _announced = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Bitfield _pieces;
        private bool _heardAnything;

        public PieceAvailabilityWatcher(int pieceCount) => _pieces = new Bitfield(pieceCount);

        public Task Announced => _announced.Task;

        /// <summary>Pieces the peer claims; null when it said nothing about them. Read after the connection is closed.</summary>
        public int? PiecesHave => _heardAnything ? _pieces.Count : null;

        public ValueTask OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken)
        {
            switch (message.Type)
            {
                case PeerMessageType.Bitfield:
                    Bitfield announced = Bitfield.FromWire(message.Payload.Span, _pieces.PieceCount);
                    for (int i = 0; i < announced.PieceCount; i++)
                    {
                        if (announced[i])
                        {
                            _pieces.Set(i);
                        }
                    }

                    Complete();
                    break;
                case PeerMessageType.HaveAll:
                    _pieces.SetAll();
                    Complete();
                    break;
                case PeerMessageType.HaveNone:
                    Complete();
                    break;
                case PeerMessageType.Have:
                    _pieces.Set(message.PieceIndex);
                    _heardAnything = true;
                    break;
            }

            return default;
        }

        private void Complete()
        {
            _heardAnything = true;
            _announced.TrySetResult(true);
        }
    }
}
