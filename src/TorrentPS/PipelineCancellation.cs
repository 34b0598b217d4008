using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.PowerShell
{
    /// <summary>
    /// Runs engine tasks for a cmdlet: the cmdlet waits on the pipeline thread (so every Write* stays there),
    /// and Ctrl+C (StopProcessing, on another thread) cancels the engine's token, which ends the wait.
    /// </summary>
    internal sealed class PipelineCancellation : IDisposable
    {
        private readonly CancellationTokenSource _source = new CancellationTokenSource();
        private bool _disposed;

        public CancellationToken Token => _source.Token;

        /// <summary>Called from StopProcessing: quick, and never throws.</summary>
        public void Cancel()
        {
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The command finished while Ctrl+C was on its way.
            }
        }

        /// <summary>Blocks the pipeline thread until <paramref name="task"/> ends; a cancelled task stops the pipeline.</summary>
        public T Wait<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_source.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _source.Dispose();
            }
        }
    }
}
