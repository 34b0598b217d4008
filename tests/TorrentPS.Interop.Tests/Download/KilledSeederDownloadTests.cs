using TorrentPS.Interop.Tests.Support;
using TorrentPS.Interop.Tests.Tracking;

namespace TorrentPS.Interop.Tests.Download;

/// <summary>
/// A seeder that dies mid-download: its requests go back to the pool and the download completes from the
/// other. Both seeders trickle (512 KiB/s) so that the kill lands while data is still flowing from both.
/// </summary>
public sealed class KilledSeederDownloadTests : IDisposable
{
    private const int UploadLimit = 512 * 1024;
    private readonly TempDirectory _work = new("interop-killed-seeder");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_libtorrent_seeder_killed_mid_download_leaves_aria2_to_finish_it()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "killed-seeder");
        using Opentracker tracker = await Opentracker.StartAsync(content.Torrent.InfoHash);
        content = await content.AnnounceToAsync(tracker.HttpUrl);
        using RealSeeder doomed = await RealSeeder.LibtorrentAsync(_work, new[] { content }, UploadLimit);
        using RealSeeder survivor = RealSeeder.Aria2(_work, new[] { content }, UploadLimit);
        await TrackerSwarm.WaitForSeedersAsync(tracker, content.Torrent.InfoHash, 2, new[] { doomed, survivor });

        var download = new InteropDownload(content, _work);
        Task? kill = null;
        long bytesAtKill = 0;
        TorrentDownloadResult result = await download.RunAsync(status =>
        {
            // Once a quarter is in (from both, by then), as a crash: no goodbye on the wire.
            if (kill is null && status.Activity == TorrentActivity.Downloading && status.BytesDone >= status.BytesTotal / 4 && download.ConnectedTo("aria2") && download.ConnectedTo("libtorrent"))
            {
                bytesAtKill = status.BytesDone;
                kill = Task.Run(doomed.Kill);
            }
        });

        Assert.NotNull(kill);
        await kill;
        Assert.True(doomed.HasExited);
        download.AssertComplete(result);
        Assert.True(bytesAtKill < content.Torrent.TotalSize, "the seeder was killed only after the download was complete");
        Assert.Equal(2, result.PeersUsed);
        Assert.Contains(download.Log, line => line.Contains($":{doomed.Port}: disconnected", StringComparison.Ordinal));
    }
}
