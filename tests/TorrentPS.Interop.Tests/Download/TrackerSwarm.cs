using TorrentPS.Interop.Tests.Support;
using TorrentPS.Interop.Tests.Tracking;
using TorrentPS.Tracking;

namespace TorrentPS.Interop.Tests.Download;

/// <summary>Waits on opentracker's own view of a swarm: a download only finds the seeders that have announced.</summary>
public static class TrackerSwarm
{
    /// <summary>Scrapes until the tracker counts <paramref name="seeders"/> seeders; fails with their output if it never does.</summary>
    public static async Task WaitForSeedersAsync(Opentracker tracker, InfoHash infoHash, int seeders, IEnumerable<RealSeeder> processes)
    {
        using var client = new TrackerClient(new TrackerSettings { HttpTimeout = TimeSpan.FromSeconds(5) });
        DateTime deadline = DateTime.UtcNow + InteropSettings.ProcessTimeout;
        int? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            IReadOnlyList<TrackerScrapeResult> results = await client.ScrapeAsync(tracker.HttpUrl, new[] { infoHash });
            seen = results.Count == 1 ? results[0].Seeders : null;
            if (seen >= seeders)
            {
                return;
            }

            RealSeeder? dead = processes.FirstOrDefault(p => p.HasExited);
            if (dead is not null)
            {
                throw new InvalidOperationException($"{dead} exited before it announced.\n{dead.Output}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(
            $"The tracker counted {seen?.ToString() ?? "no"} seeders of {infoHash}, not {seeders}.\n"
            + string.Join("\n", processes.Select(p => $"--- {p}:\n{p.Output}")));
    }
}
