using System;
using System.IO;
using System.Management.Automation;
using TorrentPS.Peers.Listening;

namespace TorrentPS.PowerShell
{
    /// <summary>Error ids of Start-TorrentSeed and seed jobs (public surface: they never change once shipped), and their progress bars.</summary>
    internal static class SeedErrors
    {
        public const string SeedFailed = "SeedFailed";
        public const string NoDataToSeed = "NoDataToSeed";
        public const string SeedDataNotFound = "SeedDataNotFound";
        public const string CannotListen = "CannotListen";

        /// <summary>Why seeding ended in Failed, with the id and category that say what kind of failure it was.</summary>
        public static ErrorRecord ForJobFailure(Exception error, TorrentInfo torrent) => error switch
        {
            TorrentSeedException _ => new ErrorRecord(error, NoDataToSeed, ErrorCategory.ObjectNotFound, torrent),
            PeerListenerException _ => new ErrorRecord(error, CannotListen, ErrorCategory.ResourceUnavailable, torrent),
            StorageException { Kind: StorageErrorKind.AccessDenied } => new ErrorRecord(error, SeedFailed, ErrorCategory.PermissionDenied, torrent),
            StorageException _ => new ErrorRecord(error, SeedFailed, ErrorCategory.ReadError, torrent),
            UnauthorizedAccessException _ => new ErrorRecord(error, SeedFailed, ErrorCategory.PermissionDenied, torrent),
            IOException _ => new ErrorRecord(error, SeedFailed, ErrorCategory.ReadError, torrent),
            _ => new ErrorRecord(error, SeedFailed, ErrorCategory.NotSpecified, torrent),
        };
    }
}
