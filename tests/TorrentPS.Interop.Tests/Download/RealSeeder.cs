using System.Globalization;
using System.Net;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Download;

/// <summary>
/// A third-party client seeding on 127.0.0.1 from a data folder of its own, announcing to the torrents'
/// tracker. Dispose kills it; <see cref="Kill"/> does so early (a seeder that dies mid-download).
/// </summary>
public sealed class RealSeeder : IDisposable
{
    private readonly BackgroundProcess _process;

    private RealSeeder(string client, int port, BackgroundProcess process)
    {
        Client = client;
        Port = port;
        _process = process;
    }

    /// <summary>"aria2", "Transmission" or "libtorrent": how the peer id decoder names it in the session's log.</summary>
    public string Client { get; }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    /// <summary>aria2c seeding every torrent given, after checking the data (real-peers.md's switches).</summary>
    public static RealSeeder Aria2(TempDirectory work, IReadOnlyList<SeedContent> contents, int? uploadLimitBytesPerSecond = null)
    {
        string program = ExternalTool.Require("aria2c", "aria2");
        string data = work.Combine("aria2-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        int port = FreePort.Tcp();
        var arguments = new List<string>
        {
            "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--interface=127.0.0.1", $"--listen-port={port}", "--seed-ratio=0", "--check-integrity=true",
            "--file-allocation=none", "--summary-interval=0", "--console-log-level=warn", $"--dir={data}",
            $"--max-concurrent-downloads={contents.Count}",
        };
        if (uploadLimitBytesPerSecond is int limit)
        {
            arguments.Add($"--max-upload-limit={limit}");
        }

        foreach (SeedContent content in contents)
        {
            content.CopyTo(data);
            arguments.Add(content.TorrentPath);
        }

        return new RealSeeder("aria2", port, BackgroundProcess.Start(program, arguments));
    }

    /// <summary>
    /// transmission-cli (one torrent per process), told to verify the data so that it seeds. It pauses the
    /// torrent to verify it, and its main loop quits (exit 0) if it looks during that pause, so a start that
    /// ends before it says "Seeding" is simply tried again. stdout is unbuffered: its status line ends in \r.
    /// </summary>
    public static async Task<RealSeeder> TransmissionAsync(TempDirectory work, SeedContent content)
    {
        string program = ExternalTool.Require("transmission-cli", "transmission-cli");
        string stdbuf = ExternalTool.Require("stdbuf", "coreutils");
        string root = work.Combine("transmission-" + Guid.NewGuid().ToString("N"));
        string config = Path.Combine(root, "config");
        string data = Path.Combine(root, "data");
        Directory.CreateDirectory(config);
        Directory.CreateDirectory(data);
        content.CopyTo(data);
        int port = FreePort.Tcp();
        File.WriteAllText(Path.Combine(config, "settings.json"), $$"""
            {
              "dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
              "port-forwarding-enabled": false, "blocklist-enabled": false,
              "bind-address-ipv4": "127.0.0.1", "peer-port": {{port.ToString(CultureInfo.InvariantCulture)}},
              "encryption": 0, "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false,
              "speed-limit-up-enabled": false, "message-level": 1
            }
            """);
        string[] arguments = { "-o0", program, "-g", config, "-w", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-et", "-v", content.TorrentPath };
        for (int attempt = 1; ; attempt++)
        {
            BackgroundProcess process = BackgroundProcess.Start(stdbuf, arguments);
            try
            {
                await process.WaitForOutputAsync("Seeding");
                return new RealSeeder("Transmission", port, process);
            }
            catch (InvalidOperationException) when (attempt < 5 && process.HasExited)
            {
                process.Dispose();
            }
            catch
            {
                process.Dispose();
                throw;
            }
        }
    }

    /// <summary>python3-libtorrent seeding every torrent given, with the loopback settings of real-peers.md.</summary>
    public static async Task<RealSeeder> LibtorrentAsync(TempDirectory work, IReadOnlyList<SeedContent> contents, int? uploadLimitBytesPerSecond = null)
    {
        string data = work.Combine("libtorrent-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        int port = FreePort.Tcp();
        foreach (SeedContent content in contents)
        {
            content.CopyTo(data);
        }

        BackgroundProcess process = await LibtorrentScripts.StartSeederAsync(port, data, contents.Select(c => c.TorrentPath), uploadLimitBytesPerSecond ?? 0);
        return new RealSeeder("libtorrent", port, process);
    }

    /// <summary>Kills the client at once, as a crash would: its connections end without goodbye.</summary>
    public void Kill() => _process.Stop();

    public void Dispose() => _process.Dispose();

    public override string ToString() => $"{Client} on {EndPoint}";
}
