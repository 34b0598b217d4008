using System.Globalization;
using System.Text.Json;
using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Download;

/// <summary>python3-libtorrent as a long-running seeder (the system interpreter: that is where apt installs the binding).</summary>
public static class LibtorrentScripts
{
    private const string SeederScript = """
        import json, sys, time
        import libtorrent as lt
        options = json.loads(sys.argv[1])
        settings = lt.high_performance_seed()
        settings.update({
            "listen_interfaces": "127.0.0.1:%d" % options["port"],
            "outgoing_interfaces": "127.0.0.1",
            "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
            "enable_incoming_utp": False, "enable_outgoing_utp": False,
            "allow_multiple_connections_per_ip": True,
            "upload_rate_limit": 0, "unchoke_slots_limit": -1,
        })
        session = lt.session(settings)
        handles = []
        for path in options["torrents"]:
            params = lt.add_torrent_params()
            params.ti = lt.torrent_info(path)
            params.save_path = options["data"]
            handle = session.add_torrent(params)
            if options["uploadLimit"] > 0:
                handle.set_upload_limit(options["uploadLimit"])
            handles.append(handle)
        waiting = list(handles)
        while True:
            for handle in list(waiting):
                status = handle.status()
                if status.is_seeding:
                    waiting.remove(handle)
                    print("seeding", status.name, flush=True)
            time.sleep(0.1)
        """;

    public static async Task<BackgroundProcess> StartSeederAsync(int port, string dataFolder, IEnumerable<string> torrents, int uploadLimitBytesPerSecond)
    {
        await LibtorrentPython.RequireAsync();
        string options = JsonSerializer.Serialize(new
        {
            port,
            data = dataFolder,
            torrents = torrents.ToArray(),
            uploadLimit = uploadLimitBytesPerSecond,
        });
        return BackgroundProcess.Start(
            "/usr/bin/python3",
            new[] { "-c", SeederScript, options },
            environment: new Dictionary<string, string> { ["PYTHONUTF8"] = "1", ["PYTHONIOENCODING"] = "utf-8" });
    }
}
