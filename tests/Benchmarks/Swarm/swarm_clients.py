"""The downloading clients, each timed from its launch to the moment it holds the whole torrent verified,
and charged the CPU time and peak resident memory of its own process (wait4 rusage):
- torrentps: to its verbose "all N pieces verified" line; its exit comes after the graceful stop (fsync of
  the data, resume file, tracker "stopped") and is reported too;
- aria2c: to its --on-bt-download-complete hook (it exits about 2.4 s later); --file-allocation=none,
  since its preallocation costs about 0.8 s per GiB;
- libtorrent (python3-libtorrent, default settings): to is_seeding, which libtorrent_peer.py prints.
"""
import os
import re
import subprocess
import time
from dataclasses import dataclass

import swarm_processes as processes
from swarm_peers import LIBTORRENT_PEER, PYTHON

DOWNLOAD_TIMEOUT_SECONDS = 600


class ClientFailed(Exception):
    pass


@dataclass
class Download:
    complete_seconds: float
    exit_seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    peers_used: int = None   # peers that sent data, where the client tells


# torrentps --verbose, per peer at the end: "HOST:PORT: closed ...; 1 GiB of data received from it, ..."
RECEIVED_FROM_PEER = re.compile(r"; ([0-9.]+) [KMGT]?i?B of data received from it")


def _finish(client, process, usage, output, complete_at, started_at, peers_used=None):
    if usage.exit_code != 0 or complete_at is None:
        raise ClientFailed(f"{client} exited with {usage.exit_code}"
                           f"{'' if complete_at else ' without reporting completion'}:\n{output.tail()}")
    return Download(complete_at - started_at, usage.exit_seconds, usage.cpu_seconds, usage.peak_rss_mib,
                    peers_used)


def _log_text(out_dir):
    with open(out_dir + ".log", "rb") as log:
        return log.read().decode(errors="replace")


def run_torrentps(cli, torrent, out_dir, seeder_ports):
    """Finds the seeders through the tracker, as aria2c does (seeder_ports is for libtorrent's direct dial)."""
    started_at = time.time()
    process = processes.start([cli, "download", torrent, "-o", out_dir, "--port", str(processes.free_port()),
                               "--verbose"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    output = processes.OutputWatcher(process.stderr, out_dir + ".log", "pieces verified")
    usage = processes.wait_measured(process, started_at, DOWNLOAD_TIMEOUT_SECONDS)
    output.finish()
    senders = sum(1 for amount in RECEIVED_FROM_PEER.findall(_log_text(out_dir)) if float(amount) > 0)
    return _finish("torrentps", process, usage, output, output.marked_at, started_at, senders)


def run_aria2c(torrent, out_dir, seeder_ports):
    stamp = out_dir + ".done"
    hook = out_dir + ".hook.sh"
    with open(hook, "w") as script:
        script.write(f'#!/bin/sh\ndate +%s.%N > "{stamp}"\n')
    os.chmod(hook, 0o755)
    started_at = time.time()
    process = processes.start([
        "aria2c", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
        "--enable-peer-exchange=false", "--interface=127.0.0.1", f"--listen-port={processes.free_port()}",
        "--seed-time=0", "--file-allocation=none", "--summary-interval=0", "--console-log-level=warn",
        f"--on-bt-download-complete={hook}", f"--dir={out_dir}", torrent],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = processes.OutputWatcher(process.stdout, out_dir + ".log", "\0never\0")
    usage = processes.wait_measured(process, started_at, DOWNLOAD_TIMEOUT_SECONDS)
    output.finish()
    complete_at = None
    if os.path.exists(stamp):
        with open(stamp) as text:
            complete_at = float(text.read().strip() or "nan")
    return _finish("aria2c", process, usage, output, complete_at, started_at)


def run_libtorrent(torrent, out_dir, seeder_ports):
    """Dials the seeders directly as well as asking the tracker, so it never waits for an announce."""
    started_at = time.time()
    process = processes.start([PYTHON, LIBTORRENT_PEER, "leech", torrent, out_dir, str(processes.free_port()),
                               *map(str, seeder_ports)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = processes.OutputWatcher(process.stdout, out_dir + ".log", "done ")
    usage = processes.wait_measured(process, started_at, DOWNLOAD_TIMEOUT_SECONDS)
    output.finish()
    complete_at, senders = None, None
    for line in _log_text(out_dir).splitlines():
        if line.startswith("done "):
            _, complete_at, senders = line.split()
    return _finish("libtorrent", process, usage, output, complete_at and float(complete_at), started_at,
                   senders and int(senders))
