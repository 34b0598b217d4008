using System.Globalization;
using System.Text.Json;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Creation;

/// <summary>What libtorrent's own data check says about a torrent and a download folder.</summary>
public sealed record LibtorrentCheck(string State, bool IsSeeding, int NumPieces, int TotalPieces, string InfoHash);

/// <summary>
/// Third-party clients checking a torrent's data: libtorrent (add_torrent with save_path, wait for the check),
/// aria2c (--check-integrity with no peers: it completes only if every piece verifies) and transmission-cli
/// (-v: it says "Seeding" only when every piece verifies). All on loopback with DHT, LPD, PEX and UPnP off.
/// </summary>
public static class ThirdPartyChecks
{
    private const string LibtorrentScript = """
        import json, sys, time
        import libtorrent as lt
        torrent, save = sys.argv[1], sys.argv[2]
        session = lt.session({
            "listen_interfaces": "127.0.0.1:0", "outgoing_interfaces": "127.0.0.1",
            "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
            "enable_incoming_utp": False, "enable_outgoing_utp": False,
        })
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(torrent)
        params.save_path = save
        params.flags &= ~lt.torrent_flags.paused
        handle = session.add_torrent(params)
        checking = (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)
        deadline = time.time() + 60
        status = handle.status()
        while status.state in checking:
            if time.time() > deadline:
                sys.exit("still %s after 60 s" % status.state)
            time.sleep(0.05)
            status = handle.status()
        print(json.dumps({"state": str(status.state), "isSeeding": status.is_seeding, "numPieces": status.num_pieces,
                          "totalPieces": params.ti.num_pieces(), "infoHash": str(params.ti.info_hashes().v1)}))
        """;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public static async Task<LibtorrentCheck> LibtorrentAsync(string torrentPath, string downloadFolder)
    {
        string json = await LibtorrentPython.RunAsync(LibtorrentScript, torrentPath, downloadFolder);
        return JsonSerializer.Deserialize<LibtorrentCheck>(json, JsonOptions)
            ?? throw new InvalidOperationException($"libtorrent printed no check result: {json}");
    }

    /// <summary>
    /// aria2c with no tracker, DHT or peers: it finishes (exit 0, "Download complete") only when the integrity
    /// check finds every piece; otherwise it has nothing to download from and --bt-stop-timeout ends it (exit 7).
    /// </summary>
    public static Task<ProcessResult> Aria2Async(string torrentPath, string downloadFolder)
    {
        string aria2c = ExternalTool.Require("aria2c", "aria2");
        return ProcessRunner.RunAsync(aria2c, new[]
        {
            "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--bt-exclude-tracker=*", "--interface=127.0.0.1", "--listen-port=" + FreePort.Tcp().ToString(CultureInfo.InvariantCulture),
            "--check-integrity=true", "--seed-ratio=0", "--seed-time=0", "--bt-stop-timeout=2",
            "--file-allocation=none", "--summary-interval=0", "--console-log-level=notice", "--enable-color=false", "--no-conf=true",
            "--dir=" + downloadFolder, torrentPath,
        });
    }

    /// <summary>
    /// transmission-cli -v: verifies, then prints a status line every second ("Seeding, ..." when every piece is
    /// good, "Progress: N%, ..." when not). stdout is unbuffered through stdbuf because the line ends in \r.
    /// Returns the first status line. It can quit by itself while it pauses to verify; then it is started again.
    /// </summary>
    public static async Task<string> TransmissionAsync(TempDirectory work, string torrentPath, string downloadFolder)
    {
        string program = ExternalTool.Require("transmission-cli", "transmission-cli");
        string stdbuf = ExternalTool.Require("stdbuf", "coreutils");
        for (int attempt = 1; ; attempt++)
        {
            string config = work.Combine("transmission-" + Guid.NewGuid().ToString("N"), "config");
            Directory.CreateDirectory(config);
            int port = FreePort.Tcp();
            File.WriteAllText(Path.Combine(config, "settings.json"), $$"""
                {
                  "dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
                  "port-forwarding-enabled": false, "blocklist-enabled": false,
                  "bind-address-ipv4": "127.0.0.1", "peer-port": {{port.ToString(CultureInfo.InvariantCulture)}},
                  "encryption": 0, "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false, "message-level": 1
                }
                """);
            using BackgroundProcess process = BackgroundProcess.Start(
                stdbuf, new[] { "-o0", program, "-g", config, "-w", downloadFolder, "-p", port.ToString(CultureInfo.InvariantCulture), "-et", "-v", torrentPath });
            try
            {
                await WaitForStatusAsync(process);
            }
            catch (InvalidOperationException) when (attempt < 5 && process.HasExited)
            {
                continue;
            }

            return process.Output.Split('\n').Select(line => line.Trim()).First(line => line.StartsWith("Seeding", StringComparison.Ordinal) || line.StartsWith("Progress:", StringComparison.Ordinal));
        }
    }

    private static async Task WaitForStatusAsync(BackgroundProcess process)
    {
        // Whichever status line comes first is the verdict.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string output = process.Output;
            if (output.Contains("Seeding", StringComparison.Ordinal) || output.Contains("Progress:", StringComparison.Ordinal))
            {
                return;
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"`{process.Command}` exited before printing a status line.\n{output}");
            }

            if (clock.Elapsed > InteropSettings.ProcessTimeout)
            {
                throw new TimeoutException($"`{process.Command}` printed no status line within {InteropSettings.ProcessTimeout.TotalSeconds:0} s.\n{output}");
            }

            await Task.Delay(50);
        }
    }
}
