using TorrentPS.Interop.Tests.Support;

namespace TorrentPS.Interop.Tests.Peers;

/// <summary>
/// python3-libtorrent seeding one file on 127.0.0.1: the script makes a v1 torrent of the file, checks it,
/// prints READY once it is seeding and stops when its stdin closes (when the test disposes it).
/// </summary>
public static class LibtorrentSeeder
{
    private const string Script = """
        import os, sys, time
        import libtorrent as lt
        content, torrent_path, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
        fs = lt.file_storage()
        lt.add_files(fs, content)
        ct = lt.create_torrent(fs, 32768, flags=lt.create_torrent.v1_only)
        lt.set_piece_hashes(ct, os.path.dirname(content))
        with open(torrent_path, "wb") as f:
            f.write(lt.bencode(ct.generate()))
        settings = lt.high_performance_seed()
        settings.update({
            "listen_interfaces": "127.0.0.1:%d" % port,
            "outgoing_interfaces": "127.0.0.1",
            "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
            "enable_incoming_utp": False, "enable_outgoing_utp": False,
            "allow_multiple_connections_per_ip": True,
            "upload_rate_limit": 0, "unchoke_slots_limit": -1,
        })
        session = lt.session(settings)
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(torrent_path)
        params.save_path = os.path.dirname(content)
        handle = session.add_torrent(params)
        deadline = time.time() + 60
        while not handle.status().is_seeding:
            if time.time() > deadline:
                print("NOT SEEDING: %s" % handle.status().state, flush=True)
                sys.exit(1)
            time.sleep(0.05)
        print("READY", flush=True)
        sys.stdin.read()
        """;

    /// <summary>Starts seeding <paramref name="content"/>; the torrent is written to <paramref name="torrentPath"/>.</summary>
    public static async Task<SeederProcess> StartAsync(string content, string torrentPath, int port)
    {
        await LibtorrentPython.RequireAsync();
        var environment = new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" };
        SeederProcess seeder = SeederProcess.Start(
            "/usr/bin/python3",
            new[] { "-c", Script, content, torrentPath, port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            environment);
        try
        {
            await seeder.WaitForLineAsync("READY");
            return seeder;
        }
        catch
        {
            seeder.Dispose();
            throw;
        }
    }
}
