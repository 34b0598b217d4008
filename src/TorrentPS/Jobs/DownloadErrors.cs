using System;
using System.IO;
using System.Management.Automation;
using TorrentPS.Peers;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Error ids of the download cmdlets and jobs. Like ErrorRecords' ids they are public surface: scripts match
    /// on them, so they never change once shipped.
    /// </summary>
    internal static class DownloadErrors
    {
        public const string DownloadFailed = "DownloadFailed";
        public const string InvalidPeerAddress = "InvalidPeerAddress";
        public const string MagnetDownloadNotSupported = "MagnetDownloadNotSupported";
        public const string InvalidDestination = "InvalidDestination";
        public const string DownloadNotRunning = "DownloadNotRunning";
        public const string DownloadNotSuspended = "DownloadNotSuspended";
        public const string DownloadStopTimedOut = "DownloadStopTimedOut";
        public const string DownloadNotFound = "DownloadNotFound";
        public const string InvalidInfoHash = "InvalidInfoHash";

        /// <summary>Why a download ended in Failed, with the category that says what kind of failure it was.</summary>
        public static ErrorRecord ForJobFailure(Exception error, TorrentInfo torrent)
        {
            ErrorCategory category = error switch
            {
                StorageException { Kind: StorageErrorKind.AccessDenied } => ErrorCategory.PermissionDenied,
                StorageException { Kind: StorageErrorKind.UnsafePath } => ErrorCategory.InvalidData,
                StorageException _ => ErrorCategory.WriteError,
                UnauthorizedAccessException _ => ErrorCategory.PermissionDenied,
                IOException _ => ErrorCategory.WriteError,
                PeerProtocolException _ => ErrorCategory.ProtocolError,
                _ => ErrorCategory.NotSpecified,
            };
            return new ErrorRecord(error, DownloadFailed, category, torrent);
        }
    }
}
