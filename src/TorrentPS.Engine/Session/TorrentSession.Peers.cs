using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Peers;
using TorrentPS.Peers.Serving;
using TorrentPS.Session;
using TorrentPS.Storage;

namespace TorrentPS
{
    public sealed partial class TorrentSession : IPeerMessageHandler
    {
        private async Task ConnectAsync(IPEndPoint endPoint, string source)
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
                    _candidates.Release(endPoint, _clock.Elapsed, _options.ReconnectDelay);
                }

                // The attempt's slot is free: another waiting address may be tried now.
                Wake();

                if (!_stopToken.IsCancellationRequested)
                {
                    Log($"{endPoint}: could not connect ({ex.Message})");
                }

                return;
            }

            PeerState? peer = Admit(connection, source, endPoint);
            if (peer is not null)
            {
                await RunPeerAsync(peer).ConfigureAwait(false);
            }
        }

        /// <summary>The listener hands over a handshaken incoming connection (on a pool thread).</summary>
        private void OnIncoming(PeerConnection connection)
        {
            PeerState? peer = Admit(connection, "incoming", null);
            if (peer is not null)
            {
                Track(RunPeerAsync(peer));
            }
        }

        /// <summary>Takes a connection on, or closes it: the session is stopping, it is full, or the peer is already connected.</summary>
        private PeerState? Admit(PeerConnection connection, string source, IPEndPoint? dialled)
        {
            string? refusal = null;
            PeerState? peer = null;
            lock (_sync)
            {
                if (dialled is not null)
                {
                    _connecting--;
                }

                // An incoming peer id we already have is a peer we dialled dialling us back: one connection is
                // enough. (Outgoing ones are not checked: the addresses we dial are distinct, and a peer id alone
                // proves little.)
                refusal = PeerAdmission.Refusal(_peers, connection, _stopping || _stopToken.IsCancellationRequested, _options.MaxPeers, checkDuplicate: dialled is null);
                if (refusal is null)
                {
                    peer = new PeerState(new PeerUploader(connection, _rules, _cache, _uploadLimit), source, dialled, _clock.Elapsed);
                    _peers.Add(connection, peer);
                }

                if (peer is null && dialled is not null)
                {
                    _candidates.Release(dialled, _clock.Elapsed, _options.ReconnectDelay);
                }
            }

            if (refusal is not null)
            {
                PeerAdmission.TurnAway(connection, refusal, Log);
            }

            return peer;
        }

        /// <summary>One connection's life: our pieces announced, its uploader serving next to the read loop, then forgotten.</summary>
        private async Task RunPeerAsync(PeerState peer)
        {
            await Task.Yield();
            PeerConnection connection = peer.Connection;
            Log(PeerService.Connected(connection, peer.Source));
            try
            {
                await PeerService.RunAsync(connection, peer.Uploader, OurPieces(), this, _stopToken, _options.Listener?.Port ?? 0).ConfigureAwait(false);
            }
            catch (Exception ex) when (PeerService.IsConnectionFailure(ex))
            {
                // The connection failed while we were writing to it; its close is handled below.
            }
            finally
            {
                connection.Close();
                LogEnd(peer);
                Forget(peer);
            }
        }

        /// <summary>Every connection that was logged as made is logged as ended, with what it brought and took.</summary>
        private void LogEnd(PeerState peer)
        {
            PeerConnection connection = peer.Connection;
            string how = _stopToken.IsCancellationRequested
                ? "closed as the session stops"
                : $"disconnected ({connection.CloseReason}{(connection.CloseError is null ? string.Empty : ": " + connection.CloseError.Message)})";
            long received;
            lock (_sync)
            {
                received = peer.BytesReceived;
            }

            Log($"{connection.RemoteEndPoint}: {how}; {ByteSize.Format(received)} of data received from it, {ByteSize.Format(peer.Uploader.BytesUploaded)} uploaded to it.");
        }

        private Bitfield OurPieces()
        {
            lock (_sync)
            {
                var ours = new Bitfield(_torrent.PieceCount);
                for (int i = 0; i < _torrent.PieceCount; i++)
                {
                    if (_picker.IsVerified(i))
                    {
                        ours.Set(i);
                    }
                }

                return ours;
            }
        }

        private void Forget(PeerState peer)
        {
            bool slotFreed;
            lock (_sync)
            {
                if (!_peers.Remove(peer.Connection))
                {
                    return;
                }

                _picker.ReleaseRequests(peer);
                if (peer.CountedAsSeed)
                {
                    _picker.SeedLeft();
                }
                else
                {
                    for (int i = 0; i < _torrent.PieceCount; i++)
                    {
                        if (peer.Have[i])
                        {
                            _picker.PeerLostPiece(i);
                        }
                    }
                }

                if (peer.Dialled is IPEndPoint endPoint && !_candidates.IsBanned(endPoint))
                {
                    _candidates.Release(endPoint, _clock.Elapsed, _options.ReconnectDelay);
                }

                _uploadRate.Add(peer.Uploaded.TakeDelta(), _clock.Elapsed);
                _closedUploaded += peer.Uploader.BytesUploaded;
                slotFreed = peer.Unchoked;
            }

            if (slotFreed)
            {
                RequestRechoke();
            }
        }

        /// <summary>Called by each connection's read loop, one message at a time per connection.</summary>
        async ValueTask IPeerMessageHandler.OnMessageAsync(PeerConnection connection, PeerMessage message, CancellationToken cancellationToken)
        {
            PeerState? peer;
            lock (_sync)
            {
                _peers.TryGetValue(connection, out peer);
            }

            if (peer is null)
            {
                return;
            }

            // Requests and cancels are the uploader's; interested and not interested it notes and passes on.
            if (await peer.Uploader.HandleAsync(message).ConfigureAwait(false))
            {
                return;
            }

            switch (message.Type)
            {
                case PeerMessageType.Interested:
                case PeerMessageType.NotInterested:
                    bool wants = message.Type == PeerMessageType.Interested;
                    bool unchoked;
                    lock (_sync)
                    {
                        unchoked = peer.Unchoked;
                    }

                    // A peer that now wants a slot, or frees one, need not wait for the next scheduled rechoke.
                    if (wants != unchoked)
                    {
                        RequestRechoke();
                    }

                    break;
                case PeerMessageType.Choke:
                    lock (_sync)
                    {
                        peer.PeerChokingUs = true;

                        // Without the Fast extension a choke cancels every request; with it, each is rejected by name.
                        if (!connection.SupportsFast)
                        {
                            _picker.ReleaseRequests(peer);
                        }
                    }

                    break;
                case PeerMessageType.Unchoke:
                    lock (_sync)
                    {
                        peer.PeerChokingUs = false;
                        peer.LastBlock = _clock.Elapsed;
                    }

                    await FillRequestsAsync(peer).ConfigureAwait(false);
                    break;
                case PeerMessageType.Have:
                    await PeerGainedAsync(peer, message.PieceIndex).ConfigureAwait(false);
                    break;
                case PeerMessageType.Bitfield:
                    await PeerGainedAsync(peer, Bitfield.FromWire(message.Payload.Span, _torrent.PieceCount)).ConfigureAwait(false);
                    break;
                case PeerMessageType.HaveAll:
                    await PeerGainedAsync(peer, Bitfield.All(_torrent.PieceCount)).ConfigureAwait(false);
                    break;
                case PeerMessageType.Piece:
                    if (_downloadLimit is not null)
                    {
                        // Waiting here stops this connection's reads: TCP then slows the sender down (back-pressure).
                        await _downloadLimit.WaitAsync(message.Block.Length, cancellationToken).ConfigureAwait(false);
                    }

                    await BlockArrivedAsync(peer, message).ConfigureAwait(false);
                    break;
                case PeerMessageType.Reject:
                    lock (_sync)
                    {
                        _picker.ReleaseRequest(peer, message.Block);
                    }

                    break;
            }
        }

        private async Task PeerGainedAsync(PeerState peer, int piece)
        {
            bool becameInteresting;
            lock (_sync)
            {
                if (peer.Have[piece])
                {
                    return;
                }

                peer.Have.Set(piece);
                if (!peer.CountedAsSeed)
                {
                    _picker.PeerHasPiece(piece);
                }

                becameInteresting = !peer.WeAreInterested && !_picker.IsVerified(piece);
                peer.WeAreInterested |= becameInteresting;
            }

            await AfterGainAsync(peer, becameInteresting).ConfigureAwait(false);
        }

        private async Task PeerGainedAsync(PeerState peer, Bitfield pieces)
        {
            bool becameInteresting = false;
            lock (_sync)
            {
                if (pieces.IsComplete && peer.Have.IsEmpty)
                {
                    // A seed: counted once for all pieces instead of piece by piece.
                    peer.Have.SetAll();
                    peer.CountedAsSeed = true;
                    _picker.SeedJoined();
                    becameInteresting = !peer.WeAreInterested && !_picker.IsComplete;
                }
                else
                {
                    for (int i = 0; i < pieces.PieceCount; i++)
                    {
                        if (pieces[i] && !peer.Have[i])
                        {
                            peer.Have.Set(i);
                            if (!peer.CountedAsSeed)
                            {
                                _picker.PeerHasPiece(i);
                            }

                            becameInteresting |= !peer.WeAreInterested && !_picker.IsVerified(i);
                        }
                    }
                }

                peer.WeAreInterested |= becameInteresting;
            }

            await AfterGainAsync(peer, becameInteresting).ConfigureAwait(false);
        }

        private async Task AfterGainAsync(PeerState peer, bool becameInteresting)
        {
            if (becameInteresting)
            {
                await peer.Connection.SendInterestedAsync().ConfigureAwait(false);
            }

            await FillRequestsAsync(peer).ConfigureAwait(false);
        }

        private void FillRequests(PeerState peer) => _ = FillRequestsAsync(peer).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);

        /// <summary>
        /// Tops the peer's pipeline up to the depth its measured rate calls for, once at least
        /// <paramref name="minimumRoom"/> requests fit.
        /// </summary>
        private async Task FillRequestsAsync(PeerState peer, int minimumRoom = 1)
        {
            // Picked into a scratch list under the lock, then encoded from a pooled copy: nothing allocated per block.
            BlockRequest[] requests;
            int count;
            lock (_sync)
            {
                if (peer.PeerChokingUs || !peer.WeAreInterested || peer.Connection.IsClosed || _picker is null)
                {
                    return;
                }

                int outstanding = _picker.OutstandingCount(peer);
                int room = Math.Min(RequestDepth(peer) - outstanding, SessionRequestRoom(outstanding));
                if (room < Math.Max(1, minimumRoom))
                {
                    return;
                }

                _pickScratch.Clear();
                _picker.Pick(peer, peer.HasPiece, room, _pickScratch);
                count = _pickScratch.Count;
                if (count == 0)
                {
                    return;
                }

                requests = ArrayPool<BlockRequest>.Shared.Rent(count);
                _pickScratch.CopyTo(0, requests, 0, count);
            }

            Task sent;
            try
            {
                // Encoded before it returns, so the pooled copy can go back at once; one write for the lot.
                sent = peer.Connection.SendRequestsAsync(new ReadOnlySpan<BlockRequest>(requests, 0, count));
            }
            finally
            {
                ArrayPool<BlockRequest>.Shared.Return(requests);
            }

            await sent.ConfigureAwait(false);
        }

        private async Task BlockArrivedAsync(PeerState peer, PeerMessage message)
        {
            BlockRequest block = message.Block;
            List<PeerState>? cancelFrom = null;
            byte[]? completed = null;
            lock (_sync)
            {
                _cancelScratch.Clear();
                Swarm.BlockOutcome outcome = _picker.BlockReceived(peer, block, _cancelScratch);
                if (_cancelScratch.Count > 0)
                {
                    // Endgame only: the other peers asked for this block get a cancel.
                    cancelFrom = _cancelScratch.ConvertAll(other => (PeerState)other);
                }

                switch (outcome)
                {
                    case Swarm.BlockOutcome.NotRequested:
                    case Swarm.BlockOutcome.Duplicate:
                        // Requests released after a choke or snub, or endgame duplicates: no longer needed, not the peer's fault.
                        return;
                    case Swarm.BlockOutcome.PieceComplete:
                        completed = StoreBlock(block, message.Payload.Span);
                        _pieceBuffers.Remove(block.PieceIndex);
                        break;
                    default:
                        StoreBlock(block, message.Payload.Span);
                        break;
                }

                TimeSpan now = _clock.Elapsed;
                peer.LastBlock = now;
                peer.BytesReceived += block.Length;
                peer.Queue.BlockReceived(block.Length, now);
                peer.Received.Add(block.Length, now);
                peer.IsSnubbed = false;
                _downloadRate.Add(block.Length, now);
                _bytesDownloaded += block.Length;
                if (!peer.SentData)
                {
                    peer.SentData = true;
                    _peersUsed.Add(peer.Connection.RemoteEndPoint?.ToString() ?? peer.Connection.RemotePeerId);
                }
            }

            if (cancelFrom is not null)
            {
                foreach (PeerState other in cancelFrom)
                {
                    _ = other.Connection.SendCancelAsync(block).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                }
            }

            if (completed is not null)
            {
                // Bounded: when the disk falls behind, this connection stops reading until a write slot frees.
                await _writeSlots.WaitAsync(_stopToken).ConfigureAwait(false);
                Track(Task.Run(() => VerifyAndWriteAsync(block.PieceIndex, completed)));
            }

            await FillRequestsAsync(peer, RefillBatch(RequestDepth(peer))).ConfigureAwait(false);
        }

        /// <summary>
        /// How many more blocks the session as a whole may have requested (the caller holds the lock). Every block
        /// requested ends up in a piece buffer until its piece completes, so this bounds the memory of pieces in
        /// progress however many peers there are and however deep their pipelines; a peer with fewer than
        /// <see cref="MinRequestsPerPeer"/> outstanding may always have that many, so none is starved by the others.
        /// </summary>
        private int SessionRequestRoom(int peerOutstanding)
        {
            int total = 0;
            foreach (PeerState other in _peers.Values)
            {
                total += _picker!.OutstandingCount(other);
            }

            int budget = (int)Math.Min(int.MaxValue, _options.MaxOutstandingRequestBytes / _picker!.BlockSize);
            return Math.Max(budget - total, MinRequestsPerPeer - peerOutstanding);
        }

        private const int MinRequestsPerPeer = 4;

        /// <summary>
        /// The peer's pipeline: what its rate calls for, never more than the peer said it queues (BEP 10 reqq):
        /// requests past that may be rejected or dropped, and a dropped one only comes back at the snub timeout.
        /// </summary>
        private static int RequestDepth(PeerState peer) =>
            peer.Connection.RemoteExtensionHandshake?.MaxRequests is int queued && queued > 0 ? Math.Min(peer.Queue.Depth, queued) : peer.Queue.Depth;

        /// <summary>
        /// How many requests a block arrival waits to send together: a sixteenth of the pipeline (at most 32).
        /// Refilling on every block would put each 17-byte request in its own write and TCP segment; batching
        /// keeps the pipeline at least 15/16 full for a fraction of the system calls (libtorrent corks its sends
        /// for the same reason).
        /// </summary>
        private static int RefillBatch(int depth) => Math.Min(32, Math.Max(1, depth / 16));

        private byte[] StoreBlock(BlockRequest block, ReadOnlySpan<byte> data)
        {
            if (!_pieceBuffers.TryGetValue(block.PieceIndex, out byte[]? buffer))
            {
                buffer = ArrayPool<byte>.Shared.Rent(_torrent.GetPieceSize(block.PieceIndex));
                _pieceBuffers.Add(block.PieceIndex, buffer);
            }

            data.CopyTo(buffer.AsSpan(block.Begin));
            return buffer;
        }

        private async Task VerifyAndWriteAsync(int piece, byte[] buffer)
        {
            try
            {
                bool good = await _storage.TryWriteVerifiedPieceAsync(piece, new ReadOnlyMemory<byte>(buffer, 0, _torrent.GetPieceSize(piece)), CancellationToken.None).ConfigureAwait(false);
                List<PeerState> everyone;
                bool complete;
                lock (_sync)
                {
                    if (good)
                    {
                        MarkVerified(piece);
                    }
                    else
                    {
                        Punish(_picker.PieceFailed(piece), piece);
                    }

                    everyone = new List<PeerState>(_peers.Values);
                    complete = _picker.IsComplete;
                }

                if (good)
                {
                    foreach (PeerState peer in everyone)
                    {
                        _ = peer.Connection.SendHaveAsync(piece).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    }

                    if (complete)
                    {
                        _done.TrySetResult(true);
                    }
                }
            }
            catch (StorageException ex)
            {
                Fail(ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _writeSlots.Release();
            }
        }

        /// <summary>A piece failed its hash: a sole sender is banned at once, several each take a strike.</summary>
        private void Punish(IReadOnlyCollection<object> suspects, int piece)
        {
            Log($"Piece {piece} failed its hash check; it will be downloaded again.");
            foreach (PeerState suspect in suspects)
            {
                suspect.HashFailures++;
                if (suspects.Count == 1 || suspect.HashFailures >= _options.MaxHashFailures)
                {
                    if (suspect.Connection.RemoteEndPoint is IPEndPoint endPoint)
                    {
                        _candidates.Ban(endPoint);
                    }

                    Log($"{suspect}: banned for sending data that fails its hash.");
                    suspect.Connection.Close(PeerCloseReason.Local, new InvalidDataException($"sent data for piece {piece} that fails its hash check"));
                }
            }
        }
    }
}
