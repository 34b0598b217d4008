using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Storage;
using TorrentPS.Swarm.RateLimiting;

namespace TorrentPS.Peers.Serving
{
    /// <summary>
    /// Serves one connection's requests: the session hands it the peer's messages (<see cref="HandleAsync"/>
    /// on the read loop), applies the choker's decisions (<see cref="ChokeAsync"/>, <see cref="UnchokeAsync"/>)
    /// and runs <see cref="RunAsync"/>, which sends the queued blocks in order: through the upload limit, from
    /// the piece cache. A request that breaks the rules closes the connection with a
    /// <see cref="PeerProtocolException"/> thrown from <see cref="HandleAsync"/>; the other peers go on.
    /// </summary>
    public sealed class PeerUploader
    {
        // Requests already queued go out together, up to this many blocks (512 KiB) in one write: a fast downloader
        // keeps hundreds queued, and a system call, a lock round and a thread-pool wake-up per 16 KiB block were the
        // bulk of serving it (8 at a time: 0.86-0.93 CPU s per GiB served; 32: 0.79). Only what is queued is taken,
        // never waited for, and only when no upload limit applies.
        internal const int MaxBlocksPerWrite = 32;

        private readonly PieceReadCache _cache;
        private readonly RateLimitChain? _limit;
        private readonly SemaphoreSlim _work = new SemaphoreSlim(0);

        // Choke, unchoke and piece sends are ordered through this, so a non-Fast peer never gets a block after our choke.
        private readonly SemaphoreSlim _sendOrder = new SemaphoreSlim(1, 1);
        private long _bytesUploaded;
        private long _blocksUploaded;
        private int _interested;

        public PeerUploader(PeerConnection connection, UploadRules rules, PieceReadCache cache, RateLimitChain? uploadLimit = null)
        {
            Connection = connection ?? throw new ArgumentNullException(nameof(connection));
            if (rules is null)
            {
                throw new ArgumentNullException(nameof(rules));
            }

            _cache = cache ?? throw new ArgumentNullException(nameof(cache));
            _limit = uploadLimit;
            State = rules.CreatePeer(connection.SupportsFast);
            MaxQueuedRequests = rules.Settings.MaxQueuedRequests;
        }

        public PeerConnection Connection { get; }

        public PeerUploadState State { get; }

        /// <summary>Requests the peer may have waiting with us (what our extension handshake offers as reqq); one more is a flood.</summary>
        public int MaxQueuedRequests { get; }

        /// <summary>Whether the peer said it is interested in our pieces (its last interested / not interested message).</summary>
        public bool IsPeerInterested => Volatile.Read(ref _interested) != 0;

        /// <summary>Block bytes sent to this peer.</summary>
        public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);

        public long BlocksUploaded => Interlocked.Read(ref _blocksUploaded);

        /// <summary>What ended serving when the disk failed us (the connection is then closed); null otherwise.</summary>
        public StorageException? ReadError { get; private set; }

