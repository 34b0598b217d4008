using System.Management.Automation;
using TorrentPS.Jobs;

namespace TorrentPS.PowerShell
{
    /// <summary>Copies the engine's PowerShell-free progress view into PowerShell's ProgressRecord.</summary>
    internal static class ProgressRecords
    {
        public static ProgressRecord From(int activityId, TorrentStatus status, bool completed)
        {
            TorrentProgressRecord view = TorrentProgressRecord.From(activityId, status, completed);
            return new ProgressRecord(view.ActivityId, view.Activity, view.StatusDescription)
            {
                CurrentOperation = view.CurrentOperation,
                PercentComplete = view.PercentComplete,
                SecondsRemaining = view.SecondsRemaining,
                RecordType = view.IsCompleted ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
        }
    }
}
