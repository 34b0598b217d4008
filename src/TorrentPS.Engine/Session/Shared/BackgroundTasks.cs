using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace TorrentPS.Session
{
    /// <summary>
    /// The tasks a session starts and does not await (connections, tracker updaters), kept so that its graceful
    /// stop can wait for them, within a bound. Thread-safe; completed tasks are dropped as new ones come.
    /// </summary>
    internal sealed class BackgroundTasks
    {
        private readonly object _gate = new object();
        private readonly List<Task> _tasks = new List<Task>();

        public void Track(Task task)
        {
            lock (_gate)
            {
                _tasks.RemoveAll(t => t.IsCompleted);
                _tasks.Add(task);
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _tasks.Clear();
            }
        }

        /// <summary>Waits until every task tracked so far has ended, or until <paramref name="bound"/> has passed.</summary>
        public async Task WaitAsync(TimeSpan bound)
        {
            Task[] tasks;
            lock (_gate)
            {
                tasks = _tasks.ToArray();
            }

            await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(bound)).ConfigureAwait(false);
        }
    }
}
