namespace TorrentPS
{
    /// <summary>Why a torrent could not be created; hosts pick an error category from it.</summary>
    public enum TorrentCreationErrorKind
    {
        /// <summary>The file or folder to make a torrent of does not exist.</summary>
        NotFound,

        /// <summary>An option is wrong: a piece size that is not a power of two, a tracker that is not a URL.</summary>
        InvalidOption,

        /// <summary>Nothing to put in a torrent: no files, or only empty ones.</summary>
        NoContent,

        /// <summary>A file or folder name that a torrent cannot carry, or a tree deeper than a torrent may be.</summary>
        InvalidName,

        /// <summary>A symbolic link leads back to a folder that contains it.</summary>
        SymbolicLinkLoop,

        /// <summary>A file or folder could not be read (permissions, a disk error, a broken link).</summary>
        ReadFailed,

        /// <summary>A file changed size while it was being hashed, so the hashes would not match it.</summary>
        ContentChanged,
    }
}
