#!/usr/bin/python3
"""python3-libtorrent as the swarm benchmark's seeder or leecher, with the loopback settings of
docs/real-peers.md (run it with the Debian interpreter, /usr/bin/python3: apt installs the binding there).

  libtorrent_peer.py seed  TORRENT DATA_DIR PORT        prints "ready" once seeding, then runs until killed
  libtorrent_peer.py leech TORRENT OUT_DIR PORT [PEER_PORT]...
                                                        dials each 127.0.0.1:PEER_PORT (and asks the torrent's
                                                        tracker), prints "done <unix time> <peers that sent data>"
                                                        when complete, then exits
"""
import sys
import time

import libtorrent as lt


def settings(port, seeding):
    pack = lt.high_performance_seed() if seeding else lt.default_settings()
    pack.update({
        "listen_interfaces": "127.0.0.1:%d" % port,
        "outgoing_interfaces": "127.0.0.1",
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_incoming_utp": False, "enable_outgoing_utp": False,
        "allow_multiple_connections_per_ip": True,
        "upload_rate_limit": 0, "download_rate_limit": 0,
    })
    if seeding:
        pack["unchoke_slots_limit"] = -1
    return pack


def main():
    mode, torrent, folder, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    session = lt.session(settings(port, mode == "seed"))
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = folder
    handle = session.add_torrent(params)
    if mode == "leech":
        for peer_port in sys.argv[5:]:
            handle.connect_peer(("127.0.0.1", int(peer_port)))
    # Peers that sent data, sampled every quarter second (seeds drop each other once both are complete), so a
    # benchmark can tell whether every seeder it started was used.
    senders, polls = set(), 0
    while not handle.status().is_seeding:
        status = handle.status()
        if status.errc.value() != 0:
            sys.exit("libtorrent: %s" % status.errc.message())
        if polls % 25 == 0:
            senders.update(peer.ip for peer in handle.get_peer_info() if peer.total_download > 0)
        polls += 1
        time.sleep(0.01)
    if mode == "seed":
        print("ready", flush=True)
        while True:
            time.sleep(3600)
    done_at = time.time()
    senders.update(peer.ip for peer in handle.get_peer_info() if peer.total_download > 0)
    print("done %.6f %d" % (done_at, len(senders)), flush=True)


if __name__ == "__main__":
    main()
