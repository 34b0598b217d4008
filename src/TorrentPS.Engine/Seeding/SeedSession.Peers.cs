using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;
using TorrentPS.Seeding;
using TorrentPS.Session;
using TorrentPS.Swarm.Choking;

namespace TorrentPS
{
    public sealed partial class SeedSession
    {
        /// <summary>Housekeeping, a few times a second: connections out, upload meters, and the rechoke when it is due.</summary>
        private void Tick()
        {
            TimeSpan now = _clock.Elapsed;
            var connectTo = new List<(IPEndPoint EndPoint, string Source)>();
            List<(SeededPeer Peer, bool Unchoke)>? rechoke = null;
            lock (_sync)
            {
                while (_connecting + _peers.Count < _options.MaxPeers && _outgoing.TryTake(now, out IPEndPoint endPoint, out string source))
                {
                    _connecting++;
                    connectTo.Add((endPoint, source));
                }

                foreach (SeededPeer peer in _peers.Values)
                {
                    long sent = peer.TakeUploadedDelta();
                    peer.CountUpload(sent, now);
                    _uploadRate.Add(sent, now);
                }

                if (_choker.IsDue(now))
                {
                    rechoke = Rechoke(now);
                }
            }

            foreach ((IPEndPoint endPoint, string source) in connectTo)
            {
                Track(ConnectOutAsync(endPoint, source));
            }

            if (rechoke is not null)
            {
                SessionChoker<SeededPeer>.Send(rechoke, p => p.Uploader);
            }
        }

        /// <summary>The choker in seeding mode (round-robin turns among interested peers); called under the lock.</summary>
        private List<(SeededPeer Peer, bool Unchoke)> Rechoke(TimeSpan now)
        {
            List<SeededPeer> open = _peers.Values.Where(p => !p.Connection.IsClosed).ToList();
            return _choker.Rechoke(
                open,
                p => new ChokerPeer<SeededPeer>(p, p.ConnectedAt)
                {
                    IsInterested = p.Uploader.IsPeerInterested,
                    UploadRate = p.UploadRate(now),
                },
                ChokerMode.Seeding,
                now,
                (peer, unchoked) => peer.Unchoked = unchoked);
        }

        /// <summary>Rechokes at the next tick instead of the scheduled time: a slot came free or a peer now wants one.</summary>
        private void RequestRechoke()
        {
            lock (_sync)
            {
                _choker.RechokeEarly();
            }

            Wake();
        }

        /// <summary>The listener hands over a handshaken incoming connection (on a pool thread).</summary>
        private void OnIncoming(PeerConnection connection)
        {
            SeededPeer? peer = Admit(connection, "incoming", null, dialling: false);
            if (peer is not null)
            {
                Track(ServeAsync(peer));
            }
        }

