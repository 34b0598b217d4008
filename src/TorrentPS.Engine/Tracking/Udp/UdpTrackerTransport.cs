using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking.Udp
{
    /// <summary>BEP 15 announce and scrape: connect (or reuse a connection id younger than a minute), then the request.</summary>
    internal sealed class UdpTrackerTransport
    {
        private readonly TrackerSettings _settings;
        private readonly UdpConnectionIdCache _connectionIds;

        public UdpTrackerTransport(TrackerSettings settings, ITrackerClock clock)
        {
            _settings = settings;
            _connectionIds = new UdpConnectionIdCache(clock, settings.UdpConnectionIdLifetime);
        }

        public async Task<TrackerAnnounceResult> AnnounceAsync(string tracker, Uri uri, AnnounceRequest request, CancellationToken cancellationToken)
        {
            IPEndPoint endPoint = await ResolveAsync(tracker, uri).ConfigureAwait(false);
            using UdpExchange exchange = Open(tracker, endPoint);
            long connectionId = await GetConnectionIdAsync(exchange, endPoint, cancellationToken).ConfigureAwait(false);
            try
            {
                byte[] reply = await exchange.SendAndReceiveAsync(
                    transactionId => UdpTrackerPackets.BuildAnnounce(connectionId, transactionId, request),
                    UdpTrackerAction.Announce,
                    cancellationToken).ConfigureAwait(false);

                // BEP 15: the reply lists IPv6 peers when the tracker was reached over IPv6.
                return UdpTrackerPackets.ParseAnnounce(reply, endPoint.AddressFamily == AddressFamily.InterNetworkV6, tracker, request.InfoHash, _settings);
            }
            catch (TrackerException)
            {
                // The id may have expired on the tracker's side; the next request connects afresh.
                _connectionIds.Forget(endPoint);
                throw;
            }
        }

        public async Task<IReadOnlyList<TrackerScrapeResult>> ScrapeAsync(string tracker, Uri uri, IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken)
        {
            IPEndPoint endPoint = await ResolveAsync(tracker, uri).ConfigureAwait(false);
            using UdpExchange exchange = Open(tracker, endPoint);
            var results = new List<TrackerScrapeResult>(infoHashes.Count);
            for (int start = 0; start < infoHashes.Count; start += UdpTrackerPackets.MaxScrapeHashes)
            {
                var chunk = new List<InfoHash>();
                for (int i = start; i < infoHashes.Count && i < start + UdpTrackerPackets.MaxScrapeHashes; i++)
                {
                    chunk.Add(infoHashes[i]);
                }

                long connectionId = await GetConnectionIdAsync(exchange, endPoint, cancellationToken).ConfigureAwait(false);
                try
                {
                    byte[] reply = await exchange.SendAndReceiveAsync(
                        transactionId => UdpTrackerPackets.BuildScrape(connectionId, transactionId, chunk),
                        UdpTrackerAction.Scrape,
                        cancellationToken).ConfigureAwait(false);
                    results.AddRange(UdpTrackerPackets.ParseScrape(reply, tracker, chunk));
                }
                catch (TrackerException)
                {
                    _connectionIds.Forget(endPoint);
                    throw;
                }
            }

            return results;
        }

        private UdpExchange Open(string tracker, IPEndPoint endPoint)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                // Connecting filters out datagrams from anyone but the tracker and surfaces ICMP "port unreachable".
                socket.Connect(endPoint);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new TrackerException(tracker, $"cannot reach {endPoint}: {e.Message}", TrackerFailureKind.Connection, e);
            }

            return new UdpExchange(socket, tracker, _settings);
        }

        private async Task<long> GetConnectionIdAsync(UdpExchange exchange, IPEndPoint endPoint, CancellationToken cancellationToken)
        {
            if (_connectionIds.TryGet(endPoint, out long connectionId))
            {
                return connectionId;
            }

            byte[] reply = await exchange.SendAndReceiveAsync(UdpTrackerPackets.BuildConnect, UdpTrackerAction.Connect, cancellationToken).ConfigureAwait(false);
            connectionId = UdpTrackerPackets.ParseConnect(reply, exchange.Tracker);
            _connectionIds.Store(endPoint, connectionId);
            return connectionId;
        }

        private static async Task<IPEndPoint> ResolveAsync(string tracker, Uri uri)
        {
            if (uri.Port <= 0 || uri.Port > 65535)
            {
                throw new TrackerException(tracker, "a UDP tracker URL needs a port (udp://host:port/announce).", TrackerFailureKind.InvalidUrl);
            }

            string host = uri.DnsSafeHost;
            if (IPAddress.TryParse(host, out IPAddress? literal))
            {
                return new IPEndPoint(literal, uri.Port);
            }

            IPAddress[] addresses;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new TrackerException(tracker, $"cannot resolve \"{host}\": {e.Message}", TrackerFailureKind.Connection, e);
            }

            // IPv4 first: it is what most UDP trackers serve, and the peer list format follows the address family.
            IPAddress? chosen = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork)
                                ?? Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetworkV6);
            if (chosen is null)
            {
                throw new TrackerException(tracker, $"\"{host}\" has no IPv4 or IPv6 address.", TrackerFailureKind.Connection);
            }

            return new IPEndPoint(chosen, uri.Port);
        }
    }
}
