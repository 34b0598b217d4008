using System;

namespace TorrentPS.Jobs
{
    /// <summary>
    /// Where a job core reports. The PowerShell adapter writes these into the job's thread-safe collections;
    /// tests record them. Calls may come from any thread, but never concurrently for one job.
    /// </summary>
    public interface ITorrentJobSink<in TResult>
    {
        void Output(TResult result);

        void Error(Exception error);

        /// <summary>A progress snapshot; <paramref name="final"/> is true once, for the record that closes the bar.</summary>
        void Progress(TorrentStatus status, bool final);

        void StateChanged(TorrentJobState state);
    }
}
