"""The benchmark's infrastructure peers on 127.0.0.1: opentracker and the seeders (libtorrent or
`torrentps seed`), each started, awaited until it serves, and stopped when its scenario ends."""
import os
import subprocess
import time

import swarm_processes as processes

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"
LIBTORRENT_PEER = os.path.join(HERE, "libtorrent_peer.py")
SEEDER_READY_SECONDS = 300


def start_tracker(work_dir, info_hashes, port):
    """Debian's opentracker serves whitelisted hashes only, chroots into -d and, as root, must drop to nobody."""
    tracker_dir = os.path.join(work_dir, "tracker")
    os.makedirs(tracker_dir)
    with open(os.path.join(tracker_dir, "whitelist.txt"), "w") as whitelist:
        whitelist.write("".join(f"{info_hash}\n" for info_hash in info_hashes))
    for path in (work_dir, tracker_dir):
        os.chmod(path, 0o755)
    os.chmod(os.path.join(tracker_dir, "whitelist.txt"), 0o644)
    args = ["opentracker", "-i", "127.0.0.1", "-p", str(port), "-P", str(port), "-d", tracker_dir,
            "-w", "whitelist.txt"]
    if os.geteuid() == 0:
        args += ["-u", "nobody"]
    with open(os.path.join(work_dir, "tracker.log"), "wb") as log:
        tracker = processes.start(args, cwd=tracker_dir, stdout=log, stderr=subprocess.STDOUT)
    time.sleep(0.3)
    if tracker.poll() is not None:
        raise RuntimeError(f"opentracker exited at once: {open(os.path.join(work_dir, 'tracker.log')).read()}")
    return tracker


class Seeder:
    """One seeding process; `ready_marker` is the output line that says it has checked its data and serves."""

    def __init__(self, kind, args, log_path, ready_marker, port):
        self.kind = kind
        self.port = port
        self.process = processes.start(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.output = processes.OutputWatcher(self.process.stdout, log_path, ready_marker)

    def wait_ready(self):
        deadline = time.time() + SEEDER_READY_SECONDS
        while not self.output.wait_marked(0.2):
            if self.process.poll() is not None or time.time() > deadline:
                self.output.finish()
                raise RuntimeError(f"the {self.kind} seeder did not start:\n{self.output.tail()}")

    def cpu_seconds(self):
        return processes.cpu_seconds_of(self.process.pid)

    def peak_rss_mib(self):
        return processes.peak_rss_mib_of(self.process.pid)

    def stop(self):
        processes.stop(self.process)
        self.output.finish()


def libtorrent_seeder(torrent, data_dir, log_path):
    port = processes.free_port()
    return Seeder("libtorrent", [PYTHON, LIBTORRENT_PEER, "seed", torrent, data_dir, str(port)], log_path,
                  "ready", port)


def torrentps_seeder(cli, torrent, data_dir, log_path):
    """`torrentps seed` checks the data first; its "Seeding NAME ... on port N" line comes once it listens."""
    port = processes.free_port()
    return Seeder("torrentps", [cli, "seed", torrent, "--path", data_dir, "--port", str(port), "--verbose"],
                  log_path, "Seeding ", port)


def start_seeders(seeders):
    """Started together (their data checks overlap), then awaited, then given time for a first announce."""
    for seeder in seeders:
        seeder.wait_ready()
    time.sleep(2)
    return seeders
