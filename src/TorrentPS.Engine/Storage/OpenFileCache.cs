using System.Collections.Generic;
using System.Threading;

namespace TorrentPS.Storage
{
    /// <summary>
    /// Bounds how many file handles a storage keeps open by closing the least recently used ones. Only a
    /// file whose lock can be taken without waiting is closed, so a handle is never pulled out from under an
    /// operation and two files' locks are never waited for at once (no deadlock).
    /// </summary>
    internal sealed class OpenFileCache
    {
        private readonly object _lock = new object();
        private readonly LinkedList<StorageFile> _recent = new LinkedList<StorageFile>();
        private readonly int _capacity;

        public OpenFileCache(int capacity)
        {
            _capacity = capacity < 1 ? 1 : capacity;
        }

        public int OpenCount
        {
            get
            {
                lock (_lock)
                {
                    return _recent.Count;
                }
            }
        }

        /// <summary>Marks <paramref name="file"/> (whose lock the caller holds and whose handle is open) as just used, and closes old handles beyond the bound.</summary>
        public void Touch(StorageFile file)
        {
            lock (_lock)
            {
                if (file.CacheNode is null)
                {
                    file.CacheNode = _recent.AddFirst(file);
                }
                else if (file.CacheNode != _recent.First)
                {
                    _recent.Remove(file.CacheNode);
                    _recent.AddFirst(file.CacheNode);
                }

                LinkedListNode<StorageFile>? candidate = _recent.Last;
                while (_recent.Count > _capacity && candidate is not null)
                {
                    LinkedListNode<StorageFile>? previous = candidate.Previous;
                    StorageFile victim = candidate.Value;
                    if (victim != file && Monitor.TryEnter(victim.Gate))
                    {
                        try
                        {
                            _recent.Remove(candidate);
                            victim.CacheNode = null;
                            CloseQuietly(victim);
                            victim.HandleIsWritable = false;
                        }
                        finally
                        {
                            Monitor.Exit(victim.Gate);
                        }
                    }

                    candidate = previous;
                }
            }
        }

        /// <summary>
        /// Closes a handle that is being evicted. Handles are unbuffered, so closing writes nothing; an error
        /// here cannot lose data and must not fail the unrelated operation that triggered the eviction.
        /// </summary>
        private static void CloseQuietly(StorageFile file)
        {
            try
            {
                file.Handle?.Dispose();
            }
            catch (System.IO.IOException)
            {
            }

            file.Handle = null;
        }

        /// <summary>Forgets <paramref name="file"/> after the caller (holding its lock) closed its handle.</summary>
        public void Forget(StorageFile file)
        {
            lock (_lock)
            {
                if (file.CacheNode is not null)
                {
                    _recent.Remove(file.CacheNode);
                    file.CacheNode = null;
                }
            }
        }
    }
}
