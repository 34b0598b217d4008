using TorrentPS.Storage;
using TorrentPS.Tracking;

namespace TorrentPS.Interop.Tests.Download;

/// <summary>
/// The engine's download session against aria2c, transmission and libtorrent seeders on loopback, finding
/// them through a real opentracker: each client alone, then all three at once. Every download must be
/// byte-identical to the source.
/// </summary>
public sealed class RealSeederDownloadTests(RealSwarmFixture swarm) : IClassFixture<RealSwarmFixture>
{
    [Fact]
    public async Task Downloads_from_an_aria2_seeder_alone()
    {
        var download = new InteropDownload(swarm.Aria2Alone, swarm.Work);

        TorrentDownloadResult result = await download.RunAsync();

        download.AssertComplete(result);
        Assert.True(download.ConnectedTo("aria2"), download.LogText);
        Assert.Equal(1, result.PeersUsed);
    }

    [Fact]
    public async Task Downloads_from_a_transmission_seeder_alone()
    {
        var download = new InteropDownload(swarm.TransmissionAlone, swarm.Work);

        TorrentDownloadResult result = await download.RunAsync();

        download.AssertComplete(result);
        Assert.True(download.ConnectedTo("Transmission"), download.LogText);
        Assert.Equal(1, result.PeersUsed);
    }

    [Fact]
    public async Task Downloads_from_a_libtorrent_seeder_alone_and_tells_the_tracker_it_stopped()
    {
        var download = new InteropDownload(swarm.LibtorrentAlone, swarm.Work);

        TorrentDownloadResult result = await download.RunAsync();

        download.AssertComplete(result);
        Assert.True(download.ConnectedTo("libtorrent"), download.LogText);
        Assert.Equal(1, result.PeersUsed);

        // We announced (started, then completed); after `stopped` the tracker counts only the seeder again.
        using var client = new TrackerClient();
        TrackerScrapeResult scrape = Assert.Single(await client.ScrapeAsync(swarm.Tracker.HttpUrl, new[] { swarm.LibtorrentAlone.Torrent.InfoHash }));
        Assert.Equal(1, scrape.Seeders);
        Assert.Equal(0, scrape.Leechers);
        Assert.Equal(1, scrape.Completed);
    }

    [Fact]
    public async Task Downloads_from_aria2_transmission_and_libtorrent_together()
    {
        var download = new InteropDownload(swarm.AllThree, swarm.Work);

        TorrentDownloadResult result = await download.RunAsync();

        download.AssertComplete(result);
        Assert.All(new[] { "aria2", "Transmission", "libtorrent" }, client => Assert.True(download.ConnectedTo(client), $"no connection to {client}:\n{download.LogText}"));
        Assert.True(result.PeersUsed >= 2, $"data came from {result.PeersUsed} peer(s):\n{download.LogText}");
    }

    [Fact]
    public async Task Cancelling_mid_download_stops_gracefully_and_the_next_run_finishes_from_the_resume_data()
    {
        var download = new InteropDownload(swarm.AllThree, swarm.Work);
        using var cancel = new CancellationTokenSource();

        TorrentDownloadResult stopped = await download.RunAsync(
            status =>
            {
                if (status.Activity == TorrentActivity.Downloading && status.BytesDone >= status.BytesTotal / 4 && !cancel.IsCancellationRequested)
                {
                    cancel.Cancel();
                }
            },
            cancel.Token);

        Assert.False(stopped.IsComplete, download.LogText);
        Assert.InRange(stopped.PiecesVerified, 1, swarm.AllThree.Torrent.PieceCount - 1);
        // Every connection was closed by the stop (each logs how it ended), and the tracker heard "stopped".
        Assert.Equal(
            download.Log.Count(line => line.Contains(": connected to ", StringComparison.Ordinal)),
            download.Log.Count(line => line.Contains("closed as the session stops", StringComparison.Ordinal) || line.Contains(": disconnected (", StringComparison.Ordinal)));
        using (var client = new TrackerClient())
        {
            TrackerScrapeResult scrape = Assert.Single(await client.ScrapeAsync(swarm.Tracker.HttpUrl, new[] { swarm.AllThree.Torrent.InfoHash }));
            Assert.Equal(0, scrape.Leechers);
        }

        ResumeLoadResult resume = ResumeStore.ForDestination(download.Destination).Load(swarm.AllThree.Torrent, download.Destination);
        Assert.Equal(ResumeLoadStatus.Loaded, resume.Status);
        Assert.Equal(stopped.PiecesVerified, resume.Data!.VerifiedPieces.Count);

        TorrentDownloadResult finished = await download.RunAsync();

        download.AssertComplete(finished);
        Assert.True(
            finished.BytesDownloaded < swarm.AllThree.Torrent.TotalSize,
            $"the second run fetched {finished.BytesDownloaded} bytes: the verified pieces were fetched again");
    }
}
