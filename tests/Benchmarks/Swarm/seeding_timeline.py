#!/usr/bin/python3
"""Where a libtorrent leecher's time goes against each seeder of the `seeding` scenario (issue #6): one
instrumented leecher (python3-libtorrent, default settings, so an encrypted first handshake) downloads from a
`torrentps seed` seeder and from a libtorrent seeder in turn, and prints, for each, when the connection opened,
when the peer's handshake, extension handshake (and the reqq in it), have-all, unchoke and first block arrived,
then the steady state: MiB/s after the first second, the requests the leecher kept outstanding, and how often
its receive buffer was found empty (the seeder, not the leecher, was the one behind).

  /usr/bin/python3 tests/Benchmarks/Swarm/seeding_timeline.py --cli DIR [--size-mib 1024] [--rounds 2]

Run it as root, like swarm_benchmark.py: it reruns itself in a private network namespace (unshare --net).
Its /tmp folder is deleted at exit. The leecher polls libtorrent every few milliseconds, which costs some CPU:
compare the two seeders within a run, not with swarm_benchmark.py's figures.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ left in the checkout by the swarm_* modules below
import swarm_data as data
import swarm_peers as peers
import swarm_processes as processes

IN_NETNS = "TORRENTPS_TIMELINE_NETNS"
MESSAGES = ("HANDSHAKE", "EXTENDED_HANDSHAKE", "HAVE_ALL", "BITFIELD", "UNCHOKE", "PIECE")


def leech(torrent, out_dir, port, peer_port):
    """The instrumented leecher: peer log for the first 1.5 s (every message), then peer_info samples."""
    import libtorrent as lt
    import libtorrent_peer
    pack = libtorrent_peer.settings(port, False)
    pack["alert_mask"] = lt.alert.category_t.all_categories
    session = lt.session(pack)
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = out_dir
    handle = session.add_torrent(params)
    started = time.time()
    handle.connect_peer(("127.0.0.1", peer_port))
    first, samples, logging, last_sample = {}, [], True, 0.0
    while not handle.status().is_seeding:
        now = time.time() - started
        for alert in session.pop_alerts():
            if type(alert).__name__ == "peer_log_alert" and f":{peer_port}]" in alert.message():
                match = re.search(r"<== (\w+)", alert.message())
                if match and match.group(1) in MESSAGES and match.group(1) not in first:
                    first[match.group(1)] = (now, alert.message()[alert.message().find("<=="):][:120])
                if "ASYNC_CONNECT" in alert.message():
                    first.setdefault("connect", (now, ""))
        if logging and now > 1.5:
            session.apply_settings({"alert_mask": lt.alert.category_t.error_notification})
            logging = False
        if now - last_sample >= 0.02:
            last_sample = now
            for peer in handle.get_peer_info():
                if peer.ip[1] == peer_port:
                    samples.append((now, peer.total_download, peer.queue_bytes, peer.used_receive_buffer))
        time.sleep(0.002)
    print(json.dumps({"done": time.time() - started, "first": first, "samples": samples}))


def report(kind, result):
    first = result["first"]
    start = first.get("connect", (0.0, ""))[0]
    print(f"{kind}: done in {result['done']:.2f} s")
    for name in ("connect",) + MESSAGES:
        if name in first:
            at, text = first[name]
            print(f"  {(at - start) * 1000:8.1f} ms  {name:19} {text if name == 'EXTENDED_HANDSHAKE' else ''}")
    steady = [s for s in result["samples"] if s[0] >= 1.0]
    if len(steady) >= 2:
        rate = (steady[-1][1] - steady[0][1]) / (steady[-1][0] - steady[0][0]) / 2 ** 20
        outstanding = statistics.median(s[2] for s in steady) / 16384
        empty = sum(1 for s in steady if s[3] == 0) / len(steady)
        print(f"  steady state: {rate:.0f} MiB/s, {outstanding:.0f} requests outstanding (median), "
              f"receive buffer empty in {empty:.0%} of samples")


def run(arguments):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    work_dir = tempfile.mkdtemp(prefix="torrentps-timeline-")
    try:
        data_dir = os.path.join(work_dir, "data")
        os.makedirs(data_dir)
        data.write_single_file(data_dir, arguments.size_mib << 20)
        subprocess.run(["sync"], check=True)
        tracker_port = processes.free_port()
        announce = f"http://127.0.0.1:{tracker_port}/announce"
        torrents, hashes = {}, []
        for kind in ("torrentps", "libtorrent"):
            torrents[kind] = os.path.join(work_dir, f"{kind}.torrent")
            hashes.append(data.make_torrent(data_dir, data.SINGLE_NAME, 1024, f"timeline-{kind}", announce,
                                            torrents[kind]))
        peers.start_tracker(work_dir, hashes, tracker_port)
        cli = os.path.join(os.path.abspath(arguments.cli), "torrentps")
        seeders = {"torrentps": peers.torrentps_seeder(cli, torrents["torrentps"], data_dir,
                                                       os.path.join(work_dir, "seeder-torrentps.log")),
                   "libtorrent": peers.libtorrent_seeder(torrents["libtorrent"], data_dir,
                                                         os.path.join(work_dir, "seeder-libtorrent.log"))}
        peers.start_seeders(list(seeders.values()))
        order = list(seeders)
        for round_number in range(arguments.rounds):
            print(f"round {round_number + 1}")
            for kind in order if round_number % 2 == 0 else order[::-1]:
                out_dir = os.path.join(work_dir, f"out-{kind}-{round_number}")
                os.makedirs(out_dir)
                leecher = subprocess.run([peers.PYTHON, os.path.abspath(__file__), "--leech", torrents[kind], out_dir,
                                          str(processes.free_port()), str(seeders[kind].port)],
                                         capture_output=True, text=True, timeout=600, check=True)
                report(kind, json.loads(leecher.stdout))
                shutil.rmtree(out_dir)
    finally:
        processes.stop_all()
        shutil.rmtree(work_dir, ignore_errors=True)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--leech":
        leech(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="a published torrentps (dotnet publish -r linux-x64 -o DIR)")
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()
    if os.environ.get(IN_NETNS):
        run(arguments)
        return
    if os.geteuid() != 0:
        sys.exit("run it as root: it needs a private network namespace (torrentps seed listens on every interface)")
    sys.exit(subprocess.run(["unshare", "--net", "--", peers.PYTHON, os.path.abspath(__file__), *sys.argv[1:]],
                            env={**os.environ, IN_NETNS: "1"}).returncode)


if __name__ == "__main__":
    main()