        /// <summary>
        /// Tells a new peer what we have, right after the handshake: with the Fast extension exactly one of
        /// have-all, have-none or bitfield (BEP 6 requires one); without it a bitfield, or nothing when we have
        /// nothing (BEP 3 allows skipping an empty one).
        /// </summary>
        public static Task AnnouncePiecesAsync(PeerConnection connection, Bitfield have)
        {
            if (connection is null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            if (have is null)
            {
                throw new ArgumentNullException(nameof(have));
            }

            if (connection.SupportsFast)
            {
                return have.IsComplete ? connection.SendHaveAllAsync()
                    : have.IsEmpty ? connection.SendHaveNoneAsync()
                    : connection.SendBitfieldAsync(have);
            }

            return have.IsEmpty ? Task.CompletedTask : connection.SendBitfieldAsync(have);
        }

        /// <summary>
        /// Takes the messages that concern uploading: request and cancel (consumed: returns true), interested and
        /// not interested (noted, returns false so the session sees them too). Throws
        /// <see cref="PeerProtocolException"/> for a request that must close the connection.
        /// </summary>
        public async ValueTask<bool> HandleAsync(PeerMessage message)
        {
            switch (message.Type)
            {
                case PeerMessageType.Interested:
                    Volatile.Write(ref _interested, 1);
                    return false;
                case PeerMessageType.NotInterested:
                    Volatile.Write(ref _interested, 0);
                    return false;
                case PeerMessageType.Request:
                    RequestDecision decision = State.OnRequest(message.Block);
                    switch (decision.Verdict)
                    {
                        case RequestVerdict.Queued:
                            _work.Release();
                            break;
                        case RequestVerdict.Reject:
                            await Connection.SendRejectAsync(message.Block).ConfigureAwait(false);
                            break;
                        case RequestVerdict.Disconnect:
                            throw decision.ToException();
                    }

                    return true;
                case PeerMessageType.Cancel:
                    if (State.OnCancel(message.Block) == CancelOutcome.RemovedSendReject)
                    {
                        await Connection.SendRejectAsync(message.Block).ConfigureAwait(false);
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Unchokes the peer unless it already is. The state changes at once; the task completes when the unchoke
        /// is on the wire, which can take long for a peer that does not read: do not hold up the other peers on it.
        /// </summary>
        public Task UnchokeAsync() => State.Unchoke() ? SendInOrderAsync(null) : Task.CompletedTask;

        /// <summary>
        /// Chokes the peer unless it already is: its requests are refused from now on; then sends choke and (with
        /// Fast) a reject for each request that was queued, in that order as BEP 6 asks. Like
        /// <see cref="UnchokeAsync"/>, the task completes when the messages are on the wire.
        /// </summary>
        public Task ChokeAsync() => State.Choke(out IReadOnlyList<BlockRequest> rejected) ? SendInOrderAsync(rejected) : Task.CompletedTask;

        /// <summary>Sends queued blocks until the connection closes or <paramref name="cancellationToken"/> is cancelled. Never faults for network or disk trouble.</summary>
        public async Task RunAsync(CancellationToken cancellationToken = default)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = Connection.Completion.ContinueWith(_ => Cancel(stop), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var blocks = new List<BlockRequest>(MaxBlocksPerWrite);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await _work.WaitAsync(stop.Token).ConfigureAwait(false);
                    if (!State.TryDequeue(out BlockRequest block, out int ticket))
                    {
                        continue;
                    }

                    if (_limit is not null)
                    {
                        await _limit.WaitAsync(block.Length, stop.Token).ConfigureAwait(false);
                    }

                    blocks.Clear();
                    blocks.Add(block);
                    if (_limit is null || _limit.IsUnlimited)
                    {
                        // Each request taken here was counted in the semaphore when it was queued.
                        for (int more = State.DequeueMore(blocks, MaxBlocksPerWrite - 1, ticket); more > 0; more--)
                        {
                            _ = _work.Wait(0, CancellationToken.None);
                        }
                    }

                    await ServeAsync(blocks, ticket, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Closed or stopped: nothing left to serve.
            }
        }

        public override string ToString() => $"uploading to {Connection} ({(State.IsChoked ? "choked" : "unchoked")}, {State.QueuedCount} queued)";

        private static void Cancel(CancellationTokenSource source)
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // RunAsync already returned.
            }
        }

        /// <summary>Sends unchoke (<paramref name="rejected"/> null) or choke and its rejects, behind any block being sent.</summary>
        private async Task SendInOrderAsync(IReadOnlyList<BlockRequest>? rejected)
        {
            await _sendOrder.WaitAsync().ConfigureAwait(false);
            try
            {
                if (rejected is null)
                {
                    await Connection.SendUnchokeAsync().ConfigureAwait(false);
                    return;
                }

                await Connection.SendChokeAsync().ConfigureAwait(false);
                foreach (BlockRequest block in rejected)
                {
                    await Connection.SendRejectAsync(block).ConfigureAwait(false);
                }
            }
            finally
            {
                _sendOrder.Release();
            }
        }

        private async Task ServeAsync(List<BlockRequest> blocks, int ticket, CancellationToken cancellationToken)
        {
            // The next piece asked for is read while these blocks are sent, so the peer never waits on the disk.
            if (State.TryPeekNextPiece(blocks[blocks.Count - 1].PieceIndex, out int nextPiece))
            {
                _cache.Prefetch(nextPiece);
            }

            int length = 0;
            long bytes = 0;
            foreach (BlockRequest block in blocks)
            {
                length += PeerMessageWriter.PieceHeaderLength + block.Length;
                bytes += block.Length;
            }

            // Each block is copied from the piece cache straight behind the room for its header: one copy, one write.
            byte[]? frame = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                int offset = 0;
                foreach (BlockRequest block in blocks)
                {
                    try
                    {
                        await _cache.CopyBlockAsync(block, frame.AsMemory(offset + PeerMessageWriter.PieceHeaderLength, block.Length), cancellationToken).ConfigureAwait(false);
                    }
                    catch (StorageException ex)
                    {
                        // A piece we announced cannot be read: we cannot keep our promise to this peer.
                        ReadError = ex;
                        Connection.Close(PeerCloseReason.Local, ex);
                        return;
                    }

                    offset += PeerMessageWriter.PieceHeaderLength + block.Length;
                }

                await _sendOrder.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!State.MaySend(ticket))
                    {
                        return;
                    }

                    Task sent = Connection.SendPieceFramesAsync(blocks, frame);
                    frame = null;
                    await sent.ConfigureAwait(false);
                    if (!Connection.IsClosed)
                    {
                        Interlocked.Add(ref _bytesUploaded, bytes);
                        Interlocked.Add(ref _blocksUploaded, blocks.Count);
                    }
                }
                finally
                {
                    _sendOrder.Release();
                }
            }
            finally
            {
                if (frame is not null)
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }
            }
        }
    }
}
