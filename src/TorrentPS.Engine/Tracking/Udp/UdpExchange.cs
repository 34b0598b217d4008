using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking.Udp
{
    /// <summary>
    /// One request/reply over a connected UDP socket with BEP 15's retransmission: wait base * 2^n, resend,
    /// n = 0..max. Replies with another transaction id or too short to carry one are ignored (they may be late
    /// answers to an earlier request) and mentioned if nothing usable arrives.
    /// </summary>
    internal sealed class UdpExchange : IDisposable
    {
        private readonly Socket _socket;
        private readonly string _tracker;
        private readonly TrackerSettings _settings;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private Task<int>? _pendingReceive;

        public UdpExchange(Socket socket, string tracker, TrackerSettings settings)
        {
            _socket = socket;
            _tracker = tracker;
            _settings = settings;
        }

        public string Tracker => _tracker;

        public async Task<byte[]> SendAndReceiveAsync(Func<int, byte[]> buildRequest, UdpTrackerAction expected, CancellationToken cancellationToken)
        {
            int transactionId = NewTransactionId();
            byte[] request = buildRequest(transactionId);
            int wrongTransactionIds = 0;
            int tooShort = 0;
            TimeSpan waited = TimeSpan.Zero;
            for (int attempt = 0; attempt <= _settings.UdpMaxRetransmissions; attempt++)
            {
                await SendAsync(request).ConfigureAwait(false);
                TimeSpan window = TimeSpan.FromTicks(_settings.UdpBaseTimeout.Ticks << attempt);
                waited += window;
                var stopwatch = Stopwatch.StartNew();
                while (true)
                {
                    TimeSpan remaining = window - stopwatch.Elapsed;
                    if (remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    _pendingReceive ??= _socket.ReceiveAsync(new ArraySegment<byte>(_buffer), SocketFlags.None);
                    Task delay = Task.Delay(remaining, cancellationToken);
                    if (await Task.WhenAny(_pendingReceive, delay).ConfigureAwait(false) != _pendingReceive)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        break;
                    }

                    int length = await CompleteReceiveAsync().ConfigureAwait(false);
                    ReadOnlySpan<byte> packet = _buffer.AsSpan(0, length);
                    if (!UdpTrackerPackets.ReadHeader(packet, out int action, out int replyTransactionId))
                    {
                        tooShort++;
                        continue;
                    }

                    if (replyTransactionId != transactionId)
                    {
                        wrongTransactionIds++;
                        continue;
                    }

                    if (action == (int)UdpTrackerAction.Error)
                    {
                        throw new TrackerException(_tracker, $"the tracker refused: {UdpTrackerPackets.ParseError(packet)}", TrackerFailureKind.Refused);
                    }

                    if (action != (int)expected)
                    {
                        throw new TrackerException(_tracker, $"the UDP reply has action {action}, expected {(int)expected} ({expected.ToString().ToLowerInvariant()}).", TrackerFailureKind.Protocol);
                    }

                    return packet.ToArray();
                }
            }

            string ignored = wrongTransactionIds + tooShort == 0
                ? string.Empty
                : $" (ignored {wrongTransactionIds} replies with a wrong transaction id and {tooShort} too short to read)";
            throw new TrackerException(
                _tracker,
                string.Format(CultureInfo.InvariantCulture, "no UDP {0} reply after {1} attempts over {2:0.###} s{3}.", expected.ToString().ToLowerInvariant(), _settings.UdpMaxRetransmissions + 1, waited.TotalSeconds, ignored),
                TrackerFailureKind.Timeout);
        }

        public void Dispose()
        {
            // Closing the socket ends a receive still pending; its exception is expected and observed here.
            _pendingReceive?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _socket.Dispose();
        }

        private async Task SendAsync(byte[] request)
        {
            try
            {
                await _socket.SendAsync(new ArraySegment<byte>(request), SocketFlags.None).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new TrackerException(_tracker, $"sending the UDP request failed: {e.Message}", TrackerFailureKind.Connection, e);
            }
        }

        private async Task<int> CompleteReceiveAsync()
        {
            Task<int> receive = _pendingReceive!;
            _pendingReceive = null;
            try
            {
                return await receive.ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused || e.SocketErrorCode == SocketError.ConnectionReset)
            {
                throw new TrackerException(_tracker, "nothing listens on the UDP port (connection refused).", TrackerFailureKind.Connection, e);
            }
            catch (SocketException e)
            {
                throw new TrackerException(_tracker, $"receiving the UDP reply failed: {e.Message}", TrackerFailureKind.Connection, e);
            }
        }

        private static int NewTransactionId()
        {
            byte[] bytes = new byte[4];
            using (RandomNumberGenerator rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            return BitConverter.ToInt32(bytes, 0);
        }
    }
}
