using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Storage
{
    /// <summary>
    /// Verifies a torrent's existing data against its piece hashes. Pieces whose bytes are not all on disk
    /// (missing or short files) are counted missing without reading anything. The rest are split into
    /// contiguous runs that a bounded number of readers take in turn, each reading its run sequentially and
    /// hashing it: disks see sequential reads, cores hash in parallel. Each reader hashes its pieces in batches
    /// through the multi-buffer SHA-1 where it runs (<see cref="PieceHashBatch"/>), so memory is parallelism x
    /// at most 16 MiB (one piece where batches do not pay), whatever the torrent's size.
    /// </summary>
    public static class DataChecker
    {
        /// <summary>The most bytes one reader takes at a time; smaller runs balance the readers at the end.</summary>
        private const long MaxRunBytes = 32L * 1024 * 1024;

        /// <summary>
        /// Checks the data of <paramref name="torrent"/> under <paramref name="destination"/>. <paramref name="parallelism"/>
        /// is the number of readers (0: one per core, at most 8). Throws <see cref="StorageException"/> when a file
        /// exists but cannot be read; absent data is a result, not an error.
        /// </summary>
        public static Task<DataCheckResult> CheckAsync(
            TorrentInfo torrent,
            string destination,
            IProgress<CheckProgress>? progress = null,
            int parallelism = 0,
            CancellationToken cancellationToken = default)
        {
            if (torrent is null)
            {
                throw new ArgumentNullException(nameof(torrent));
            }

            if (parallelism <= 0)
            {
                parallelism = Math.Min(Environment.ProcessorCount, 8);
            }

            var check = new Check(torrent, StoragePaths.NormalizeDestination(destination), progress, parallelism);
            // Even measuring thousands of files is I/O: keep all of it off the caller's thread.
            return Task.Run(() => check.RunAsync(cancellationToken), cancellationToken);
        }

        private sealed class Check
        {
            private readonly TorrentInfo _torrent;
            private readonly string _destination;
            private readonly PieceMap _map;
            private readonly IProgress<CheckProgress>? _progress;
            private readonly int _parallelism;
            private readonly string?[] _paths;
            private readonly long[] _sizeOnDisk;
            private readonly PieceCheckState[] _states;
            private readonly object _progressLock = new object();
            private int _nextRun = -1;
            private int _runLength;
            private int _runCount;
            private int _checked;
            private int _good;
            private int _bad;
            private int _missing;
            private long _bytesChecked;
            private int _lastReportedPercent = -1;

            public Check(TorrentInfo torrent, string destination, IProgress<CheckProgress>? progress, int parallelism)
            {
                _torrent = torrent;
                _destination = destination;
                _map = new PieceMap(torrent);
                _progress = progress;
                _parallelism = parallelism;
                _paths = new string?[torrent.Layout.Count];
                _sizeOnDisk = new long[torrent.Layout.Count];
                _states = new PieceCheckState[torrent.PieceCount];
            }

            public async Task<DataCheckResult> RunAsync(CancellationToken cancellationToken)
            {
                MeasureFiles();
                bool[] toRead = MarkMissingPieces();
                PlanRuns();

                using (var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    var readers = new Task[Math.Min(_parallelism, Math.Max(1, _runCount))];
                    for (int i = 0; i < readers.Length; i++)
                    {
                        readers[i] = Task.Factory.StartNew(
                            () => ReadRuns(toRead, failure),
                            failure.Token,
                            TaskCreationOptions.LongRunning,
                            TaskScheduler.Default);
                    }

                    // A failed reader cancels the others; WhenAll then faults with its error, not their cancellation.
                    await Task.WhenAll(readers).ConfigureAwait(false);
                }

                Report(force: true);
                return new DataCheckResult(_torrent, _destination, _states, BuildFileResults());
            }

            private void MeasureFiles()
            {
                foreach (TorrentFile file in _torrent.Layout)
                {
                    if (file.IsPadding)
                    {
                        continue;
                    }

                    string path = StoragePaths.Resolve(_destination, file);
                    _paths[file.Index] = path;
                    try
                    {
                        var info = new FileInfo(path);
                        _sizeOnDisk[file.Index] = info.Exists ? info.Length : -1;
                    }
                    catch (Exception e) when (StorageErrors.IsFileSystemError(e))
                    {
                        throw StorageErrors.Wrap(e, path, "check");
                    }
                }
            }

            /// <summary>Marks the pieces with bytes absent from disk as missing; returns which pieces remain to be read.</summary>
            private bool[] MarkMissingPieces()
            {
                var toRead = new bool[_states.Length];
                for (int piece = 0; piece < _states.Length; piece++)
                {
                    bool present = true;
                    foreach (FileSegment segment in _map.MapPiece(piece))
                    {
                        if (!segment.IsPadding && _sizeOnDisk[segment.File.Index] < segment.FileOffset + segment.Length)
                        {
                            present = false;
                            break;
                        }
                    }

                    if (present)
                    {
                        toRead[piece] = true;
                    }
                    else
                    {
                        Decide(piece, PieceCheckState.Missing);
                    }
                }

                return toRead;
            }

            private void PlanRuns()
            {
                int pieces = _states.Length;
                int byBytes = (int)Math.Max(1, MaxRunBytes / _torrent.PieceLength);
                int byBalance = Math.Max(1, pieces / (_parallelism * 4));
                _runLength = Math.Min(byBytes, byBalance);
                _runCount = (pieces + _runLength - 1) / _runLength;
            }

            private void ReadRuns(bool[] toRead, CancellationTokenSource failure)
            {
                var batch = new PieceHashBatch(_torrent.PieceLength, PieceHashBatch.ChooseCapacity(_torrent.PieceLength));
                var reader = new SequentialReader();
                try
                {
                    int run;
                    while ((run = Interlocked.Increment(ref _nextRun)) < _runCount)
                    {
                        int end = (int)Math.Min(_states.Length, ((long)run + 1) * _runLength);
                        for (int piece = run * _runLength; piece < end; piece++)
                        {
                            failure.Token.ThrowIfCancellationRequested();
                            if (!toRead[piece])
                            {
                                continue;
                            }

                            int size = _torrent.GetPieceSize(piece);
                            if (!batch.Fits(size))
                            {
                                HashAndDecide(batch);
                            }

                            if (TryRead(piece, batch.Buffer, batch.NextOffset, reader))
                            {
                                batch.Add(piece, size);
                            }
                            else
                            {
                                Decide(piece, PieceCheckState.Missing);
                            }
                        }

                        // A run's pieces are decided before the next run starts, so progress never lags a batch behind.
                        HashAndDecide(batch);
                    }
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    failure.Cancel();
                    throw;
                }
                finally
                {
                    reader.Dispose();
                }
            }

            private void HashAndDecide(PieceHashBatch batch)
            {
                batch.Hash();
                for (int slot = 0; slot < batch.Count; slot++)
                {
                    int piece = batch.PieceAt(slot);
                    Decide(piece, batch.DigestAt(slot).SequenceEqual(_torrent.PieceHashes.GetSpan(piece)) ? PieceCheckState.Good : PieceCheckState.Bad);
                }

                batch.Clear();
            }

            /// <summary>Reads piece <paramref name="piece"/> into <paramref name="buffer"/> at <paramref name="offset"/>; false when its bytes are no longer all on disk.</summary>
            private bool TryRead(int piece, byte[] buffer, int offset, SequentialReader reader)
            {
                foreach (FileSegment segment in _map.MapPiece(piece))
                {
                    if (segment.IsPadding)
                    {
                        Array.Clear(buffer, offset + segment.BufferOffset, segment.Length);
                        continue;
                    }

                    string path = _paths[segment.File.Index]!;
                    try
                    {
                        if (!reader.TryRead(segment.File.Index, path, segment.FileOffset, buffer, offset + segment.BufferOffset, segment.Length))
                        {
                            // The file shrank or vanished since it was measured.
                            return false;
                        }
                    }
                    catch (FileNotFoundException)
                    {
                        return false;
                    }
                    catch (DirectoryNotFoundException)
                    {
                        return false;
                    }
                    catch (Exception e) when (StorageErrors.IsFileSystemError(e))
                    {
                        // Formatted only on failure: a check of many pieces would otherwise build a string per read.
                        string operation = string.Format(CultureInfo.InvariantCulture, "check piece {0} ({1} bytes at file offset {2}) in", piece, segment.Length, segment.FileOffset);
                        throw StorageErrors.Wrap(e, path, operation);
                    }
                }

                return true;
            }

            private void Decide(int piece, PieceCheckState state)
            {
                _states[piece] = state;
                switch (state)
                {
                    case PieceCheckState.Good:
                        Interlocked.Increment(ref _good);
                        break;
                    case PieceCheckState.Bad:
                        Interlocked.Increment(ref _bad);
                        break;
                    default:
                        Interlocked.Increment(ref _missing);
                        break;
                }

                Interlocked.Add(ref _bytesChecked, _torrent.GetPieceSize(piece));
                Interlocked.Increment(ref _checked);
                Report(force: false);
            }

            /// <summary>Reports at each whole percent (and at the end), under a lock so snapshots never go backwards.</summary>
            private void Report(bool force)
            {
                if (_progress is null || _states.Length == 0)
                {
                    return;
                }

                int percent = (int)(100L * Volatile.Read(ref _checked) / _states.Length);
                if (!force && percent == Volatile.Read(ref _lastReportedPercent))
                {
                    return;
                }

                lock (_progressLock)
                {
                    int done = Volatile.Read(ref _checked);
                    percent = (int)(100L * done / _states.Length);
                    if (!force && percent <= _lastReportedPercent)
                    {
                        return;
                    }

                    _lastReportedPercent = percent;
                    _progress.Report(new CheckProgress(
                        _torrent.Name,
                        done,
                        _states.Length,
                        Volatile.Read(ref _good),
                        Volatile.Read(ref _bad),
                        Volatile.Read(ref _missing),
                        Interlocked.Read(ref _bytesChecked),
                        _torrent.TotalSize));
                }
            }

            private List<TorrentFileCheck> BuildFileResults()
            {
                var results = new List<TorrentFileCheck>(_torrent.Files.Count);
                foreach (TorrentFile file in _torrent.Layout)
                {
                    if (file.IsPadding)
                    {
                        continue;
                    }

                    (int first, int count) = PieceMap.GetPieceSpan(file, _torrent.PieceLength);
                    int good = 0, bad = 0, missing = 0;
                    for (int piece = first; piece < first + count; piece++)
                    {
                        switch (_states[piece])
                        {
                            case PieceCheckState.Good:
                                good++;
                                break;
                            case PieceCheckState.Bad:
                                bad++;
                                break;
                            default:
                                missing++;
                                break;
                        }
                    }

                    long size = _sizeOnDisk[file.Index];
                    results.Add(new TorrentFileCheck(file.Path, _paths[file.Index]!, file.Length, size < 0 ? null : size, count, good, bad, missing));
                }

                return results;
            }
        }

        /// <summary>
        /// One reader's file handle: runs go forward through the files, so keeping only the current one open
        /// opens each file once per run and bounds handles to one per reader.
        /// </summary>
        private sealed class SequentialReader : IDisposable
        {
            private int _fileIndex = -1;
            private FileStream? _stream;

            /// <summary>Reads exactly <paramref name="count"/> bytes; false if the file ends first.</summary>
            public bool TryRead(int fileIndex, string path, long fileOffset, byte[] buffer, int offset, int count)
            {
                if (_fileIndex != fileIndex || _stream is null)
                {
                    Dispose();
                    _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                    _fileIndex = fileIndex;
                }

                if (_stream.Position != fileOffset)
                {
                    _stream.Position = fileOffset;
                }

                while (count > 0)
                {
                    int n = _stream.Read(buffer, offset, count);
                    if (n == 0)
                    {
                        return false;
                    }

                    offset += n;
                    count -= n;
                }

                return true;
            }

            public void Dispose()
            {
                _stream?.Dispose();
                _stream = null;
                _fileIndex = -1;
            }
        }
    }
}
