using System.Diagnostics;
using System.Globalization;
using TorrentPS.Interop.Tests.Support;
using TorrentPS.Peers;

namespace TorrentPS.Interop.Tests.Cli;

/// <summary>
/// A real aria2c seeding a torrent on 127.0.0.1 for `torrentps download` (settings from docs/real-peers.md:
/// no tracker, DHT, LPD or PEX), optionally with an upload limit so a test can interrupt a download midway.
/// <see cref="StartAsync"/> returns once aria2 says it has every piece, because the session would otherwise
/// wait its reconnect delay after a refused first connection.
/// </summary>
public sealed class DownloadSeeder : IDisposable
{
    private readonly BackgroundProcess _process;

    private DownloadSeeder(BackgroundProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:port", the form --peer takes.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public string Output => _process.Output;

    /// <param name="uploadLimit">aria2's --max-upload-limit (such as "200K"); null for none.</param>
    public static async Task<DownloadSeeder> StartAsync(string torrentPath, string dataFolder, string? uploadLimit = null)
    {
        string aria2c = ExternalTool.Require("aria2c", "aria2");
        int port = FreePort.Tcp();
        var arguments = new List<string>
        {
            "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--bt-exclude-tracker=*", "--interface=127.0.0.1", "--listen-port=" + port.ToString(CultureInfo.InvariantCulture),
            "--seed-ratio=0", "--check-integrity=true", "--file-allocation=none", "--summary-interval=0",
            "--console-log-level=warn", "--no-conf=true", "--dir=" + dataFolder,
        };
        if (uploadLimit is not null)
        {
            arguments.Add("--max-upload-limit=" + uploadLimit);
        }

        arguments.Add(torrentPath);
        var seeder = new DownloadSeeder(BackgroundProcess.Start(aria2c, arguments), port);
        try
        {
            await seeder.WaitUntilSeedingAsync(TorrentInfo.LoadFile(torrentPath));
            return seeder;
        }
        catch
        {
            seeder.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();

    private async Task WaitUntilSeedingAsync(TorrentInfo torrent)
    {
        var probe = new PeerProbe(new PeerProbeOptions { Timeout = TimeSpan.FromSeconds(5), AvailabilityWait = TimeSpan.FromSeconds(5) });
        var target = new PeerProbeTarget("127.0.0.1", Port, "manual");
        byte[] peerId = PeerIdGenerator.Generate();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            PeerProbeResult result = (await probe.ProbeAsync(torrent.InfoHash, peerId, torrent.PieceCount, new[] { target })).Single();
            if (result.PercentComplete == 100.0)
            {
                return;
            }

            if (_process.HasExited || clock.Elapsed > InteropSettings.ProcessTimeout)
            {
                throw new InvalidOperationException($"aria2c never seeded {torrent.Name} on port {Port}: {result}\n{_process.Output}");
            }

            await Task.Delay(100);
        }
    }
}