        private async Task ConnectOutAsync(IPEndPoint endPoint, string source)
        {
            PeerConnection connection;
            try
            {
                connection = await PeerConnection.ConnectAsync(endPoint, _context, _options.PeerSettings, _stopToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                lock (_sync)
                {
                    _connecting--;
                    _outgoing.Release(endPoint, _clock.Elapsed, _options.ReconnectDelay);
                }

                if (!_stopToken.IsCancellationRequested)
                {
                    Log($"{endPoint}: could not connect ({ex.Message}); trying again in {_options.ReconnectDelay.TotalSeconds:0.#} s.");
                }

                return;
            }

            SeededPeer? peer = Admit(connection, source, endPoint, dialling: true);
            if (peer is not null)
            {
                await ServeAsync(peer).ConfigureAwait(false);
            }
        }

        /// <summary>Takes a connection on, or closes it: the session is stopping, it is full, or the peer is already connected.</summary>
        private SeededPeer? Admit(PeerConnection connection, string source, IPEndPoint? dialled, bool dialling)
        {
            string? refusal = null;
            SeededPeer? peer = null;
            lock (_sync)
            {
                if (dialling)
                {
                    _connecting--;
                }

                // A peer id we already have: both sides dialled each other (a given peer that also found us through the tracker).
                refusal = PeerAdmission.Refusal(_peers, connection, _stopping || _stopToken.IsCancellationRequested, _options.MaxPeers, checkDuplicate: true);
                if (refusal is null)
                {
                    var uploader = new PeerUploader(connection, _rules, _cache, _uploadLimit);
                    peer = new SeededPeer(uploader, _clock.Elapsed, source, dialled);
                    _peers.Add(connection, peer);
                }

                if (peer is null && dialled is not null)
                {
                    _outgoing.Release(dialled, _clock.Elapsed, _options.ReconnectDelay);
                }
            }

            if (refusal is not null)
            {
                PeerAdmission.TurnAway(connection, refusal, Log);
            }

            return peer;
        }

        private async Task ServeAsync(SeededPeer peer)
        {
            await Task.Yield();
            PeerConnection connection = peer.Connection;
            Log(PeerService.Connected(connection, peer.Source));
            try
            {
                PeerCloseReason reason = await PeerService.RunAsync(connection, peer.Uploader, _have, new MessageHandler(this, peer), _stopToken, Port).ConfigureAwait(false);
                string how = _stopToken.IsCancellationRequested
                    ? "closed as the session stops"
                    : $"disconnected ({reason}{(connection.CloseError is null ? string.Empty : ": " + connection.CloseError.Message)})";
                Log($"{connection.RemoteEndPoint}: {how}; {ByteSize.Format(peer.Uploader.BytesUploaded)} uploaded to it.");
            }
            catch (Exception ex) when (PeerService.IsConnectionFailure(ex))
            {
                // The connection failed while we were writing to it; it is closed below.
            }
            finally
            {
                connection.Close();
                Forget(peer);
            }
        }

        private void Forget(SeededPeer peer)
        {
            bool slotFreed;
            lock (_sync)
            {
                if (!_peers.Remove(peer.Connection))
                {
                    return;
                }

                long sent = peer.TakeUploadedDelta();
                _uploadRate.Add(sent, _clock.Elapsed);
                _closedUploaded += peer.Uploader.BytesUploaded;
                if (peer.Uploader.BytesUploaded > 0)
                {
                    _peersServed.Add(peer.Connection.RemotePeerId);
                }

                if (peer.Dialled is IPEndPoint dialled)
                {
                    if (peer.IsSeed)
                    {
                        _outgoing.Remove(dialled);
                    }
                    else
                    {
                        _outgoing.Release(dialled, _clock.Elapsed, _options.ReconnectDelay);
                    }
                }

                slotFreed = peer.Unchoked;
            }

            if (slotFreed)
            {
                RequestRechoke();
            }
        }

        private void OnPeerMessage(SeededPeer peer, PeerMessage message)
        {
            switch (message.Type)
            {
                case PeerMessageType.Interested:
                    if (!peer.Unchoked)
                    {
                        RequestRechoke();
                    }

                    break;
                case PeerMessageType.NotInterested:
                    if (peer.Unchoked)
                    {
                        RequestRechoke();
                    }

                    break;
                case PeerMessageType.Bitfield:
                case PeerMessageType.HaveAll:
                case PeerMessageType.HaveNone:
                case PeerMessageType.Have:
                    peer.NoteRemotePieces(message, _torrent.PieceCount);
                    if (peer.IsSeed)
                    {
                        // Seeds have nothing to give each other.
                        Log($"{peer.Connection.RemoteEndPoint}: has every piece; closing.");
                        peer.Connection.Close(PeerCloseReason.Local);
                    }

                    break;
            }
        }

        /// <summary>A connection's messages: the uploader takes requests and cancels, the session the rest.</summary>
        private sealed class MessageHandler : IPeerMessageHandler
        {
            private readonly SeedSession _session;
            private readonly SeededPeer _peer;

            public MessageHandler(SeedSession session, SeededPeer peer)
            {
                _session = session;
                _peer = peer;
            }

            public async ValueTask OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken)
            {
                if (await _peer.Uploader.HandleAsync(message).ConfigureAwait(false))
                {
                    return;
                }

                _session.OnPeerMessage(_peer, message);
            }
        }
    }
}
