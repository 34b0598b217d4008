using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Carries an engine task's progress reports (made on worker threads) to the pipeline thread, the only one
    /// allowed to call WriteProgress: the pipeline thread writes each report as it comes and returns the task's
    /// result when it ends. Ctrl+C cancels through <see cref="PipelineCancellation"/>, which stops the pipeline.
    /// </summary>
    internal sealed class ProgressPump<TProgress> : IProgress<TProgress>, IDisposable
        where TProgress : class
    {
        private readonly BlockingCollection<TProgress> _reports = new BlockingCollection<TProgress>();

        public void Report(TProgress value)
        {
            try
            {
                _reports.TryAdd(value);
            }
            catch (InvalidOperationException)
            {
                // A report racing the end of the task: the final result says it all.
            }
        }

        /// <summary>Blocks the pipeline thread until <paramref name="task"/> ends, calling <paramref name="write"/> for each report on it.</summary>
        public T Run<T>(Task<T> task, Action<TProgress> write, PipelineCancellation cancellation)
        {
            task.ContinueWith(_ => _reports.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                foreach (TProgress report in _reports.GetConsumingEnumerable(cancellation.Token))
                {
                    write(report);
                }
            }
            catch (OperationCanceledException) when (cancellation.Token.IsCancellationRequested)
            {
                // Ctrl+C: the engine has the same token; waiting on the task below turns its end into a pipeline stop.
            }

            return cancellation.Wait(task);
        }

        public void Dispose() => _reports.Dispose();
    }
}
