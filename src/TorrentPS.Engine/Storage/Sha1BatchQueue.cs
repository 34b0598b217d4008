using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Hashing;

namespace TorrentPS.Storage
{
    /// <summary>
    /// Hashes whole pieces with SHA-1, gathering equal-length pieces into batches for a multi-buffer hasher
    /// (one piece per SIMD lane, several times the throughput of hashing them one after another). A batch is
    /// hashed as soon as it is full, or once the oldest piece has waited <see cref="MaxWait"/>; pieces too big
    /// to hold back (a full batch would exceed <see cref="MaxBatchBytes"/>), and every piece when no batch
    /// hasher is given, are hashed at once on the caller's thread. Thread-safe.
    /// </summary>
    /// <remarks>
    /// Waiting is what makes batches: a download completes a piece every millisecond or two, far slower than
    /// one core hashes it, so without holding pieces back every batch would have one lane in use.
    /// </remarks>
    internal sealed class Sha1BatchQueue : IDisposable
    {
        private readonly BatchHasher? _batchHasher;
        private readonly object _gate = new object();
        private readonly List<Pending> _pending = new List<Pending>();
        private readonly Timer _flushTimer;
        private bool _timerArmed;
        private bool _disposed;

        /// <param name="batchHasher">Hashes up to <paramref name="lanes"/> messages of one length at once; null hashes every piece alone.</param>
        /// <param name="lanes">The most messages <paramref name="batchHasher"/> takes at once.</param>
        /// <param name="minimumBatch">Fewer waiting pieces than this are hashed one by one when flushed (a mostly empty batch is slower).</param>
        public Sha1BatchQueue(BatchHasher? batchHasher, int lanes, int minimumBatch, TimeSpan maxWait, long maxBatchBytes)
        {
            if (batchHasher is not null && (lanes < 2 || minimumBatch < 1 || minimumBatch > lanes))
            {
                throw new ArgumentOutOfRangeException(nameof(lanes), "A batch hasher needs at least 2 lanes and a minimum batch of 1 to the lane count.");
            }

            _batchHasher = batchHasher;
            Lanes = batchHasher is null ? 1 : lanes;
            MinimumBatch = minimumBatch;
            MaxWait = maxWait;
            MaxBatchBytes = maxBatchBytes;
            _flushTimer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>
        /// The queue piece verification shares: multi-buffer SHA-1 where the processor has it (pieces of every
        /// torrent in the process batch together), one piece at a time elsewhere. Held back at most 20 ms, and
        /// at most 32 MiB per batch, so 16 MiB pieces and larger are never held back.
        /// </summary>
        public static Sha1BatchQueue Shared { get; } = MultiBufferSha1.IsSupported
            ? new Sha1BatchQueue(MultiBufferSha1.HashEqualLength, MultiBufferSha1.LaneCount, Sha1.MinimumMultiBufferBatch, TimeSpan.FromMilliseconds(20), 32L * 1024 * 1024)
            : new Sha1BatchQueue(null, 1, 1, TimeSpan.Zero, 0);

        /// <summary>Hashes messages of equal length, one per lane, writing 20 bytes per message.</summary>
        public delegate void BatchHasher(ReadOnlySpan<ReadOnlyMemory<byte>> messages, Span<byte> digests);

        public int Lanes { get; }

        public int MinimumBatch { get; }

        public TimeSpan MaxWait { get; }

        public long MaxBatchBytes { get; }

        /// <summary>How many batches of two or more pieces were hashed together (for tests and diagnostics).</summary>
        public int BatchesHashed { get; private set; }

        /// <summary>Hashes <paramref name="data"/> into <paramref name="digest"/> (20 bytes) when the task completes; both must stay untouched until then.</summary>
        public Task HashAsync(ReadOnlyMemory<byte> data, Memory<byte> digest)
        {
            if (digest.Length < Sha1.HashSize)
            {
                throw new ArgumentException("A SHA-1 digest takes 20 bytes.", nameof(digest));
            }

            if (_batchHasher is null || (long)data.Length * MinimumBatch > MaxBatchBytes || data.Length == 0)
            {
                Sha1.Hash(data.Span, digest.Span);
                return Task.CompletedTask;
            }

            var item = new Pending(data, digest);
            List<Pending>? full = null;
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(Sha1BatchQueue));
                }

