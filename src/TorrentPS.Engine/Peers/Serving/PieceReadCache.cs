using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Storage;

namespace TorrentPS.Peers.Serving
{
    /// <summary>
    /// The last few whole pieces read for peers, least recently used first out. Peers ask for a piece in a
    /// burst of 16 KiB blocks; reading the whole piece once serves the burst from memory, and concurrent
    /// requests for a piece being read wait for that one read. Pieces live in pooled arrays, counted while a
    /// block is copied out, so an evicted piece's array goes back to the pool once the last copy is done (fresh
    /// arrays per piece cost a zeroed large-object allocation per piece and the garbage collections after them).
    /// Thread-safe.
    /// </summary>
    public sealed class PieceReadCache
    {
        public const int DefaultMaxPieces = 8;

        public const long DefaultMaxBytes = 32L * 1024 * 1024;

        private readonly object _gate = new object();
        private readonly Func<int, Memory<byte>, CancellationToken, Task> _readPiece;
        private readonly LinkedList<Entry> _order = new LinkedList<Entry>();
        private readonly Dictionary<int, LinkedListNode<Entry>> _entries = new Dictionary<int, LinkedListNode<Entry>>();
        private long _diskReads;
        private long _hits;

        /// <summary>Reads pieces through <paramref name="storage"/>.</summary>
        public PieceReadCache(TorrentStorage storage, int maxPieces = DefaultMaxPieces, long maxBytes = DefaultMaxBytes)
            : this((storage ?? throw new ArgumentNullException(nameof(storage))).Torrent, (piece, buffer, token) => storage.ReadAsync(piece, 0, buffer, token), maxPieces, maxBytes)
        {
        }

        /// <param name="readPiece">Fills the buffer with the whole piece (index, buffer, token).</param>
        /// <param name="maxPieces">How many pieces to keep at most.</param>
        /// <param name="maxBytes">Bounds the memory too: big pieces mean fewer of them (always at least one).</param>
        public PieceReadCache(TorrentInfo torrent, Func<int, Memory<byte>, CancellationToken, Task> readPiece, int maxPieces = DefaultMaxPieces, long maxBytes = DefaultMaxBytes)
        {
            Torrent = torrent ?? throw new ArgumentNullException(nameof(torrent));
            _readPiece = readPiece ?? throw new ArgumentNullException(nameof(readPiece));
            if (maxPieces < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxPieces), maxPieces, "The cache holds at least one piece.");
            }

