using System;
using System.IO;

namespace TorrentPS.Storage
{
    /// <summary>Settings for <see cref="TorrentStorage"/>.</summary>
    public sealed class StorageOptions
    {
        /// <summary>libtorrent keeps a similar number; enough for sequential runs across many small files.</summary>
        public const int DefaultMaxOpenFiles = 32;

        public static StorageOptions Default { get; } = new StorageOptions();

        /// <summary>
        /// How many file handles stay open; the least recently used is closed beyond that. A handle in use by
        /// another operation is never closed under it, so the bound can be exceeded by the number of concurrent operations.
        /// </summary>
        public int MaxOpenFiles { get; init; } = DefaultMaxOpenFiles;

        /// <summary>Opens a file's stream (path, mode, access). Tests substitute failing streams; null means a real FileStream.</summary>
        internal Func<string, FileMode, FileAccess, Stream>? OpenStream { get; init; }
    }
}