                _pending.Add(item);
                full = TakeFullBatch(data.Length);
                if (full is null && !_timerArmed)
                {
                    _timerArmed = true;
                    _flushTimer.Change(MaxWait, Timeout.InfiniteTimeSpan);
                }
            }

            if (full is not null)
            {
                HashBatch(full);
            }

            return item.Done.Task;
        }

        /// <summary>Hashes every waiting piece now.</summary>
        public void Flush()
        {
            List<Pending> waiting;
            lock (_gate)
            {
                _timerArmed = false;
                waiting = new List<Pending>(_pending);
                _pending.Clear();
            }

            // Equal lengths together (a torrent's last piece is usually shorter), at most a lane count at a time.
            while (waiting.Count > 0)
            {
                int length = waiting[0].Data.Length;
                List<Pending> batch = waiting.FindAll(p => p.Data.Length == length);
                waiting.RemoveAll(p => p.Data.Length == length);
                for (int start = 0; start < batch.Count; start += Lanes)
                {
                    HashBatch(batch.GetRange(start, Math.Min(Lanes, batch.Count - start)));
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
            }

            Flush();
            _flushTimer.Dispose();
        }

        /// <summary>The batch of <paramref name="length"/>-byte pieces if a full one is waiting (taken out of the queue); else null. Caller holds the lock.</summary>
        private List<Pending>? TakeFullBatch(int length)
        {
            int count = 0;
            int limit = (int)Math.Min(Lanes, Math.Max(1, MaxBatchBytes / length));
            foreach (Pending p in _pending)
            {
                count += p.Data.Length == length ? 1 : 0;
            }

            if (count < limit)
            {
                return null;
            }

            var batch = new List<Pending>(limit);
            for (int i = 0; i < _pending.Count && batch.Count < limit; i++)
            {
                if (_pending[i].Data.Length == length)
                {
                    batch.Add(_pending[i]);
                    _pending.RemoveAt(i--);
                }
            }

            return batch;
        }

        private void HashBatch(List<Pending> batch)
        {
            try
            {
                if (batch.Count >= Math.Max(2, MinimumBatch))
                {
                    var messages = new ReadOnlyMemory<byte>[batch.Count];
                    for (int i = 0; i < batch.Count; i++)
                    {
                        messages[i] = batch[i].Data;
                    }

                    Span<byte> digests = stackalloc byte[Sha1.HashSize * batch.Count];
                    _batchHasher!(messages, digests);
                    for (int i = 0; i < batch.Count; i++)
                    {
                        digests.Slice(i * Sha1.HashSize, Sha1.HashSize).CopyTo(batch[i].Digest.Span);
                    }

                    lock (_gate)
                    {
                        BatchesHashed++;
                    }
                }
                else
                {
                    foreach (Pending p in batch)
                    {
                        Sha1.Hash(p.Data.Span, p.Digest.Span);
                    }
                }

                foreach (Pending p in batch)
                {
                    p.Done.TrySetResult(true);
                }
            }
            catch (Exception ex)
            {
                foreach (Pending p in batch)
                {
                    p.Done.TrySetException(ex);
                }
            }
        }

        private sealed class Pending
        {
            public Pending(ReadOnlyMemory<byte> data, Memory<byte> digest)
            {
                Data = data;
                Digest = digest;
            }

            public ReadOnlyMemory<byte> Data { get; }

            public Memory<byte> Digest { get; }

            // Continuations run on the pool: the thread that completes a batch goes straight on to the next piece.
            public TaskCompletionSource<bool> Done { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
