using TorrentPS.Jobs;

namespace TorrentPS.Engine.Tests.Jobs;

public class TorrentJobCoreTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static TorrentStatus Status(long done, TorrentActivity activity = TorrentActivity.Downloading) =>
        new("t", activity, done, 100, (int)done, 100, 1000, 0, 3, 5, 1, 0);

    [Fact]
    public async Task Completed_work_writes_output_then_the_final_progress_then_the_state()
    {
        var sink = new RecordingSink();
        using var job = new TorrentJobCore<string>(
            (progress, token) =>
            {
                progress.Report(Status(50));
                return Task.FromResult("done");
            },
            sink,
            TimeSpan.FromSeconds(1));

        job.Start();
        Assert.Equal(TorrentJobState.Completed, await job.Finished.WaitAsync(Wait));
        Assert.Equal(
            new[] { "state Running", "progress 50", "output done", "final 50", "state Completed" },
            sink.Events);
        Assert.Equal(50, job.Status!.BytesDone);
    }

    [Fact]
    public async Task Progress_is_throttled_but_activity_changes_always_pass()
    {
        var sink = new RecordingSink();
        TimeSpan now = TimeSpan.Zero;
        var release = new TaskCompletionSource<string>();
        IProgress<TorrentStatus>? reporter = null;
        using var job = new TorrentJobCore<string>(
            (progress, token) =>
            {
                reporter = progress;
                return release.Task;
            },
            sink,
            TimeSpan.FromSeconds(1),
            () => now);

        job.Start();
        await WaitUntil(() => reporter is not null);
        reporter!.Report(Status(1, TorrentActivity.CheckingData));
        reporter.Report(Status(2, TorrentActivity.CheckingData));
        reporter.Report(Status(3, TorrentActivity.Downloading));
        now = TimeSpan.FromMilliseconds(500);
        reporter.Report(Status(4));
        now = TimeSpan.FromMilliseconds(1600);
        reporter.Report(Status(5));
        reporter.Report(Status(6));
        release.SetResult("ok");
        await job.Finished.WaitAsync(Wait);

        Assert.Equal(new[] { "progress 1", "progress 3", "progress 5", "final 6" }, sink.Events.Where(e => e.StartsWith("progress") || e.StartsWith("final")));
        Assert.Equal(6, job.Status!.BytesDone);
    }

    [Fact]
    public async Task A_failing_run_reports_its_error_and_fails()
    {
        var sink = new RecordingSink();
        using var job = new TorrentJobCore<string>((p, t) => throw new IOException("disk full"), sink, TimeSpan.FromSeconds(1));
        job.Start();
        Assert.Equal(TorrentJobState.Failed, await job.Finished.WaitAsync(Wait));
        Assert.Equal(new[] { "state Running", "error disk full", "state Failed" }, sink.Events);
    }

    [Fact]
    public async Task Stop_cancels_gracefully_keeps_the_partial_result_and_is_idempotent()
    {
        var sink = new RecordingSink();
        using var job = new TorrentJobCore<string>(
            async (progress, token) =>
            {
                progress.Report(Status(10));
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                }

                return "partial";
            },
            sink,
            TimeSpan.FromSeconds(1));

        job.Start();
        await WaitUntil(() => job.Status is not null);
        Assert.True(job.Stop(Wait));
        Assert.True(job.Stop(Wait));
        Assert.Equal(TorrentJobState.Stopped, job.State);
        Assert.Equal(new[] { "state Running", "progress 10", "state Stopping", "output partial", "final 10", "state Stopped" }, sink.Events);
    }

    [Fact]
    public async Task Work_that_ignores_cancellation_is_abandoned_after_the_bound()
    {
        var sink = new RecordingSink();
        var never = new TaskCompletionSource<string>();
        using var job = new TorrentJobCore<string>((p, t) => never.Task, sink, TimeSpan.FromSeconds(1));
        job.Start();
        Assert.False(job.Stop(TimeSpan.FromMilliseconds(50)));
        Assert.Equal(TorrentJobState.Stopped, job.State);
        never.SetResult("late");
        await Task.Delay(100);
        Assert.DoesNotContain("output late", sink.Events);
        Assert.Equal("state Stopped", sink.Events[^1]);
    }

    [Fact]
    public async Task Suspend_stops_the_run_and_resume_runs_it_again_to_completion()
    {
        var sink = new RecordingSink();
        int runs = 0;
        using var job = new TorrentJobCore<string>(
            async (progress, token) =>
            {
                int run = Interlocked.Increment(ref runs);
                progress.Report(Status(run * 10));
                if (run == 1)
                {
                    await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);
                    progress.Report(Status(99));
                    return "first";
                }

                return "second";
            },
            sink,
            TimeSpan.Zero);

        job.Start();
        await WaitUntil(() => job.Status is not null);
        Assert.True(job.Suspend(Wait));
        Assert.Equal(TorrentJobState.Suspended, job.State);
        Assert.True(job.Suspend(Wait));

        job.Resume();
        Assert.Equal(TorrentJobState.Completed, await job.Finished.WaitAsync(Wait));
        Assert.Equal(2, runs);
        Assert.Equal(
            new[] { "state Running", "progress 10", "state Suspending", "state Suspended", "state Running", "progress 20", "output second", "final 20", "state Completed" },
            sink.Events);
    }

    [Fact]
    public void Stopping_a_suspended_or_unstarted_job_finishes_it_at_once()
    {
        var sink = new RecordingSink();
        using var job = new TorrentJobCore<string>((p, t) => Task.FromResult("x"), sink, TimeSpan.Zero);
        Assert.True(job.Stop(TimeSpan.Zero));
        Assert.Equal(TorrentJobState.Stopped, job.State);
        Assert.Throws<InvalidOperationException>(job.Start);
        Assert.Throws<InvalidOperationException>(job.Resume);
        Assert.Throws<InvalidOperationException>(() => job.Suspend(TimeSpan.Zero));
    }

    [Fact]
    public async Task A_run_that_is_cancelled_from_inside_counts_as_stopped()
    {
        var sink = new RecordingSink();
        using var job = new TorrentJobCore<string>((p, t) => throw new OperationCanceledException(), sink, TimeSpan.Zero);
        job.Start();
        Assert.Equal(TorrentJobState.Stopped, await job.Finished.WaitAsync(Wait));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class RecordingSink : ITorrentJobSink<string>
    {
        private readonly List<string> _events = new();

        public List<string> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.ToList();
                }
            }
        }

        public void Output(string result) => Add("output " + result);

        public void Error(Exception error) => Add("error " + error.Message);

        public void Progress(TorrentStatus status, bool final) => Add((final ? "final " : "progress ") + status.BytesDone);

        public void StateChanged(TorrentJobState state) => Add("state " + state);

        private void Add(string e)
        {
            lock (_events)
            {
                _events.Add(e);
            }
        }
    }
}
