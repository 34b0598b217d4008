using System;
using System.IO;

namespace TorrentPS.Storage
{
    /// <summary>Turns the platform's file exceptions into a <see cref="StorageException"/> that names the file and the operation.</summary>
    internal static class StorageErrors
    {
        // Unix reports errno as the HResult of an IOException; Windows uses HRESULT_FROM_WIN32.
        private const int UnixNoSpace = 28;                                   // ENOSPC
        private const int UnixQuotaExceeded = 122;                            // EDQUOT (Linux)
        private const int UnixNameTooLong = 36;                               // ENAMETOOLONG (Linux)
        private const int WindowsDiskFull = unchecked((int)0x80070070);       // ERROR_DISK_FULL
        private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

        /// <summary>True for the exceptions file operations are expected to throw; anything else is a bug and passes through.</summary>
        public static bool IsFileSystemError(Exception exception) =>
            exception is IOException || exception is UnauthorizedAccessException || exception is NotSupportedException
            || exception is System.Security.SecurityException;

        public static StorageException Wrap(Exception exception, string path, string operation)
        {
            if (exception is StorageException storage)
            {
                return storage;
            }

            (StorageErrorKind kind, string reason) = Classify(exception);
            return new StorageException(kind, path, operation, reason, exception);
        }

        private static (StorageErrorKind Kind, string Reason) Classify(Exception exception)
        {
            string detail = exception.Message.TrimEnd('.');
            switch (exception)
            {
                case UnauthorizedAccessException _:
                case System.Security.SecurityException _:
                    return (StorageErrorKind.AccessDenied, "access is denied (" + detail + ")");
                case PathTooLongException _:
                    return (StorageErrorKind.PathTooLong, "the path is too long for the file system");
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return (StorageErrorKind.NotFound, "the file or its folder does not exist (" + detail + ")");
                case IOException io when io.HResult == UnixNoSpace || io.HResult == UnixQuotaExceeded
                                         || io.HResult == WindowsDiskFull || io.HResult == WindowsHandleDiskFull:
                    return (StorageErrorKind.DiskFull, "the disk is full (" + detail + ")");
                case IOException io when io.HResult == UnixNameTooLong:
                    return (StorageErrorKind.PathTooLong, "the path is too long for the file system (" + detail + ")");
                default:
                    return (StorageErrorKind.IOError, detail);
            }
        }
    }
}