            if (maxBytes < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "The memory bound is positive.");
            }

            Capacity = (int)Math.Max(1, Math.Min(maxPieces, maxBytes / torrent.PieceLength));
        }

        public TorrentInfo Torrent { get; }

        /// <summary>How many pieces are kept at most.</summary>
        public int Capacity { get; }

        /// <summary>Whole pieces read from the disk so far.</summary>
        public long DiskReads => Interlocked.Read(ref _diskReads);

        /// <summary>Blocks served from a piece already read (or being read).</summary>
        public long Hits => Interlocked.Read(ref _hits);

        public int CachedPieces
        {
            get
            {
                lock (_gate)
                {
                    return _entries.Count;
                }
            }
        }

        /// <summary>
        /// Copies the bytes of <paramref name="block"/> into <paramref name="destination"/> (at least
        /// block.Length bytes). The caller validated the block (see <see cref="UploadRules.FindProblem"/>).
        /// Storage errors pass through as <see cref="StorageException"/>; a failed read is not cached.
        /// </summary>
        public async Task CopyBlockAsync(BlockRequest block, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            int size = Torrent.GetPieceSize(block.PieceIndex);
            if (block.Begin < 0 || block.Length < 0 || (long)block.Begin + block.Length > size)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(block),
                    block,
                    string.Format(CultureInfo.InvariantCulture, "The block runs past the end of piece {0} ({1} bytes).", block.PieceIndex, size));
            }

            if (destination.Length < block.Length)
            {
                throw new ArgumentException("The destination is shorter than the block.", nameof(destination));
            }

            Entry entry = Acquire(block.PieceIndex, countHit: true)!;
            try
            {
                byte[] data = await WaitAsync(entry.Data, cancellationToken).ConfigureAwait(false);
                data.AsSpan(block.Begin, block.Length).CopyTo(destination.Span);
            }
            finally
            {
                entry.Release();
            }
        }

        /// <summary>
        /// Starts reading <paramref name="piece"/> unless it is cached or being read, without waiting: the uploader
        /// reads the next requested piece while it sends the current one, so a disk read never stalls the peer.
        /// A failed read is forgotten (the request that needs it reads again and reports the error).
        /// </summary>
        public void Prefetch(int piece)
        {
            Entry? entry = Acquire(piece, countHit: false);
            entry?.Release();
        }

        /// <summary>Drops every cached piece (reads under way finish for their waiters).</summary>
        public void Clear()
        {
            lock (_gate)
            {
                foreach (Entry entry in _order)
                {
                    entry.Release();
                }

                _entries.Clear();
                _order.Clear();
            }
        }

        private static async Task<byte[]> WaitAsync(Task<byte[]> task, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled || task.IsCompleted)
            {
                return await task.ConfigureAwait(false);
            }

            // The read itself is shared with other requests, so only this caller's wait is cancelled.
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            return await task.ConfigureAwait(false);
        }

        /// <summary>
        /// The cached (or now loading) piece, with a reference taken for the caller, who must <see cref="Entry.Release"/>
        /// it. Without <paramref name="countHit"/> (a prefetch) a cached piece is left as it is and null returned.
        /// </summary>
        private Entry? Acquire(int piece, bool countHit)
        {
            Entry entry;
            lock (_gate)
            {
                if (_entries.TryGetValue(piece, out LinkedListNode<Entry>? node))
                {
                    if (!countHit)
                    {
                        return null;
                    }

                    _order.Remove(node);
                    _order.AddFirst(node);
                    Interlocked.Increment(ref _hits);
                    node.Value.AddReference();
                    return node.Value;
                }

                // References for the cache (from the constructor), the caller and the load: a caller that stops
                // waiting, or an eviction, must not return the array while the read is still filling it.
                entry = new Entry(piece, Torrent.GetPieceSize(piece));
                entry.AddReference();
                entry.AddReference();
                _entries.Add(piece, _order.AddFirst(entry));
                while (_entries.Count > Capacity)
                {
                    LinkedListNode<Entry> oldest = _order.Last!;
                    _order.RemoveLast();
                    _entries.Remove(oldest.Value.Piece);
                    oldest.Value.Release();
                }
            }

            // Started outside the lock: the read delegate may complete synchronously and must not find it held.
            entry.Start(LoadAsync(entry));
            return entry;
        }

        private async Task<byte[]> LoadAsync(Entry entry)
        {
            try
            {
                Interlocked.Increment(ref _diskReads);
                await _readPiece(entry.Piece, new Memory<byte>(entry.Buffer, 0, entry.Size), CancellationToken.None).ConfigureAwait(false);
                return entry.Buffer;
            }
            catch
            {
                lock (_gate)
                {
                    if (_entries.TryGetValue(entry.Piece, out LinkedListNode<Entry>? node) && ReferenceEquals(node.Value, entry))
                    {
                        _entries.Remove(entry.Piece);
                        _order.Remove(node);
                        entry.Release();
                    }
                }

                throw;
            }
            finally
            {
                entry.Release();
            }
        }

        private sealed class Entry
        {
            private readonly TaskCompletionSource<byte[]> _data = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _references = 1;

            public Entry(int piece, int size)
            {
                Piece = piece;
                Size = size;
                Buffer = ArrayPool<byte>.Shared.Rent(size);
            }

            public int Piece { get; }

            public int Size { get; }

            /// <summary>Rented; valid while a reference is held.</summary>
            public byte[] Buffer { get; }

            public Task<byte[]> Data => _data.Task;

            public void AddReference() => Interlocked.Increment(ref _references);

            /// <summary>Drops a reference; the last one returns the array to the pool.</summary>
            public void Release()
            {
                if (Interlocked.Decrement(ref _references) == 0)
                {
                    ArrayPool<byte>.Shared.Return(Buffer);
                }
            }

            public void Start(Task<byte[]> load) =>
                _ = load.ContinueWith(
                    t =>
                    {
                        if (t.IsFaulted)
                        {
                            _data.TrySetException(t.Exception!.InnerExceptions);
                        }
                        else if (t.IsCanceled)
                        {
                            _data.TrySetCanceled();
                        }
                        else
                        {
                            _data.TrySetResult(t.Result);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
        }
    }
}
