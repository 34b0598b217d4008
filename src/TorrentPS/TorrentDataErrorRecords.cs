using System;
using System.Management.Automation;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// The error ids of New-Torrent and Test-TorrentData and the records built from them. Like
    /// <see cref="ErrorRecords"/>, the ids are public surface that scripts match on, so they never change once shipped.
    /// </summary>
    internal static class TorrentDataErrorRecords
    {
        public const string ContentNotFound = "TorrentContentNotFound";
        public const string InvalidTorrentOption = "InvalidTorrentOption";
        public const string NoTorrentContent = "NoTorrentContent";
        public const string InvalidContentName = "InvalidContentName";
        public const string SymbolicLinkLoop = "SymbolicLinkLoop";
        public const string ContentReadError = "TorrentContentReadError";
        public const string ContentChanged = "TorrentContentChanged";
        public const string OutFileExists = "OutFileExists";
        public const string OutFileAlreadyWritten = "OutFileAlreadyWritten";
        public const string DataPathNotFound = "TorrentDataPathNotFound";
        public const string DataCheckFailed = "TorrentDataCheckFailed";
        public const string InvalidTorrentInput = "InvalidTorrentInput";

        /// <summary>A torrent could not be made; the target is the file, folder or option involved.</summary>
        public static ErrorRecord ForCreation(TorrentCreationException exception, object target)
        {
            (string id, ErrorCategory category) = exception.Kind switch
            {
                TorrentCreationErrorKind.NotFound => (ContentNotFound, ErrorCategory.ObjectNotFound),
                TorrentCreationErrorKind.InvalidOption => (InvalidTorrentOption, ErrorCategory.InvalidArgument),
                TorrentCreationErrorKind.NoContent => (NoTorrentContent, ErrorCategory.InvalidArgument),
                TorrentCreationErrorKind.InvalidName => (InvalidContentName, ErrorCategory.InvalidData),
                TorrentCreationErrorKind.SymbolicLinkLoop => (SymbolicLinkLoop, ErrorCategory.InvalidData),
                TorrentCreationErrorKind.ContentChanged => (ContentChanged, ErrorCategory.ReadError),
                _ => (ContentReadError, ErrorCategory.ReadError),
            };
            return ErrorRecords.Create(exception, id, category, exception.Path ?? target);
        }

        /// <summary>Writing the .torrent file failed (a full disk, no permission).</summary>
        public static ErrorRecord ForWrite(StorageException exception) =>
            ErrorRecords.Create(
                exception,
                exception.Kind == StorageErrorKind.AccessDenied ? ErrorRecords.FileAccessDenied : ErrorRecords.FileWriteError,
                exception.Kind == StorageErrorKind.AccessDenied ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError,
                exception.Path);

        /// <summary>The data to check could not be found or read.</summary>
        public static ErrorRecord ForCheck(StorageException exception) => exception.Kind switch
        {
            StorageErrorKind.NotFound => ErrorRecords.Create(exception, DataPathNotFound, ErrorCategory.ObjectNotFound, exception.Path),
            StorageErrorKind.AccessDenied => ErrorRecords.Create(exception, ErrorRecords.FileAccessDenied, ErrorCategory.PermissionDenied, exception.Path),
            _ => ErrorRecords.Create(exception, DataCheckFailed, ErrorCategory.ReadError, exception.Path),
        };

        public static ErrorRecord OutFileIsTaken(string path) =>
            ErrorRecords.Create(
                new InvalidOperationException($"The file '{path}' already exists. Use -Force to replace it."),
                OutFileExists,
                ErrorCategory.ResourceExists,
                path);

        public static ErrorRecord OutFileUsedTwice(string path, string content) =>
            ErrorRecords.Create(
                new InvalidOperationException($"-OutFile '{path}' was already written by this command, so no torrent of '{content}' was made. Omit -OutFile to write NAME.torrent for each file or folder."),
                OutFileAlreadyWritten,
                ErrorCategory.InvalidOperation,
                content);
    }
}
