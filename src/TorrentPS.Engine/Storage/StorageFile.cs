using System.Collections.Generic;
using System.IO;

namespace TorrentPS.Storage
{
    /// <summary>One file of a torrent on disk: its path, its lazily opened handle and the lock that serialises positional I/O on it.</summary>
    internal sealed class StorageFile
    {
        public StorageFile(TorrentFile file, string fullPath)
        {
            File = file;
            FullPath = fullPath;
        }

        public TorrentFile File { get; }

        public string FullPath { get; }

        /// <summary>Held for every use of <see cref="Handle"/>: a stream has one position, so seek-and-transfer must not interleave.</summary>
        public object Gate { get; } = new object();

        public Stream? Handle { get; set; }

        public bool HandleIsWritable { get; set; }

        /// <summary>Written since the last flush to disk. Survives the handle being closed by the cache, so a flush still reaches this file.</summary>
        public bool HasUnflushedWrites { get; set; }

        /// <summary>This file's place in the open-handle LRU list; guarded by the cache's lock.</summary>
        public LinkedListNode<StorageFile>? CacheNode { get; set; }
    }
}
