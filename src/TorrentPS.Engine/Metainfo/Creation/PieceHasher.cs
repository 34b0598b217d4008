using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TorrentPS.Storage;

namespace TorrentPS.Metainfo.Creation
{
    /// <summary>
    /// SHA-1 of every piece of the content. One reader goes through the files in order, so the disk sees one
    /// sequential stream; it fills piece buffers that several hashers take in turn, so the cores hash in parallel.
    /// The buffers are a fixed set that the hashers hand back: memory is a few pieces, whatever the content's size.
    /// </summary>
    internal sealed class PieceHasher
    {
        /// <summary>The most bytes of buffers in flight (at least two pieces, whatever their size).</summary>
        private const long BufferBudget = 64L * 1024 * 1024;

        private const int ReadChunk = 1024 * 1024;

        private readonly TorrentContent _content;
        private readonly int _pieceLength;
        private readonly int _pieceCount;
        private readonly int _hashers;
        private readonly IProgress<TorrentHashProgress>? _progress;
        private readonly byte[] _hashes;
        private readonly object _progressLock = new object();
        private string? _currentFile;
        private int _piecesHashed;
        private long _bytesHashed;
        private int _lastReportedPercent = -1;

        public PieceHasher(TorrentContent content, int pieceLength, int parallelism, IProgress<TorrentHashProgress>? progress)
        {
            _content = content;
            _pieceLength = pieceLength;
            _pieceCount = (int)((content.TotalSize + pieceLength - 1) / pieceLength);
            _hashers = parallelism > 0 ? parallelism : Math.Min(Environment.ProcessorCount, 8);
            _progress = progress;
            _hashes = new byte[_pieceCount * Sha1.HashSize];
        }

        /// <summary>The pieces' hashes, 20 bytes each, in piece order.</summary>
        public byte[] Run(CancellationToken cancellationToken)
        {
            int bufferCount = (int)Math.Max(2, Math.Min(_hashers + 2, BufferBudget / _pieceLength));
            bufferCount = Math.Min(bufferCount, Math.Max(1, _pieceCount));
            using var free = new BlockingCollection<byte[]>(bufferCount);
            using var full = new BlockingCollection<Piece>(bufferCount);
            using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            for (int i = 0; i < bufferCount; i++)
            {
                free.Add(new byte[_pieceLength], CancellationToken.None);
            }

            var workers = new List<Task>();
            for (int i = 0; i < _hashers; i++)
            {
                workers.Add(Task.Factory.StartNew(() => Guard(() => Hash(full, free, failure.Token), failure), failure.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }

            Task reader = Task.Factory.StartNew(() => Guard(() => Read(free, full, failure.Token), failure), failure.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            workers.Add(reader);
            try
            {
                // Not the caller's token: a cancelled run still waits for its workers, so no buffer outlives it.
                Task.WaitAll(workers.ToArray(), CancellationToken.None);
            }
            catch (AggregateException e)
            {
                // The first real failure, not the cancellations it caused in the other workers.
                foreach (Exception inner in e.Flatten().InnerExceptions)
                {
                    if (!(inner is OperationCanceledException))
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException(cancellationToken);
            }

            Interlocked.Exchange(ref _currentFile, null);
            Report(force: true);
            return _hashes;
        }

        private static void Guard(Action work, CancellationTokenSource failure)
        {
            try
            {
                work();
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                failure.Cancel();
                throw;
            }
        }

        private void Read(BlockingCollection<byte[]> free, BlockingCollection<Piece> full, CancellationToken cancellationToken)
        {
            try
            {
                byte[] buffer = free.Take(cancellationToken);
                int filled = 0;
                int piece = 0;
                foreach (TorrentContentFile file in _content.Files)
                {
                    if (file.Length == 0)
                    {
                        continue;
                    }

                    Volatile.Write(ref _currentFile, file.Path);
                    using FileStream stream = Open(file);
                    long left = file.Length;
                    while (left > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        int want = (int)Math.Min(Math.Min(left, _pieceLength - filled), ReadChunk);
                        int read = ReadSome(stream, file, buffer, filled, want);
                        filled += read;
                        left -= read;
                        if (filled == _pieceLength)
                        {
                            full.Add(new Piece(piece++, buffer, filled), cancellationToken);
                            buffer = free.Take(cancellationToken);
                            filled = 0;
                        }
                    }

                    CheckUnchanged(stream, file);
                }

                if (filled > 0)
                {
                    full.Add(new Piece(piece, buffer, filled), cancellationToken);
                }
            }
            finally
            {
                full.CompleteAdding();
            }
        }

        private void Hash(BlockingCollection<Piece> full, BlockingCollection<byte[]> free, CancellationToken cancellationToken)
        {
            foreach (Piece piece in full.GetConsumingEnumerable(cancellationToken))
            {
                Sha1.Hash(piece.Buffer.AsSpan(0, piece.Length), _hashes.AsSpan(piece.Index * Sha1.HashSize, Sha1.HashSize));
                free.Add(piece.Buffer, cancellationToken);
                Interlocked.Add(ref _bytesHashed, piece.Length);
                Interlocked.Increment(ref _piecesHashed);
                Report(force: false);
            }
        }

        private static FileStream Open(TorrentContentFile file)
        {
            try
            {
                return new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw ReadFailed(file, e);
            }
        }

        private static int ReadSome(FileStream stream, TorrentContentFile file, byte[] buffer, int offset, int count)
        {
            int read;
            try
            {
                read = stream.Read(buffer, offset, count);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw ReadFailed(file, e);
            }

            if (read == 0)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.ContentChanged, file.FullPath, $"shrank while it was being hashed (it was {file.Length} bytes); try again when nothing writes to it");
            }

            return read;
        }

        private static void CheckUnchanged(FileStream stream, TorrentContentFile file)
        {
            long length;
            try
            {
                length = stream.Length;
            }
            catch (IOException e)
            {
                throw ReadFailed(file, e);
            }

            if (length != file.Length)
            {
                throw new TorrentCreationException(TorrentCreationErrorKind.ContentChanged, file.FullPath, $"changed size while it was being hashed ({file.Length} bytes, now {length}); try again when nothing writes to it");
            }
        }

        private static TorrentCreationException ReadFailed(TorrentContentFile file, Exception e) =>
            new TorrentCreationException(TorrentCreationErrorKind.ReadFailed, file.FullPath, "cannot read the file: " + e.Message, e);

        /// <summary>Reports at each whole percent (and at the end), under a lock so snapshots never go backwards.</summary>
        private void Report(bool force)
        {
            if (_progress is null || _pieceCount == 0)
            {
                return;
            }

            int percent = (int)(100L * Volatile.Read(ref _piecesHashed) / _pieceCount);
            if (!force && percent == Volatile.Read(ref _lastReportedPercent))
            {
                return;
            }

            lock (_progressLock)
            {
                int done = Volatile.Read(ref _piecesHashed);
                percent = (int)(100L * done / _pieceCount);
                if (!force && percent <= _lastReportedPercent)
                {
                    return;
                }

                _lastReportedPercent = percent;
                _progress.Report(new TorrentHashProgress(_content.Name, Volatile.Read(ref _currentFile), done, _pieceCount, Interlocked.Read(ref _bytesHashed), _content.TotalSize));
            }
        }

        private readonly struct Piece
        {
            public Piece(int index, byte[] buffer, int length)
            {
                Index = index;
                Buffer = buffer;
                Length = length;
            }

            public int Index { get; }

            public byte[] Buffer { get; }

            public int Length { get; }
        }
    }
}
