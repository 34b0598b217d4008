using System;

namespace TorrentPS.Peers
{
    /// <summary>
    /// The BEP 3 handshake: 19, "BitTorrent protocol", 8 reserved bytes, the 20-byte info-hash and the
    /// 20-byte peer id, 68 bytes in all.
    /// </summary>
    public sealed class PeerHandshake
    {
        public const int Length = 68;
        public const int PeerIdLength = 20;
        public const string ProtocolName = "BitTorrent protocol";

        private const int ReservedOffset = 20;
        private const int InfoHashOffset = 28;
        private const int PeerIdOffset = 48;

        private readonly byte[] _peerId;

        public PeerHandshake(ReservedBits reserved, InfoHash infoHash, ReadOnlySpan<byte> peerId)
        {
            if (peerId.Length != PeerIdLength)
            {
                throw new ArgumentException($"A peer id is {PeerIdLength} bytes, not {peerId.Length}.", nameof(peerId));
            }

            Reserved = reserved;
            InfoHash = infoHash;
            _peerId = peerId.ToArray();
        }

        public ReservedBits Reserved { get; }

        public InfoHash InfoHash { get; }

        public ReadOnlyMemory<byte> PeerId => _peerId;

        /// <summary>The peer id in printable form (see <see cref="PeerIdGenerator.Format"/>).</summary>
        public string PeerIdText => PeerIdGenerator.Format(_peerId);

        /// <summary>Reads a handshake; anything but the exact BEP 3 header is a <see cref="PeerProtocolException"/>.</summary>
        public static PeerHandshake Parse(ReadOnlySpan<byte> data)
        {
            if (data.Length < Length)
            {
                throw new PeerProtocolException(
                    PeerProtocolError.HandshakeTruncated,
                    $"A handshake is {Length} bytes; only {data.Length} arrived.");
            }

            CheckProtocolPrefix(data);
            return new PeerHandshake(
                ReservedBits.FromBytes(data.Slice(ReservedOffset, ReservedBits.Length)),
                new InfoHash(data.Slice(InfoHashOffset, InfoHash.Length)),
                data.Slice(PeerIdOffset, PeerIdLength));
        }

        /// <summary>Throws when the bytes that arrived so far already differ from 19 "BitTorrent protocol".</summary>
        internal static void CheckProtocolPrefix(ReadOnlySpan<byte> arrived)
        {
            if (arrived.Length > 0 && arrived[0] != ProtocolName.Length)
            {
                throw new PeerProtocolException(
                    PeerProtocolError.WrongProtocol,
                    $"The handshake's protocol string length is {arrived[0]}, not {ProtocolName.Length}: not a BitTorrent peer (or an encrypted one).");
            }

            int checkable = Math.Min(arrived.Length, 1 + ProtocolName.Length);
            for (int i = 1; i < checkable; i++)
            {
                if (arrived[i] != ProtocolName[i - 1])
                {
                    throw new PeerProtocolException(
                        PeerProtocolError.WrongProtocol,
                        $"The handshake's protocol string starts \"{PeerIdGenerator.Format(arrived.Slice(1, checkable - 1))}\", not \"{ProtocolName}\" (first difference at byte {i}).");
                }
            }
        }

        /// <summary>Writes the 68 bytes into <paramref name="destination"/> and returns <see cref="Length"/>.</summary>
        public int WriteTo(Span<byte> destination)
        {
            if (destination.Length < Length)
            {
                throw new ArgumentException($"A handshake needs {Length} bytes of room.", nameof(destination));
            }

            destination[0] = (byte)ProtocolName.Length;
            for (int i = 0; i < ProtocolName.Length; i++)
            {
                destination[1 + i] = (byte)ProtocolName[i];
            }

            Reserved.CopyTo(destination.Slice(ReservedOffset, ReservedBits.Length));
            InfoHash.CopyTo(destination.Slice(InfoHashOffset, InfoHash.Length));
            _peerId.CopyTo(destination.Slice(PeerIdOffset, PeerIdLength));
            return Length;
        }

        public byte[] ToArray()
        {
            var bytes = new byte[Length];
            WriteTo(bytes);
            return bytes;
        }

        public bool HasPeerId(ReadOnlySpan<byte> peerId) => peerId.SequenceEqual(_peerId);

        public override string ToString() => $"{InfoHash} from {PeerIdText} (reserved {Reserved})";
    }
}
