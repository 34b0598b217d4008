using TorrentPS.Interop.Tests.Support;
using TorrentPS.Interop.Tests.Tracking;

namespace TorrentPS.Interop.Tests.Download;

/// <summary>
/// One opentracker and the three real seeders, started once for the download tests because transmission
/// takes seconds to start. Four torrents of the same bytes (different names, so different info-hashes)
/// make four separate swarms: one per client seeding alone, and one that all three seed together.
/// </summary>
public sealed class RealSwarmFixture : IAsyncLifetime
{
    private const int TogetherUploadLimit = 512 * 1024;
    private readonly List<RealSeeder> _seeders = new();

    public TempDirectory Work { get; } = new("interop-download");

    public Opentracker Tracker { get; private set; } = null!;

    public SeedContent Aria2Alone { get; private set; } = null!;

    public SeedContent TransmissionAlone { get; private set; } = null!;

    public SeedContent LibtorrentAlone { get; private set; } = null!;

    public SeedContent AllThree { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        SeedContent[] contents =
        {
            await SeedContent.CreateAsync(Work, "aria2-alone"),
            await SeedContent.CreateAsync(Work, "transmission-alone"),
            await SeedContent.CreateAsync(Work, "libtorrent-alone"),
            await SeedContent.CreateAsync(Work, "all-three"),
        };
        Tracker = await Opentracker.StartAsync(contents.Select(c => c.Torrent.InfoHash).ToArray());
        for (int i = 0; i < contents.Length; i++)
        {
            contents[i] = await contents[i].AnnounceToAsync(Tracker.HttpUrl);
        }

        (Aria2Alone, TransmissionAlone, LibtorrentAlone, AllThree) = (contents[0], contents[1], contents[2], contents[3]);

        // Together, aria2 and libtorrent are held to a trickle so the download lasts long enough to meet all three.
        _seeders.Add(RealSeeder.Aria2(Work, new[] { Aria2Alone }));
        _seeders.Add(RealSeeder.Aria2(Work, new[] { AllThree }, TogetherUploadLimit));
        _seeders.Add(await RealSeeder.LibtorrentAsync(Work, new[] { LibtorrentAlone }));
        _seeders.Add(await RealSeeder.LibtorrentAsync(Work, new[] { AllThree }, TogetherUploadLimit));
        Task<RealSeeder>[] transmissions = { RealSeeder.TransmissionAsync(Work, TransmissionAlone), RealSeeder.TransmissionAsync(Work, AllThree) };
        try
        {
            await Task.WhenAll(transmissions);
        }
        finally
        {
            // Kept for Dispose even when the other one failed to start.
            _seeders.AddRange(transmissions.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }


        await Task.WhenAll(
            TrackerSwarm.WaitForSeedersAsync(Tracker, Aria2Alone.Torrent.InfoHash, 1, _seeders),
            TrackerSwarm.WaitForSeedersAsync(Tracker, TransmissionAlone.Torrent.InfoHash, 1, _seeders),
            TrackerSwarm.WaitForSeedersAsync(Tracker, LibtorrentAlone.Torrent.InfoHash, 1, _seeders),
            TrackerSwarm.WaitForSeedersAsync(Tracker, AllThree.Torrent.InfoHash, 3, _seeders));
    }

    public Task DisposeAsync()
    {
        foreach (RealSeeder seeder in _seeders)
        {
            seeder.Dispose();
        }

        Tracker?.Dispose();
        Work.Dispose();
        return Task.CompletedTask;
    }
}
