namespace TorrentPS
{
    /// <summary>The broad cause of a <see cref="StorageException"/>, so hosts can pick an error category.</summary>
    public enum StorageErrorKind
    {
        /// <summary>An I/O error without a more specific cause.</summary>
        IOError,

        /// <summary>The disk or the user's quota is full.</summary>
        DiskFull,

        /// <summary>The operating system refused access (permissions, a read-only file or medium).</summary>
        AccessDenied,

        /// <summary>The path is longer than the file system allows.</summary>
        PathTooLong,

        /// <summary>A file or folder that should exist does not (or something else stands where a folder should be).</summary>
        NotFound,

        /// <summary>A file exists but is shorter than the data asked for (that part was never written).</summary>
        MissingData,

        /// <summary>A path would resolve outside the download folder.</summary>
        UnsafePath,
    }
}
