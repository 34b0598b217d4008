using System.Globalization;
using System.Text.Json;
using TorrentPS.Interop.Tests.Download;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Seeding;

/// <summary>Third-party clients downloading a torrent into a fresh folder on 127.0.0.1 (real-peers.md's switches).</summary>
public static class Leechers
{
    private const string LibtorrentScript = """
        import json, sys, time
        import libtorrent as lt
        options = json.loads(sys.argv[1])
        session = lt.session({
            "listen_interfaces": "127.0.0.1:%d" % options["port"],
            "outgoing_interfaces": "127.0.0.1",
            "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
            "enable_incoming_utp": False, "enable_outgoing_utp": False,
            "allow_multiple_connections_per_ip": True,
        })
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(options["torrent"])
        params.save_path = options["out"]
        handle = session.add_torrent(params)
        deadline = time.time() + options["timeout"]
        last_dial = 0
        while time.time() < deadline:
            status = handle.status()
            if status.is_seeding:
                print("complete", flush=True)
                sys.exit(0)
            if status.num_peers == 0 and time.time() - last_dial > 1:
                handle.connect_peer(("127.0.0.1", options["seeder"]))
                last_dial = time.time()
            time.sleep(0.1)
        status = handle.status()
        print("timed out: %s, %.3f done, %d peers" % (status.state, status.progress, status.num_peers), flush=True)
        sys.exit(1)
        """;

    /// <summary>aria2c finds the seeder through the torrent's tracker, downloads, and exits (0 when complete).</summary>
    public static async Task<ProcessResult> Aria2Async(SeedContent content, string output)
    {
        string program = ExternalTool.Require("aria2c", "aria2");
        Directory.CreateDirectory(output);
        return await ProcessRunner.RunAsync(program, new[]
        {
            "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--interface=127.0.0.1", $"--listen-port={FreePort.Tcp()}", "--seed-time=0", "--file-allocation=none",
            "--summary-interval=0", "--console-log-level=warn", $"--dir={output}", content.TorrentPath,
        });
    }

    /// <summary>python3-libtorrent dials the seeder itself (connect_peer) and exits 0 once it has everything.</summary>
    public static async Task<ProcessResult> LibtorrentAsync(SeedContent content, string output, int seederPort)
    {
        await LibtorrentPython.RequireAsync();
        Directory.CreateDirectory(output);
        string options = JsonSerializer.Serialize(new
        {
            port = FreePort.Tcp(),
            torrent = content.TorrentPath,
            @out = output,
            seeder = seederPort,
            timeout = (int)InteropSettings.ProcessTimeout.TotalSeconds,
        });
        return await ProcessRunner.RunAsync(
            "/usr/bin/python3",
            new[] { "-c", LibtorrentScript, options },
            environment: new Dictionary<string, string> { ["PYTHONUTF8"] = "1", ["PYTHONIOENCODING"] = "utf-8" });
    }

    /// <summary>
    /// transmission-cli listening on <paramref name="port"/> for the seeder to dial it (it ignores loopback peers
    /// from trackers). Dispose kills it; wait for <see cref="TransmissionDone"/> in its output first.
    /// </summary>
    public static BackgroundProcess StartTransmission(SeedContent content, string root, string output, int port)
    {
        string program = ExternalTool.Require("transmission-cli", "transmission-cli");
        string stdbuf = ExternalTool.Require("stdbuf", "coreutils");
        string config = Path.Combine(root, "config");
        Directory.CreateDirectory(config);
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(config, "settings.json"), $$"""
            {
              "dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
              "port-forwarding-enabled": false, "blocklist-enabled": false,
              "bind-address-ipv4": "127.0.0.1", "peer-port": {{port.ToString(CultureInfo.InvariantCulture)}},
              "encryption": 0, "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false,
              "message-level": 1
            }
            """);
        // stdbuf: its status line ends in \r, so unbuffered output is the only way to see it as it changes.
        return BackgroundProcess.Start(stdbuf, new[] { "-o0", program, "-g", config, "-w", output, "-p", port.ToString(CultureInfo.InvariantCulture), content.TorrentPath });
    }

    /// <summary>What transmission-cli's status line says once the download is complete.</summary>
    public const string TransmissionDone = "Seeding";
}
