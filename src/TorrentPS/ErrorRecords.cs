using System;
using System.IO;
using System.Management.Automation;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// The module's error ids and the records built from them. The ids are part of the public surface:
    /// scripts match on them ($_.FullyQualifiedErrorId), so they never change once shipped.
    /// </summary>
    internal static class ErrorRecords
    {
        public const string TorrentFileNotFound = "TorrentFileNotFound";
        public const string FileNotFound = "FileNotFound";
        public const string PathIsDirectory = "PathIsDirectory";
        public const string NotFileSystemPath = "NotFileSystemPath";
        public const string InvalidPath = "InvalidPath";
        public const string FileAccessDenied = "FileAccessDenied";
        public const string FileReadError = "FileReadError";
        public const string FileWriteError = "FileWriteError";
        public const string InvalidTorrent = "InvalidTorrent";
        public const string InvalidMagnetLink = "InvalidMagnetLink";
        public const string InvalidBencode = "InvalidBencode";
        public const string UnsupportedBencodeValue = "UnsupportedBencodeValue";

        public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target)
            => new ErrorRecord(exception, errorId, category, target);

        /// <summary>Reading a file failed after its path was resolved (it vanished, is locked, or is not ours to read).</summary>
        public static ErrorRecord ForRead(Exception exception, string path, string notFoundErrorId) => exception switch
        {
            FileNotFoundException _ => Create(exception, notFoundErrorId, ErrorCategory.ObjectNotFound, path),
            DirectoryNotFoundException _ => Create(exception, notFoundErrorId, ErrorCategory.ObjectNotFound, path),
            UnauthorizedAccessException _ => Create(exception, FileAccessDenied, ErrorCategory.PermissionDenied, path),
            _ => Create(exception, FileReadError, ErrorCategory.ReadError, path),
        };

        /// <summary>Whether a read failure is one to report and move past, rather than a bug to let through.</summary>
        public static bool IsFileAccessError(Exception exception)
            => exception is IOException || exception is UnauthorizedAccessException || exception is System.Security.SecurityException;
    }
}
