using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Storage
{
    /// <summary>
    /// A torrent's files under a download folder, read and written by piece with positional I/O. Files are
    /// opened lazily (at most <see cref="StorageOptions.MaxOpenFiles"/> at once), folders are created as
    /// needed, padding files never touch the disk. Network data goes through
    /// <see cref="TryWriteVerifiedPieceAsync"/>, so a piece that fails its hash never reaches the disk.
    /// </summary>
    /// <remarks>
    /// Each file has one handle and a lock; a transfer is seek + synchronous read/write under that lock, run
    /// on the thread pool. Measured against FileOptions.Asynchronous handles with an async lock on this
    /// machine (Linux, .NET 10), the synchronous form was faster for both piece writes and block reads, since
    /// .NET's "async" file I/O on Unix is a thread-pool hop around the same system call anyway.
    /// </remarks>
    public sealed class TorrentStorage : IDisposable, IAsyncDisposable
    {
        private readonly StorageFile?[] _filesByLayoutIndex;
        private readonly List<StorageFile> _files = new List<StorageFile>();
        private readonly OpenFileCache _cache;
        private readonly PieceVerifier _verifier;
        private readonly Func<string, FileMode, FileAccess, Stream> _openStream;
        private int _emptyFilesCreated;
        private volatile bool _disposed;

        /// <summary>Resolves every file's path now, so a torrent whose paths would leave <paramref name="destination"/> fails here, before any I/O.</summary>
        public TorrentStorage(TorrentInfo torrent, string destination, StorageOptions? options = null)
        {
            Torrent = torrent ?? throw new ArgumentNullException(nameof(torrent));
            options ??= StorageOptions.Default;
            Destination = StoragePaths.NormalizeDestination(destination);
            Map = new PieceMap(torrent);
            _verifier = new PieceVerifier(torrent);
            _cache = new OpenFileCache(options.MaxOpenFiles);
            _openStream = options.OpenStream ?? ((path, mode, access) => OpenFileStream(path, mode, access));
            _filesByLayoutIndex = new StorageFile?[torrent.Layout.Count];
            foreach (TorrentFile file in torrent.Layout)
            {
                if (!file.IsPadding)
                {
                    var storageFile = new StorageFile(file, StoragePaths.Resolve(Destination, file));
                    _filesByLayoutIndex[file.Index] = storageFile;
                    _files.Add(storageFile);
                }
            }
        }

        public TorrentInfo Torrent { get; }

        /// <summary>The download folder, as a full path.</summary>
        public string Destination { get; }

        public PieceMap Map { get; }

        /// <summary>How many file handles are open right now (for diagnostics and tests).</summary>
        public int OpenFileCount => _cache.OpenCount;

        /// <summary>Where <paramref name="file"/> lives on disk; null for a padding file, which never does.</summary>
        public string? GetFullPath(TorrentFile file)
        {
            if (file is null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            return (uint)file.Index < (uint)_filesByLayoutIndex.Length ? _filesByLayoutIndex[file.Index]?.FullPath : null;
        }

        /// <summary>
        /// Hashes <paramref name="data"/> and, only if it is piece <paramref name="piece"/>, writes it. Returns false
        /// (and writes nothing) for data that fails the hash or has the wrong length. Both steps run on the thread pool.
        /// Throws <see cref="StorageException"/> if the disk refuses the write.
        /// </summary>
        public Task<bool> TryWriteVerifiedPieceAsync(int piece, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            return Task.Run(
                async () =>
                {
                    // May wait a few milliseconds to be hashed in a batch with other pieces (see Sha1BatchQueue).
                    if (!await _verifier.VerifyAsync(piece, data).ConfigureAwait(false))
                    {
                        return false;
                    }

                    WritePiece(piece, data);
                    return true;
                },
                cancellationToken);
        }

        /// <summary>Writes a whole piece without verifying it. Internal: everything from outside must pass <see cref="TryWriteVerifiedPieceAsync"/>.</summary>
        internal Task WritePieceAsync(int piece, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            return Task.Run(() => WritePiece(piece, data), cancellationToken);
        }

        /// <summary>
        /// Reads <paramref name="buffer"/>.Length bytes of piece <paramref name="piece"/> starting at <paramref name="offset"/>
        /// (a block for a peer, or the whole piece). Padding reads as zeros. Throws <see cref="StorageException"/>
        /// if a file is missing or too short.
        /// </summary>
        public Task ReadAsync(int piece, int offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            FileSegmentRange segments = Map.MapBlock(piece, offset, buffer.Length);
            return Task.Run(() => Read(piece, offset, segments, buffer), cancellationToken);
        }

        /// <summary>Creates the torrent's zero-length files (no piece ever writes them). Also done by the first piece write.</summary>
        public void CreateEmptyFiles()
        {
            ThrowIfDisposed();
            foreach (StorageFile file in _files)
            {
                if (file.File.Length == 0)
                {
                    lock (file.Gate)
                    {
                        Stream stream = Open(file, writable: true, "create");
                        stream.Dispose();
                        file.Handle = null;
                        _cache.Forget(file);
                    }
                }
            }

            Volatile.Write(ref _emptyFilesCreated, 1);
        }

        /// <summary>
        /// Flushes every file written since the last flush to the disk itself (not just the OS cache), including
        /// files whose handles were closed meanwhile. Call it before capturing resume data.
        /// </summary>
        public Task FlushAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            return Task.Run(
                () =>
                {
                    foreach (StorageFile file in _files)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        lock (file.Gate)
                        {
                            if (file.HasUnflushedWrites)
                            {
                                // Reopens a file whose handle the cache closed: fsync on any handle flushes the file.
                                Stream stream = Open(file, writable: true, "flush");
                                Run(file, "flush", () => FlushToDisk(stream));
                                file.HasUnflushedWrites = false;
                            }
                        }
                    }
                },
                cancellationToken);
        }

        /// <summary>Closes every handle. Waits for operations in progress; later calls throw <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose()
        {
            _disposed = true;
            foreach (StorageFile file in _files)
            {
                lock (file.Gate)
                {
                    try
                    {
                        file.Handle?.Dispose();
                    }
                    catch (IOException)
                    {
                        // Unbuffered handles have nothing left to write; a close error cannot lose data.
                    }

                    file.Handle = null;
                    _cache.Forget(file);
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        private static FileStream OpenFileStream(string path, FileMode mode, FileAccess access) =>
            // bufferSize 1 disables FileStream's buffer: every transfer is one positional system call of a whole segment.
            new FileStream(path, mode, access, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.RandomAccess);

        private static void FlushToDisk(Stream stream)
        {
            if (stream is FileStream fileStream)
            {
                fileStream.Flush(flushToDisk: true);
            }
            else
            {
                stream.Flush();
            }
        }

        /// <summary>The operation part of an error message: "Cannot {this} '{path}': {reason}."</summary>
        private static string Describe(string verb, int piece, long fileOffset, int length, string preposition) =>
            string.Format(CultureInfo.InvariantCulture, "{0} piece {1} ({2} bytes at file offset {3}) {4}", verb, piece, length, fileOffset, preposition);

        private static void Run(StorageFile file, string operation, Action action)
        {
            try
            {
                action();
            }
            catch (Exception e) when (StorageErrors.IsFileSystemError(e))
            {
                throw StorageErrors.Wrap(e, file.FullPath, operation);
            }
        }

        private void WritePiece(int piece, ReadOnlyMemory<byte> data)
        {
            ThrowIfDisposed();
            int size = Torrent.GetPieceSize(piece);
            if (data.Length != size)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "Piece {0} is {1} bytes, not {2}.", piece, size, data.Length), nameof(data));
            }

            if (Volatile.Read(ref _emptyFilesCreated) == 0)
            {
                CreateEmptyFiles();
            }

            byte[]? rented = null;
            try
            {
                // netstandard2.0 streams take arrays: use the caller's array when there is one, else one pooled copy.
                if (!MemoryMarshal.TryGetArray(data, out ArraySegment<byte> source))
                {
                    rented = ArrayPool<byte>.Shared.Rent(data.Length);
                    data.Span.CopyTo(rented);
                    source = new ArraySegment<byte>(rented, 0, data.Length);
                }

                foreach (FileSegment segment in Map.MapPiece(piece))
                {
                    if (segment.IsPadding)
                    {
                        continue;
                    }

                    StorageFile file = _filesByLayoutIndex[segment.File.Index]!;
                    lock (file.Gate)
                    {
                        string operation = Describe("write", piece, segment.FileOffset, segment.Length, "to");
                        Stream stream = Open(file, writable: true, operation);
                        file.HasUnflushedWrites = true;
                        Run(file, operation, () =>
                        {
                            stream.Position = segment.FileOffset;
                            stream.Write(source.Array!, source.Offset + segment.BufferOffset, segment.Length);
                        });
                    }
                }
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        private void Read(int piece, int pieceOffset, FileSegmentRange segments, Memory<byte> buffer)
        {
            ThrowIfDisposed();
            byte[]? rented = null;
            try
            {
                if (!MemoryMarshal.TryGetArray((ReadOnlyMemory<byte>)buffer, out ArraySegment<byte> target))
                {
                    rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
                    target = new ArraySegment<byte>(rented, 0, buffer.Length);
                }

                foreach (FileSegment segment in segments)
                {
                    if (segment.IsPadding)
                    {
                        Array.Clear(target.Array!, target.Offset + segment.BufferOffset, segment.Length);
                        continue;
                    }

                    StorageFile file = _filesByLayoutIndex[segment.File.Index]!;
                    lock (file.Gate)
                    {
                        string operation = Describe("read", piece, segment.FileOffset, segment.Length, "from");
                        Stream stream = Open(file, writable: false, operation);
                        int read = 0;
                        Run(file, operation, () =>
                        {
                            stream.Position = segment.FileOffset;
                            while (read < segment.Length)
                            {
                                int n = stream.Read(target.Array!, target.Offset + segment.BufferOffset + read, segment.Length - read);
                                if (n == 0)
                                {
                                    break;
                                }

                                read += n;
                            }
                        });

                        if (read < segment.Length)
                        {
                            throw new StorageException(
                                StorageErrorKind.MissingData,
                                file.FullPath,
                                operation,
                                string.Format(CultureInfo.InvariantCulture, "the file ends at byte {0}; that part of piece {1} (at offset {2} in the piece) is not on disk", segment.FileOffset + read, piece, pieceOffset + segment.BufferOffset));
                        }
                    }
                }

                if (rented is not null)
                {
                    rented.AsSpan(0, buffer.Length).CopyTo(buffer.Span);
                }
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <summary>The open handle of <paramref name="file"/> (whose lock the caller holds), opening or upgrading it to writable as needed.</summary>
        private Stream Open(StorageFile file, bool writable, string operation)
        {
            ThrowIfDisposed();
            if (file.Handle is not null && (file.HandleIsWritable || !writable))
            {
                _cache.Touch(file);
                return file.Handle;
            }

            if (file.Handle is not null)
            {
                // Opened read-only for seeding and now written to: reopen read-write.
                file.Handle.Dispose();
                file.Handle = null;
                _cache.Forget(file);
            }

            Stream? stream = null;
            Run(file, operation, () =>
            {
                if (writable)
                {
                    string? folder = Path.GetDirectoryName(file.FullPath);
                    if (folder is not null)
                    {
                        Directory.CreateDirectory(folder);
                    }

                    stream = _openStream(file.FullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite);
                }
                else
                {
                    stream = _openStream(file.FullPath, FileMode.Open, FileAccess.Read);
                }
            });

            file.Handle = stream!;
            file.HandleIsWritable = writable;
            _cache.Touch(file);
            return stream!;
        }

        private void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(TorrentStorage));
            }
        }
    }
}
