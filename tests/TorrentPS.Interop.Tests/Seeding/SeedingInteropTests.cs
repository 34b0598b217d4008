using System.Net;
using TorrentPS.Interop.Tests.Download;
using TorrentPS.Interop.Tests.Support;
using TorrentPS.Interop.Tests.Tracking;

namespace TorrentPS.Interop.Tests.Seeding;

/// <summary>
/// aria2c, transmission and libtorrent each download a torrent from the engine's seed session on 127.0.0.1, each
/// by another road in: aria2c finds us through opentracker and dials our listener, libtorrent dials us directly,
/// and we dial transmission (which ignores loopback peers from trackers). Every copy must be byte-identical.
/// </summary>
public sealed class SeedingInteropTests : IDisposable
{
    private readonly TempDirectory _work = new("seeding-interop");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Aria2_finds_us_through_opentracker_and_downloads_everything()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "to-aria2");
        using Opentracker tracker = await Opentracker.StartAsync(content.Torrent.InfoHash);
        content = await content.AnnounceToAsync(tracker.HttpUrl);
        await using OurSeeder seeder = await OurSeeder.StartAsync(content, _work, announce: true);
        await TrackerSwarm.WaitForSeedersAsync(tracker, content.Torrent.InfoHash, 1, []);
        string output = _work.Combine("aria2-download");

        ProcessResult aria2 = await Leechers.Aria2Async(content, output);
        TorrentSeedResult result = await seeder.StopAsync();

        Assert.True(aria2.ExitCode == 0, $"{aria2}\n--- our seeder:\n{seeder.LogText}");
        content.AssertDownloadedTo(output);
        Assert.Contains("aria2", seeder.LogText, StringComparison.OrdinalIgnoreCase);
        Assert.True(result.BytesUploaded >= content.Torrent.ContentSize, result.ToString());
    }

    [Fact]
    public async Task Libtorrent_dials_our_listener_and_downloads_everything()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "to-libtorrent");
        await using OurSeeder seeder = await OurSeeder.StartAsync(content, _work);
        string output = _work.Combine("libtorrent-download");

        ProcessResult libtorrent = await Leechers.LibtorrentAsync(content, output, seeder.Port);
        TorrentSeedResult result = await seeder.StopAsync();

        Assert.True(libtorrent.ExitCode == 0, $"{libtorrent}\n--- our seeder:\n{seeder.LogText}");
        content.AssertDownloadedTo(output);
        Assert.Contains("libtorrent", seeder.LogText, StringComparison.OrdinalIgnoreCase);
        // libtorrent opens with an encrypted (MSE/PE) handshake by default: it is answered, not refused and retried.
        Assert.DoesNotContain("Handshake with", seeder.LogText);
        Assert.Equal(1, result.PeersServed);
        Assert.True(result.BytesUploaded >= content.Torrent.ContentSize, result.ToString());
    }

    [Fact]
    public async Task Transmission_is_dialled_by_us_and_downloads_everything()
    {
        SeedContent content = await SeedContent.CreateAsync(_work, "to-transmission");
        int port = FreePort.Tcp();
        string output = _work.Combine("transmission-download");
        using BackgroundProcess transmission = Leechers.StartTransmission(content, _work.Combine("transmission"), output, port);
        await using OurSeeder seeder = await OurSeeder.StartAsync(content, _work, peers: [new IPEndPoint(IPAddress.Loopback, port)]);

        try
        {
            await transmission.WaitForOutputAsync(Leechers.TransmissionDone);
        }
        catch (Exception e) when (e is TimeoutException || e is InvalidOperationException)
        {
            Assert.Fail($"{e.Message}\n--- our seeder:\n{seeder.LogText}");
        }

        TorrentSeedResult result = await seeder.StopAsync();
        DownloadedCopy.AssertIdenticalExceptEmptyFiles(content, output);
        Assert.Contains("Transmission", seeder.LogText, StringComparison.Ordinal);
        Assert.True(result.BytesUploaded >= content.Torrent.ContentSize, result.ToString());
    }
}
