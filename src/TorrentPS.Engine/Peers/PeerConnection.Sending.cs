using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers
{
    public sealed partial class PeerConnection
    {
        // One writer at a time: messages from several threads must not interleave on the wire.
        private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);

        // Room for the longest header a message can have (a request is 17 bytes).
        private const int MaxHeaderLength = 32;

        // Sends never throw for network trouble: a failed write closes the connection (see Completion) and
        // later sends do nothing. Only a caller's mistake (a bad argument) throws.
        public Task SendKeepAliveAsync() => SendAsync(new Outgoing(PeerMessageType.KeepAlive), default, false);

        public Task SendChokeAsync() => SendAsync(new Outgoing(PeerMessageType.Choke), default, false);

        public Task SendUnchokeAsync() => SendAsync(new Outgoing(PeerMessageType.Unchoke), default, false);

        public Task SendInterestedAsync() => SendAsync(new Outgoing(PeerMessageType.Interested), default, false);

        public Task SendNotInterestedAsync() => SendAsync(new Outgoing(PeerMessageType.NotInterested), default, false);

        public Task SendHaveAsync(int pieceIndex) => SendAsync(new Outgoing(PeerMessageType.Have, CheckPiece(pieceIndex)), default, false);

        public Task SendHaveAllAsync() => SendAsync(new Outgoing(RequireLocalFast(PeerMessageType.HaveAll)), default, false);

        public Task SendHaveNoneAsync() => SendAsync(new Outgoing(RequireLocalFast(PeerMessageType.HaveNone)), default, false);

        public Task SendSuggestAsync(int pieceIndex) =>
            SendAsync(new Outgoing(RequireLocalFast(PeerMessageType.Suggest), CheckPiece(pieceIndex)), default, false);

        public Task SendAllowedFastAsync(int pieceIndex) =>
            SendAsync(new Outgoing(RequireLocalFast(PeerMessageType.AllowedFast), CheckPiece(pieceIndex)), default, false);

        public Task SendBitfieldAsync(Bitfield bitfield)
        {
            if (bitfield is null)
            {
                throw new ArgumentNullException(nameof(bitfield));
            }

            if (Torrent.PieceCount is int count && bitfield.PieceCount != count)
            {
                throw new ArgumentException($"The bitfield covers {bitfield.PieceCount} pieces; the torrent has {count}.", nameof(bitfield));
            }

            return SendBitfieldCopyAsync(bitfield);
        }

        private async Task SendBitfieldCopyAsync(Bitfield bitfield)
        {
            // Copied because the caller's bitfield keeps changing while this waits for the wire.
            byte[] wire = ArrayPool<byte>.Shared.Rent(Math.Max(1, bitfield.WireLength));
            try
            {
                bitfield.CopyTo(wire);
                await SendAsync(new Outgoing(PeerMessageType.Bitfield, bitfield.WireLength), new ReadOnlyMemory<byte>(wire, 0, bitfield.WireLength), false).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(wire);
            }
        }

        /// <summary>Requests a block; its data will be delivered when it arrives (and only then: unrequested data is dropped).</summary>
        public Task SendRequestAsync(BlockRequest block)
        {
            CheckBlock(block);
            if (IsClosed)
            {
                return Task.CompletedTask;
            }

            // Recorded before it is on the wire, so even an instant answer finds it.
            _pending.Add(block);
            return SendAsync(new Outgoing(PeerMessageType.Request, block), default, false);
        }

        /// <summary>
        /// Requests several blocks in one write: on a no-delay socket that is one TCP segment for the lot instead
        /// of one per request, which saves a system call per block here and a wake-up per block at the peer.
        /// </summary>
        public Task SendRequestsAsync(ReadOnlySpan<BlockRequest> blocks)
        {
            foreach (BlockRequest block in blocks)
            {
                CheckBlock(block);
            }

            if (IsClosed || blocks.IsEmpty)
            {
                return Task.CompletedTask;
            }

            byte[] wire = ArrayPool<byte>.Shared.Rent(blocks.Length * PeerMessageWriter.BlockMessageLength);
            int length = 0;
            foreach (BlockRequest block in blocks)
            {
                _pending.Add(block);
                length += PeerMessageWriter.WriteBlockMessage(wire.AsSpan(length), PeerMessageType.Request, block);
            }

            return SendFrameAsync(wire, length, 0);
        }

        public Task SendCancelAsync(BlockRequest block)
        {
            CheckBlock(block);
            _pending.Cancel(block);
            return SendAsync(new Outgoing(PeerMessageType.Cancel, block), default, false);
        }

        public Task SendRejectAsync(BlockRequest block)
        {
            CheckBlock(block);
            return SendAsync(new Outgoing(RequireLocalFast(PeerMessageType.Reject), block), default, false);
        }

        /// <summary>Sends a block: a 13-byte header and <paramref name="data"/> in one write.</summary>
        public Task SendPieceAsync(int pieceIndex, int begin, ReadOnlyMemory<byte> data)
        {
            var block = new BlockRequest(pieceIndex, begin, data.Length);
            CheckBlock(block);
            return SendAsync(new Outgoing(PeerMessageType.Piece, block), data, true);
        }

        /// <summary>
        /// Sends <paramref name="blocks"/> from a rented <paramref name="frame"/> that holds them one after another,
        /// each one's data behind <see cref="PeerMessageWriter.PieceHeaderLength"/> bytes of room for its header: the
        /// headers are written in and the messages go out in one write, without another copy. Takes the frame: it
        /// goes back to the pool when sent.
        /// </summary>
        internal Task SendPieceFramesAsync(IReadOnlyList<BlockRequest> blocks, byte[] frame)
        {
            int offset = 0;
            int payload = 0;
            foreach (BlockRequest block in blocks)
            {
                CheckBlock(block);
                offset += PeerMessageWriter.WritePieceHeader(frame.AsSpan(offset), block.PieceIndex, block.Begin, block.Length) + block.Length;
                payload += block.Length;
            }

            return SendFrameAsync(frame, offset, payload);
        }

        public Task SendPortAsync(int port)
        {
            if (port < 0 || port > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "A port is 0 to 65535.");
            }

            return SendAsync(new Outgoing(PeerMessageType.Port, port), default, false);
        }

        /// <summary>A BEP 10 extended message; <paramref name="payload"/> is sent as given (bencoded by the caller).</summary>
        public Task SendExtendedAsync(byte extendedId, ReadOnlyMemory<byte> payload)
        {
            if (!Extensions.SupportsExtensionProtocol)
            {
                throw new InvalidOperationException("The extension protocol (BEP 10) was not negotiated on this connection.");
            }

            return SendAsync(new Outgoing(PeerMessageType.Extended, extendedId, payload.Length), payload, false);
        }

        /// <summary>Our BEP 10 extension handshake; send it first, before the pieces we have, as libtorrent does.</summary>
        public Task SendExtensionHandshakeAsync(ExtensionHandshake handshake)
        {
            if (handshake is null)
            {
                throw new ArgumentNullException(nameof(handshake));
            }

            return SendExtendedAsync(ExtensionHandshake.MessageId, handshake.Encode());
        }

        private Task SendAsync(Outgoing message, ReadOnlyMemory<byte> tail, bool tailIsPayload)
        {
            if (IsClosed)
            {
                return Task.CompletedTask;
            }

            // Header and body in one write: on a no-delay socket two writes are two TCP segments, and copying a
            // 16 KiB block costs far less than the extra system call and segment at both ends.
            byte[] frame = ArrayPool<byte>.Shared.Rent(MaxHeaderLength + tail.Length);
            int headerLength = message.Encode(frame);
            tail.Span.CopyTo(frame.AsSpan(headerLength));
            return SendFrameAsync(frame, headerLength + tail.Length, tailIsPayload ? tail.Length : 0);
        }

        /// <summary>Writes <paramref name="length"/> bytes of encoded messages, <paramref name="payload"/> of them block data, from a rented frame it returns to the pool.</summary>
        private async Task SendFrameAsync(byte[] frame, int length, int payload)
        {
            try
            {
                if (!await EnterWriteAsync().ConfigureAwait(false))
                {
                    return;
                }

                try
                {
                    await _stream.WriteAsync(frame, 0, length, _closing.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _payloadSent, payload);
                    Interlocked.Add(ref _protocolSent, length - payload);
                    Volatile.Write(ref _lastSent, Stopwatch.GetTimestamp());
                }
                catch (Exception ex) when (IsNetworkFailure(ex))
                {
                    Close(PeerCloseReason.NetworkError, ex);
                }
                finally
                {
                    _writeLock.Release();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
            }
        }

        /// <summary>Takes the write lock; false (lock not held) when the connection is or becomes closed.</summary>
        private async ValueTask<bool> EnterWriteAsync()
        {
            if (IsClosed)
            {
                return false;
            }

            try
            {
                await _writeLock.WaitAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            if (IsClosed)
            {
                _writeLock.Release();
                return false;
            }

            return true;
        }

        private static bool IsNetworkFailure(Exception ex) =>
            ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException;

        private int CheckPiece(int pieceIndex)
        {
            int count = Torrent.PieceCount ?? PeerMessageLimits.MaxPieceCount;
            if ((uint)pieceIndex >= (uint)count)
            {
                throw new ArgumentOutOfRangeException(nameof(pieceIndex), pieceIndex, $"Piece indexes run from 0 to {count - 1}.");
            }

            return pieceIndex;
        }

        private void CheckBlock(BlockRequest block)
        {
            CheckPiece(block.PieceIndex);
            if (block.Begin < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(block), block, "A block offset is not negative.");
            }

            if (block.Length < 1 || block.Length > BlockRequest.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(block), block, $"A block is 1 to {BlockRequest.MaxLength} bytes.");
            }
        }

        private PeerMessageType RequireLocalFast(PeerMessageType type) =>
            SupportsFast
                ? type
                : throw new InvalidOperationException($"{type} is a Fast extension message and the extension was not negotiated on this connection.");

        /// <summary>A message to encode once the write lock is held: the type and up to three numbers.</summary>
        private readonly struct Outgoing
        {
            private readonly PeerMessageType _type;
            private readonly int _a;
            private readonly int _b;
            private readonly int _c;

            public Outgoing(PeerMessageType type, int a = 0, int b = 0, int c = 0)
            {
                _type = type;
                _a = a;
                _b = b;
                _c = c;
            }

            public Outgoing(PeerMessageType type, BlockRequest block)
                : this(type, block.PieceIndex, block.Begin, block.Length)
            {
            }

            public int Encode(Span<byte> destination) => _type switch
            {
                PeerMessageType.KeepAlive => PeerMessageWriter.WriteKeepAlive(destination),
                PeerMessageType.Have or PeerMessageType.Suggest or PeerMessageType.AllowedFast => PeerMessageWriter.WriteIndexMessage(destination, _type, _a),
                PeerMessageType.Request or PeerMessageType.Cancel or PeerMessageType.Reject => PeerMessageWriter.WriteBlockMessage(destination, _type, new BlockRequest(_a, _b, _c)),
                PeerMessageType.Piece => PeerMessageWriter.WritePieceHeader(destination, _a, _b, _c),
                PeerMessageType.Port => PeerMessageWriter.WritePort(destination, _a),
                PeerMessageType.Bitfield => PeerMessageWriter.WriteBitfieldHeader(destination, _a),
                PeerMessageType.Extended => PeerMessageWriter.WriteExtendedHeader(destination, (byte)_a, _b),
                _ => PeerMessageWriter.WriteSimple(destination, _type),
            };
        }
    }
}
