using System;
using System.Globalization;

namespace TorrentPS.Peers
{
    /// <summary>
    /// One decoded peer message. <see cref="Payload"/> points into the reader's buffer (no copy): it is valid
    /// only until the handler that received it returns. Call <see cref="Detach"/> to keep a message longer.
    /// </summary>
    public readonly struct PeerMessage
    {
        private readonly int _a;
        private readonly int _b;
        private readonly int _c;

        private PeerMessage(PeerMessageType type, byte id, int a, int b, int c, ReadOnlyMemory<byte> payload)
        {
            Type = type;
            Id = id;
            _a = a;
            _b = b;
            _c = c;
            Payload = payload;
        }

        public PeerMessageType Type { get; }

        /// <summary>The wire id (0 for keep-alive, which has none).</summary>
        public byte Id { get; }

        /// <summary>The piece of have, request, piece, cancel, suggest, reject and allowed fast.</summary>
        public int PieceIndex => _a;

        /// <summary>The block offset of request, piece, cancel and reject.</summary>
        public int Begin => _b;

        /// <summary>The block length of request, cancel and reject; the data length of piece.</summary>
        public int Length => _c;

        /// <summary>The DHT port of a port message.</summary>
        public int Port => _a;

        /// <summary>For request, cancel, reject and piece: the block they name.</summary>
        public BlockRequest Block => new BlockRequest(_a, _b, _c);

        /// <summary>For an extended message: the extension's message id (0 is the BEP 10 handshake).</summary>
        public byte ExtendedId => Type == PeerMessageType.Extended ? Payload.Span[0] : (byte)0;

        /// <summary>
        /// The variable part: the bitfield bytes, a piece's block data, an extended message's bytes after the
        /// extended id, or an unknown message's bytes after its id. Empty for the rest.
        /// </summary>
        public ReadOnlyMemory<byte> Payload { get; }

        /// <summary>The extended message's bytes after its extended id (BEP 10 passes these through unparsed).</summary>
        public ReadOnlyMemory<byte> ExtendedPayload => Type == PeerMessageType.Extended ? Payload.Slice(1) : ReadOnlyMemory<byte>.Empty;

        public static PeerMessage KeepAlive => new PeerMessage(PeerMessageType.KeepAlive, 0, 0, 0, 0, default);

        internal static PeerMessage Simple(PeerMessageType type) => new PeerMessage(type, (byte)type, 0, 0, 0, default);

        internal static PeerMessage WithIndex(PeerMessageType type, int index) => new PeerMessage(type, (byte)type, index, 0, 0, default);

        internal static PeerMessage WithBlock(PeerMessageType type, int index, int begin, int length) =>
            new PeerMessage(type, (byte)type, index, begin, length, default);

        internal static PeerMessage Piece(int index, int begin, ReadOnlyMemory<byte> data) =>
            new PeerMessage(PeerMessageType.Piece, (byte)PeerMessageType.Piece, index, begin, data.Length, data);

        internal static PeerMessage WithPayload(PeerMessageType type, byte id, ReadOnlyMemory<byte> payload) =>
            new PeerMessage(type, id, 0, 0, payload.Length, payload);

        internal static PeerMessage PortMessage(int port) => new PeerMessage(PeerMessageType.Port, (byte)PeerMessageType.Port, port, 0, 0, default);

        /// <summary>The same message with its own copy of the payload, safe to keep after the handler returns.</summary>
        public PeerMessage Detach() =>
            Payload.IsEmpty ? this : new PeerMessage(Type, Id, _a, _b, _c, Payload.ToArray());

        public override string ToString()
        {
            CultureInfo c = CultureInfo.InvariantCulture;
            return Type switch
            {
                PeerMessageType.Have or PeerMessageType.Suggest or PeerMessageType.AllowedFast => string.Format(c, "{0} {1}", Type, _a),
                PeerMessageType.Request or PeerMessageType.Cancel or PeerMessageType.Reject or PeerMessageType.Piece => $"{Type} {Block}",
                PeerMessageType.Port => string.Format(c, "Port {0}", _a),
                PeerMessageType.Bitfield => string.Format(c, "Bitfield ({0} bytes)", Payload.Length),
                PeerMessageType.Extended => string.Format(c, "Extended {0} ({1} bytes)", ExtendedId, Payload.Length - 1),
                PeerMessageType.Unknown => string.Format(c, "Unknown id {0} ({1} bytes)", Id, Payload.Length),
                _ => Type.ToString(),
            };
        }
    }
}
