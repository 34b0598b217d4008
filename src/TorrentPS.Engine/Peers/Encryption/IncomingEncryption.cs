using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers.Encryption
{
    /// <summary>
    /// The start of an incoming connection: a plaintext BitTorrent handshake passes through, a Message Stream
    /// Encryption (MSE/PE) handshake is answered. libtorrent (and so qBittorrent and Deluge) tries MSE first by
    /// default; refusing it costs such a peer a failed attempt and a reconnect. We answer as the receiving side,
    /// choose plaintext for the rest of the connection when the peer offers it (it does unless it insists on
    /// RC4), and hand on the BitTorrent handshake it sent inside its own, decrypted.
    /// </summary>
    internal static class IncomingEncryption
    {
        private const int MaxPadLength = 512;
        private static readonly TimeSpan KeyWait = TimeSpan.FromSeconds(3);
        private const uint CryptoPlaintext = 0x01;
        private const uint CryptoRc4 = 0x02;
        private static readonly byte[] PlaintextStart = Encoding.ASCII.GetBytes("\u0013BitTorrent protocol");

        /// <summary>
        /// Reads the first bytes of <paramref name="stream"/> and returns the stream to read the BitTorrent handshake
        /// from. <paramref name="infoHashes"/> are the torrents served (an encrypted peer names its torrent only as
        /// a hash of the info-hash). Throws <see cref="PeerProtocolException"/> for a handshake that is neither.
        /// </summary>
        public static async Task<Stream> AcceptAsync(Stream stream, Func<IEnumerable<InfoHash>> infoHashes, CancellationToken cancellationToken)
        {
            var reader = new HandshakeReader(stream);
            if (!await reader.TryFillAsync(PlaintextStart.Length, cancellationToken).ConfigureAwait(false)
                || reader.Buffered.StartsWith(PlaintextStart))
            {
                // Plaintext (or too short to be anything: the BitTorrent handshake reader reports the truncation).
                return new PrefixedStream(stream, reader.TakeBuffered());
            }

            byte[] theirKey = await ReadKeyAsync(reader, cancellationToken).ConfigureAwait(false);
            var exchange = new MseKeyExchange();
            await stream.WriteAsync(exchange.PublicKey, 0, exchange.PublicKey.Length, cancellationToken).ConfigureAwait(false);
            byte[] secret = exchange.SharedSecret(theirKey);

            await reader.SkipToAfterAsync(Hash("req1", secret), MaxPadLength, cancellationToken).ConfigureAwait(false);
            byte[] torrentProof = await reader.ReadExactAsync(20, cancellationToken).ConfigureAwait(false);
            byte[] req3 = Hash("req3", secret);
            InfoHash infoHash = infoHashes().FirstOrDefault(candidate => Xor(Hash("req2", candidate.ToArray()), req3).AsSpan().SequenceEqual(torrentProof));
            if (infoHash == default)
            {
                throw new PeerProtocolException(PeerProtocolError.InfoHashMismatch, "The peer's encrypted handshake asked for a torrent we do not serve.");
            }

            var decrypt = new Rc4(Hash("keyA", secret, infoHash.ToArray()));
            var encrypt = new Rc4(Hash("keyB", secret, infoHash.ToArray()));
            byte[] offer = await reader.ReadExactAsync(8 + 4 + 2, cancellationToken).ConfigureAwait(false);
            decrypt.Apply(offer);
            if (!offer.AsSpan(0, 8).SequenceEqual(new byte[8]))
            {
                throw new PeerProtocolException(PeerProtocolError.WrongProtocol, "The peer's encrypted handshake does not decrypt to the verification constant.");
            }

            uint provided = BinaryPrimitives.ReadUInt32BigEndian(offer.AsSpan(8));
            int padLength = BinaryPrimitives.ReadUInt16BigEndian(offer.AsSpan(12));
            if (padLength > MaxPadLength)
            {
                throw new PeerProtocolException(PeerProtocolError.WrongProtocol, $"The peer's encrypted handshake has {padLength} bytes of padding (at most {MaxPadLength}).");
            }

            if ((provided & CryptoPlaintext) == 0)
            {
                throw new PeerProtocolException(
                    PeerProtocolError.WrongProtocol,
                    (provided & CryptoRc4) != 0
                        ? "The peer insists on RC4 for the whole connection, which we do not offer (plaintext after the encrypted handshake only)."
                        : $"The peer's encrypted handshake offers no method we know ({provided:X}).");
            }

            // Answered before the padding and initial payload are read: libtorrent sends its initial payload (its
            // BitTorrent handshake) in a second small write that Nagle's algorithm holds until this side's ACK, and
            // waiting for it with nothing to send cost a delayed ACK, about 40 ms, on every encrypted connection.
            byte[] answer = new byte[8 + 4 + 2];
            BinaryPrimitives.WriteUInt32BigEndian(answer.AsSpan(8), CryptoPlaintext);
            encrypt.Apply(answer);
            await stream.WriteAsync(answer, 0, answer.Length, cancellationToken).ConfigureAwait(false);

            decrypt.Apply(await reader.ReadExactAsync(padLength, cancellationToken).ConfigureAwait(false));
            byte[] initialLength = await reader.ReadExactAsync(2, cancellationToken).ConfigureAwait(false);
            decrypt.Apply(initialLength);
            byte[] initialPayload = await reader.ReadExactAsync(BinaryPrimitives.ReadUInt16BigEndian(initialLength), cancellationToken).ConfigureAwait(false);
            decrypt.Apply(initialPayload);

            // From here on the peer writes plaintext: its BitTorrent handshake (sent inside ours), then the rest.
            return new PrefixedStream(stream, initialPayload.Concat(reader.TakeBuffered()).ToArray());
        }

        /// <summary>
        /// The peer's public key. An encrypting peer sends all 96 bytes at once, so one that has not within
        /// <see cref="KeyWait"/> is sending something else (garbage, HTTP): dropped now, not at the handshake timeout.
        /// </summary>
        private static async Task<byte[]> ReadKeyAsync(HandshakeReader reader, CancellationToken cancellationToken)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(KeyWait);
            try
            {
                return await reader.ReadExactAsync(MseKeyExchange.KeyLength, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PeerProtocolException(PeerProtocolError.WrongProtocol, "Neither a BitTorrent handshake nor an encrypted one (no 96-byte key).");
            }
        }

        private static byte[] Hash(string label, params byte[][] parts)
        {
            using var sha = SHA1.Create();
            byte[] text = Encoding.ASCII.GetBytes(label);
            sha.TransformBlock(text, 0, text.Length, null, 0);
            foreach (byte[] part in parts)
            {
                sha.TransformBlock(part, 0, part.Length, null, 0);
            }

            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return sha.Hash!;
        }

        private static byte[] Xor(byte[] a, byte[] b)
        {
            byte[] result = new byte[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                result[i] = (byte)(a[i] ^ b[i]);
            }

            return result;
        }

        /// <summary>Reads the handshake with a small buffer, so bytes read past a field stay available for the next.</summary>
        private sealed class HandshakeReader
        {
            private readonly Stream _stream;
            private byte[] _buffer = new byte[1024];
            private int _start;
            private int _end;

            public HandshakeReader(Stream stream) => _stream = stream;

            public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

            /// <summary>Reads until <paramref name="count"/> bytes are buffered; false if the peer closed first.</summary>
            public async Task<bool> TryFillAsync(int count, CancellationToken cancellationToken)
            {
                while (_end - _start < count)
                {
                    if (_buffer.Length - _start < count)
                    {
                        byte[] larger = new byte[Math.Max(_buffer.Length, count) * 2];
                        Buffer.BlockCopy(_buffer, _start, larger, 0, _end - _start);
                        (_buffer, _end, _start) = (larger, _end - _start, 0);
                    }

                    int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return false;
                    }

                    _end += read;
                }

                return true;
            }

            public async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
            {
                if (!await TryFillAsync(count, cancellationToken).ConfigureAwait(false))
                {
                    throw new PeerProtocolException(PeerProtocolError.HandshakeTruncated, "The peer closed the connection during the encrypted handshake.");
                }

                byte[] result = _buffer.AsSpan(_start, count).ToArray();
                _start += count;
                return result;
            }

            /// <summary>Skips padding of up to <paramref name="maxSkip"/> bytes and then <paramref name="marker"/> itself.</summary>
            public async Task SkipToAfterAsync(byte[] marker, int maxSkip, CancellationToken cancellationToken)
            {
                for (int skip = 0; skip <= maxSkip; skip++)
                {
                    if (!await TryFillAsync(skip + marker.Length, cancellationToken).ConfigureAwait(false))
                    {
                        throw new PeerProtocolException(PeerProtocolError.HandshakeTruncated, "The peer closed the connection during the encrypted handshake.");
                    }

                    if (_buffer.AsSpan(_start + skip, marker.Length).SequenceEqual(marker))
                    {
                        _start += skip + marker.Length;
                        return;
                    }
                }

                throw new PeerProtocolException(PeerProtocolError.WrongProtocol, "Neither a BitTorrent handshake nor an encrypted one (no synchronisation hash after the key).");
            }

            public byte[] TakeBuffered()
            {
                byte[] rest = Buffered.ToArray();
                _start = _end;
                return rest;
            }
        }
    }
}
