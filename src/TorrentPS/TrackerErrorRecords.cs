using System;
using System.Management.Automation;
using TorrentPS.Tracking.Hosting;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// The error ids of the tracker cmdlets and the records built from them. Like <see cref="ErrorRecords"/>, the
    /// ids are public surface that scripts match on, so they never change once shipped.
    /// </summary>
    internal static class TrackerErrorRecords
    {
        public const string TrackerAnnounceFailed = "TrackerAnnounceFailed";
        public const string TrackerScrapeFailed = "TrackerScrapeFailed";
        public const string NoTracker = "NoTracker";
        public const string InvalidInfoHash = "InvalidInfoHash";

        /// <summary>One tracker did not answer an announce; the target is the tracker's URL.</summary>
        public static ErrorRecord AnnounceFailed(TrackerAnnounceResult result)
            => Failed(result.Tracker, result.Error, result.Exception, TrackerFailures.Classify(result), TrackerAnnounceFailed);

        /// <summary>
        /// Reports what an announce said besides its peers, alike in every cmdlet that announces: a failure as a
        /// non-terminating TrackerAnnounceFailed error, the tracker's warning message as a warning naming the tracker.
        /// </summary>
        public static void WriteProblems(Cmdlet cmdlet, TrackerAnnounceResult result)
        {
            if (!result.IsSuccess)
            {
                cmdlet.WriteError(AnnounceFailed(result));
            }
            else if (result.Warning != null)
            {
                cmdlet.WriteWarning($"{result.Tracker}: {result.Warning}");
            }
        }

        /// <summary>One tracker did not answer a scrape; the target is the tracker's URL.</summary>
        public static ErrorRecord ScrapeFailed(TrackerScrapeResult result)
            => Failed(result.Tracker, result.Error, result.Exception, TrackerFailures.Classify(result), TrackerScrapeFailed);

        /// <summary>The input names no tracker and none was given with -Tracker.</summary>
        public static ErrorRecord NoTrackerFor(TrackerTarget target)
        {
            var error = new ArgumentException($"{target} names no tracker (DHT or web seeds only, or a bare info-hash); give one with -Tracker.");
            return ErrorRecords.Create(error, NoTracker, ErrorCategory.InvalidArgument, target.Source);
        }

        public static ErrorRecord BadInfoHash(string text)
        {
            var error = new ArgumentException($"'{text}' is not an info-hash: expected 40 hexadecimal or 32 base32 characters.");
            return ErrorRecords.Create(error, InvalidInfoHash, ErrorCategory.InvalidArgument, text);
        }

        /// <summary>The category a script can act on: is the tracker down, slow, or saying something we cannot use?</summary>
        public static ErrorCategory CategoryOf(TrackerFailureKind kind) => kind switch
        {
            TrackerFailureKind.Connection => ErrorCategory.ConnectionError,
            TrackerFailureKind.Timeout => ErrorCategory.OperationTimeout,
            TrackerFailureKind.InvalidUrl => ErrorCategory.InvalidArgument,
            _ => ErrorCategory.ProtocolError,
        };

        private static ErrorRecord Failed(string tracker, string? error, Exception? exception, TrackerFailureKind kind, string errorId)
        {
            Exception cause = exception ?? new TrackerException(tracker, error ?? "no usable answer.");
            return ErrorRecords.Create(cause, errorId, CategoryOf(kind), tracker);
        }
    }
}
