using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Peers
{
    public sealed partial class PeerConnection
    {
        /// <summary>
        /// Reads messages into <paramref name="handler"/> and keeps the connection alive until it closes.
        /// Completes (never faults) with the close reason. Call once.
        /// </summary>
        public async Task<PeerCloseReason> RunAsync(IPeerMessageHandler handler, CancellationToken cancellationToken = default)
        {
            if (handler is null)
            {
                throw new ArgumentNullException(nameof(handler));
            }

            if (Interlocked.Exchange(ref _running, 1) != 0)
            {
                throw new InvalidOperationException("RunAsync was already called on this connection.");
            }

            using CancellationTokenRegistration cancel = cancellationToken.Register(() => Close(PeerCloseReason.Cancelled));
            Task monitor = MonitorAsync();
            await ReadLoopAsync(handler).ConfigureAwait(false);
            await monitor.ConfigureAwait(false);
            return await _closed.Task.ConfigureAwait(false);
        }

        private const int ReadBufferSize = 256 * 1024;

        private async Task ReadLoopAsync(IPeerMessageHandler handler)
        {
            PeerMessageLimits limits = Torrent.Limits;
            // Big enough for the largest message the limits allow, so a whole message always fits after compaction,
            // and for several blocks per read: a fast peer's data then costs one system call per 16 blocks or so.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(limits.MaxMessageLength + 4, ReadBufferSize));
            int start = 0;
            int end = 0;
            CancellationToken closing = _closing.Token;
            try
            {
                while (!IsClosed)
                {
                    while (PeerMessageReader.TryRead(new ReadOnlyMemory<byte>(buffer, start, end - start), limits, out PeerMessage message, out int consumed))
                    {
                        start += consumed;
                        if (Accept(message, consumed) && !await DeliverAsync(handler, message, closing).ConfigureAwait(false))
                        {
                            return;
                        }

                        if (IsClosed)
                        {
                            return;
                        }
                    }

                    if (start == end)
                    {
                        start = end = 0;
                    }
                    else if (end == buffer.Length)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }

#if NET8_0_OR_GREATER
                    // The Memory overload completes through a pooled ValueTask: no Task allocated per read.
                    int read = await _stream.ReadAsync(buffer.AsMemory(end), closing).ConfigureAwait(false);
#else
                    int read = await _stream.ReadAsync(buffer, end, buffer.Length - end, closing).ConfigureAwait(false);
#endif
                    if (read == 0)
                    {
                        Close(PeerCloseReason.RemoteClosed);
                        return;
                    }

                    end += read;
                    Volatile.Write(ref _lastReceived, Stopwatch.GetTimestamp());
                }
            }
            catch (PeerProtocolException ex)
            {
                Close(PeerCloseReason.ProtocolViolation, ex);
            }
            catch (Exception) when (IsClosed)
            {
                // The read was ended by Close (timeout, local close, cancellation): the reason is already recorded.
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
                Close(PeerCloseReason.NetworkError, ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // A handler's own failure closes the connection (the session decides what a bad peer is); it never escapes the loop.
        private async ValueTask<bool> DeliverAsync(IPeerMessageHandler handler, PeerMessage message, CancellationToken closing)
        {
            try
            {
                await handler.OnMessageAsync(this, message, closing).ConfigureAwait(false);
                return true;
            }
            catch (PeerProtocolException ex)
            {
                Close(PeerCloseReason.ProtocolViolation, ex);
            }
            catch (Exception ex) when (!IsClosed)
            {
                Close(PeerCloseReason.HandlerFailed, ex);
            }
            catch (Exception)
            {
                // The handler failed because the connection closed under it: the close reason already says why.
            }

            return false;
        }

        /// <summary>Counts the message and applies the wire rules; false when it is handled here and not delivered.</summary>
        private bool Accept(PeerMessage message, int wireLength)
        {
            int payload = message.Type == PeerMessageType.Piece ? message.Length : 0;
            Interlocked.Add(ref _payloadReceived, payload);
            Interlocked.Add(ref _protocolReceived, wireLength - payload);

            switch (message.Type)
            {
                case PeerMessageType.KeepAlive:
                case PeerMessageType.Unknown:
                    // Keep-alives only prove liveness (already noted); unknown ids are skipped by length (BEP 3).
                    return false;
                case PeerMessageType.Choke:
                    if (!SupportsFast)
                    {
                        // Without the Fast extension a choke silently drops every outstanding request.
                        _pending.Clear();
                    }

                    break;
                case PeerMessageType.Reject:
                    RequireFast(message.Type);
                    _pending.Remove(message.Block);
                    break;
                case PeerMessageType.HaveAll:
                case PeerMessageType.HaveNone:
                case PeerMessageType.Suggest:
                case PeerMessageType.AllowedFast:
                    RequireFast(message.Type);
                    break;
                case PeerMessageType.Extended:
                    if (message.ExtendedId == ExtensionHandshake.MessageId && Extensions.SupportsExtensionProtocol)
                    {
                        // Only this loop writes it; a second handshake updates the first (BEP 10).
                        ExtensionHandshake received = ExtensionHandshake.Parse(message.ExtendedPayload);
                        Volatile.Write(ref _remoteExtensionHandshake, _remoteExtensionHandshake is null ? received : _remoteExtensionHandshake.Update(received));
                    }

                    break;
                case PeerMessageType.Piece:
                    switch (_pending.MatchArrival(message.Block))
                    {
                        case BlockMatch.Cancelled:
                            // We cancelled it and it crossed our cancel on the wire: not the peer's fault, but not wanted.
                            return false;
                        case BlockMatch.Unrequested:
                            int count = Interlocked.Increment(ref _unrequestedBlocks);
                            if (count > _settings.MaxUnrequestedBlocks)
                            {
                                throw new PeerProtocolException(
                                    PeerProtocolError.UnrequestedData,
                                    string.Format(CultureInfo.InvariantCulture, "The peer sent {0} blocks we never requested (the last: {1}).", count, message.Block));
                            }

                            return false;
                    }

                    break;
            }

            return true;
        }

        private void RequireFast(PeerMessageType type)
        {
            if (!SupportsFast)
            {
                throw new PeerProtocolException(
                    PeerProtocolError.ExtensionNotNegotiated,
                    $"The peer sent {type}, a Fast extension message, without both sides having negotiated the extension.");
            }
        }

        // Sends keep-alives after silence on our side and drops the peer after silence on its side.
        private async Task MonitorAsync()
        {
            long keepAlive = ToTicks(_settings.KeepAliveInterval);
            long idle = ToTicks(_settings.IdleTimeout);
            TimeSpan shortest = _settings.KeepAliveInterval < _settings.IdleTimeout ? _settings.KeepAliveInterval : _settings.IdleTimeout;
            TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, Math.Min(TimeSpan.FromSeconds(5).Ticks, shortest.Ticks / 4)));
            CancellationToken closing = _closing.Token;
            try
            {
                while (!IsClosed)
                {
                    await Task.Delay(period, closing).ConfigureAwait(false);
                    long now = Stopwatch.GetTimestamp();
                    if (now - Volatile.Read(ref _lastReceived) >= idle)
                    {
                        Close(
                            PeerCloseReason.IdleTimeout,
                            new PeerProtocolException(
                                PeerProtocolError.IdleTimeout,
                                $"The peer sent nothing for {_settings.IdleTimeout.TotalSeconds:0.###} s."));
                        return;
                    }

                    if (now - Volatile.Read(ref _lastSent) >= keepAlive)
                    {
                        await SendKeepAliveAsync().ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Closed while waiting.
            }
        }

        private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
    }
}
