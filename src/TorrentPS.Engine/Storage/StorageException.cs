using System;

namespace TorrentPS
{
    /// <summary>
    /// Reading or writing a torrent's files failed: a full disk, a denied permission, a path that is too long
    /// or leaves the download folder, a file that vanished. The message names the file and the operation.
    /// Whatever was verified and written before the failure stays on disk.
    /// </summary>
    public sealed class StorageException : Exception
    {
        public StorageException(StorageErrorKind kind, string path, string operation, string reason, Exception? innerException = null)
            : base($"Cannot {operation} '{path}': {reason}.", innerException)
        {
            Kind = kind;
            Path = path;
            Operation = operation;
            Reason = reason;
        }

        public StorageErrorKind Kind { get; }

        /// <summary>The full path of the file or folder involved.</summary>
        public string Path { get; }

        /// <summary>What was being done, such as "write piece 12 (16384 bytes at offset 0)".</summary>
        public string Operation { get; }

        /// <summary>Why it failed, without the path or the operation.</summary>
        public string Reason { get; }
    }
}
