#!/usr/bin/python3
"""End-to-end swarm benchmark for issue #6 (not part of `dotnet test`). One command measures every swarm
target of the issue and prints one table of medians and one of ratios with PASS/MISS:

  single-1m      1 GiB single-file torrent, 1 MiB pieces, one libtorrent seeder
  single-256k    the same with 256 KiB pieces
  multi-1m       200 files of varied sizes (about half smaller than a 256 KiB piece), 1 GiB in all, 1 MiB pieces
  multi-256k     the same with 256 KiB pieces
  three-seeders  the single file, 1 MiB pieces, three libtorrent seeders at once
      each downloaded by torrentps (`torrentps download`), a libtorrent leecher and aria2c in turn
  seeding        a libtorrent leecher downloads the single file (1 MiB pieces) from a `torrentps seed`
                 seeder and from a libtorrent seeder in turn (timed once the seeder has checked its data)

Every round runs each client once, in an order rotated every round, into a fresh folder that is compared
with the source (cmp) and deleted. Seeders find each other and the clients through opentracker;
libtorrent also dials the seeders directly. Each client is timed from launch to the moment it holds the
whole torrent verified (see swarm_clients.py for how each one says so); throughput = size / that time.
CPU seconds (user+sys) and peak RSS are the downloading process's own, from wait4's rusage.

  /usr/bin/python3 tests/Benchmarks/Swarm/swarm_benchmark.py [--size-mib N] [--rounds N] [--files N]
        [--scenarios single-1m,single-256k,multi-1m,multi-256k,three-seeders,seeding]
        [--clients torrentps,libtorrent,aria2c] [--cli DIR] [--no-netns]

--cli DIR times a torrentps build in DIR instead of publishing this checkout's working tree first
(`dotnet publish -c Release -r linux-x64`, as README installs it: self-contained, one ReadyToRun composite
image with its runtime, no tiered compilation).
Defaults: 1024 MiB, 5 rounds, 200 files, everything: about 12-15 minutes on 2 cores, 3 GiB in /tmp.
Needs opentracker, aria2, mktorrent, python3-libtorrent (apt; run with /usr/bin/python3), the .NET SDK.
Run it as root: opentracker must drop to nobody, and the benchmark runs in a private network namespace
(unshare --net, only loopback up), because `torrentps seed` listens on every interface. Without root the
seeding scenario is skipped. Everything it starts is stopped, and its /tmp folder deleted, at exit,
also on Ctrl+C or SIGTERM.
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ left in the checkout by the swarm_* modules below
import swarm_clients as clients
import swarm_data as data
import swarm_peers as peers
import swarm_processes as processes
import swarm_report as report

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
IN_NETNS = "TORRENTPS_SWARM_BENCH_NETNS"
MIB = 1 << 20
SCENARIOS = {   # name: (data, piece KiB, libtorrent seeders)
    "single-1m": (data.SINGLE_NAME, 1024, 1),
    "single-256k": (data.SINGLE_NAME, 256, 1),
    "multi-1m": (data.MULTI_NAME, 1024, 1),
    "multi-256k": (data.MULTI_NAME, 256, 1),
    "three-seeders": (data.SINGLE_NAME, 1024, 3),
    "seeding": (data.SINGLE_NAME, 1024, 0),
}
CLIENTS = ("torrentps", "libtorrent", "aria2c")
SEEDING_SOURCES = ("from torrentps seed", "from libtorrent seed")
STARTED = time.time()


def log(message):
    print(f"[{time.strftime('%H:%M:%S')} +{time.time() - STARTED:4.0f}s] {message}", file=sys.stderr, flush=True)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=200, help="files in the multi-file torrents")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--clients", default=",".join(CLIENTS), help="downloaders of all but `seeding`")
    parser.add_argument("--cli", help="a folder holding a torrentps build to time")
    parser.add_argument("--no-netns", action="store_true", help="stay in this network namespace")
    parser.add_argument("--build-label", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    arguments.scenarios = [name for name in arguments.scenarios.split(",") if name]
    arguments.clients = [name for name in arguments.clients.split(",") if name]
    for name in arguments.scenarios:
        if name not in SCENARIOS:
            parser.error(f"unknown scenario {name}; known: {', '.join(SCENARIOS)}")
    for name in arguments.clients:
        if name not in CLIENTS:
            parser.error(f"unknown client {name}; known: {', '.join(CLIENTS)}")
    if arguments.rounds < 1 or arguments.size_mib < 1 or arguments.files < 1:
        parser.error("--rounds, --size-mib and --files must be positive")
    return arguments


def check_tools(arguments):
    needed = ["opentracker", "mktorrent", "cmp"] + (["dotnet"] if not arguments.cli else [])
    missing = [tool for tool in needed if shutil.which(tool) is None]
    if missing:
        sys.exit(f"not installed: {', '.join(missing)} (see the header of {__file__})")
    if "aria2c" in arguments.clients and shutil.which("aria2c") is None:
        log("aria2c is not installed: leaving it out")
        arguments.clients.remove("aria2c")


def build_cli(work_dir):
    """torrentps of the working tree (what others have not committed yet included), published the way README
    installs it: for this machine's runtime identifier, so it is ReadyToRun as users get it."""
    runtime = {"x86_64": "linux-x64", "aarch64": "linux-arm64"}.get(platform.machine(), "linux-x64")
    log(f"publishing torrentps (Release, {runtime})")
    cli_dir = os.path.join(work_dir, "cli")
    result = subprocess.run(["dotnet", "publish", os.path.join(REPO, "src", "TorrentPS.Cli", "TorrentPS.Cli.csproj"),
                             "-c", "Release", "-r", runtime, "-o", cli_dir, "-v", "q", "-nologo"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        sys.exit(result.stdout.decode(errors="replace"))
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "src"], capture_output=True, text=True)
    return cli_dir, f"{commit.stdout.strip()}{' + uncommitted changes in src' if dirty.stdout.strip() else ''}"


def rerun_in_private_network(arguments):
    """Builds first (restore may need the NuGet mirror), then runs this script again under unshare --net,
    where only loopback exists, and waits for it; returns its exit code."""
    work_dir = tempfile.mkdtemp(prefix="torrentps-swarm-build-")
    try:
        if arguments.cli:
            cli_dir, label = os.path.abspath(arguments.cli), f"from {os.path.abspath(arguments.cli)}"
        else:
            cli_dir, label = build_cli(work_dir)
        argv = [a for a in sys.argv[1:]]
        if "--cli" in argv:
            del argv[argv.index("--cli"):argv.index("--cli") + 2]
        argv = [a for a in argv if not a.startswith("--cli=")]
        inner = processes.start(["unshare", "--net", "--", peers.PYTHON, os.path.abspath(__file__), *argv,
                                 "--cli", cli_dir, "--build-label", label], env={**os.environ, IN_NETNS: "1"})
        try:
            return inner.wait()
        finally:
            processes.ignore_signals()
            processes.stop(inner, grace_seconds=120)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def prepare_data(work_dir, arguments):
    data_dir = os.path.join(work_dir, "data")
    os.makedirs(data_dir)
    size = arguments.size_mib * MIB
    log(f"writing {arguments.size_mib} MiB of random data")
    single = data.write_single_file(data_dir, size)
    layout = []
    if any(SCENARIOS[name][0] == data.MULTI_NAME for name in arguments.scenarios):
        log(f"writing the same bytes as {arguments.files} files of varied sizes")
        layout = data.write_multi_files(data_dir, single, size, arguments.files)
        sizes = [size for _, size in layout]
        log(f"  {sum(s < 256 * 1024 for s in sizes)} files under 256 KiB, {sum(s < MIB for s in sizes)} under "
            f"1 MiB, the largest {max(sizes) / MIB:.1f} MiB")
    # Written back now, or the kernel does it during the first download and slows whoever runs first.
    subprocess.run(["sync"], check=True)
    return data_dir, layout


def torrent_tags(arguments):
    """The torrents to make: (tag, data name, piece KiB); seeding has one per seeder, so each has its own hash."""
    tags = []
    for name in arguments.scenarios:
        content, piece_kib, _ = SCENARIOS[name]
        if name == "seeding":
            tags += [(f"seeding-{source.split()[1]}", content, piece_kib) for source in SEEDING_SOURCES]
        else:
            tags.append((name, content, piece_kib))
    return tags


def download_round(run, torrent, out_dir, seeder_ports, data_dir, files):
    os.makedirs(out_dir)
    try:
        download = run(torrent, out_dir, seeder_ports)
        differing = data.same_as_source(data_dir, out_dir, files)
        if differing:
            raise clients.ClientFailed(f"{differing} differs from the source")
        return download
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        for suffix in (".log", ".done", ".hook.sh"):
            if os.path.exists(out_dir + suffix):
                os.remove(out_dir + suffix)


def record(series, label, round_number, size_mib, action):
    try:
        download = action()
    except clients.ClientFailed as failure:
        series.failures.append(str(failure))
        log(f"  round {round_number}: {label} FAILED: {failure}")
        return None
    series.downloads.append(download)
    log(f"  round {round_number}: {label} {download.complete_seconds:.2f} s "
        f"({size_mib / download.complete_seconds:.0f} MiB/s), to exit {download.exit_seconds:.2f} s, "
        f"CPU {download.cpu_seconds:.2f} s, RSS {download.peak_rss_mib:.0f} MiB"
        + (f", data from {download.peers_used} peer(s)" if download.peers_used is not None else ""))
    return download


def run_download_scenario(name, torrent, work_dir, data_dir, files, arguments, runners):
    _, _, seeder_count = SCENARIOS[name]
    log(f"{name}: starting {seeder_count} libtorrent seeder(s) (each checks the data first)")
    seeders = peers.start_seeders([peers.libtorrent_seeder(torrent, data_dir,
                                                           os.path.join(work_dir, f"seeder-{name}-{i}.log"))
                                   for i in range(seeder_count)])
    ports = [seeder.port for seeder in seeders]
    results = {client: report.Series() for client in arguments.clients}
    try:
        for round_number in range(1, arguments.rounds + 1):
            shift = (round_number - 1) % len(arguments.clients)
            for client in arguments.clients[shift:] + arguments.clients[:shift]:
                out_dir = os.path.join(work_dir, f"out-{name}-{client}-{round_number}")
                record(results[client], f"{name} {client}", round_number, arguments.size_mib,
                       lambda: download_round(runners[client], torrent, out_dir, ports, data_dir, files))
    finally:
        for seeder in seeders:
            seeder.stop()
    return results


def run_seeding_scenario(torrents, work_dir, data_dir, files, arguments):
    log("seeding: starting a torrentps and a libtorrent seeder (each checks the data first)")
    seeders = {
        "from torrentps seed": peers.torrentps_seeder(arguments.cli, torrents["seeding-torrentps"], data_dir,
                                                      os.path.join(work_dir, "seeder-torrentps.log")),
        "from libtorrent seed": peers.libtorrent_seeder(torrents["seeding-libtorrent"], data_dir,
                                                        os.path.join(work_dir, "seeder-libtorrent.log")),
    }
    results = {source: report.Series() for source in SEEDING_SOURCES}
    try:
        peers.start_seeders(list(seeders.values()))
        for round_number in range(1, arguments.rounds + 1):
            shift = (round_number - 1) % len(SEEDING_SOURCES)
            for source in SEEDING_SOURCES[shift:] + SEEDING_SOURCES[:shift]:
                seeder, torrent = seeders[source], torrents[f"seeding-{source.split()[1]}"]
                out_dir = os.path.join(work_dir, f"out-seeding-{source.split()[1]}-{round_number}")
                cpu_before = seeder.cpu_seconds()
                done = record(results[source], f"seeding libtorrent leecher {source}", round_number,
                              arguments.size_mib,
                              lambda: download_round(clients.run_libtorrent, torrent, out_dir, [seeder.port],
                                                     data_dir, files))
                if done is not None:
                    results[source].seeder_cpu_seconds.append(seeder.cpu_seconds() - cpu_before)
        for source, seeder in seeders.items():
            results[source].seeder_peak_rss_mib = seeder.peak_rss_mib()
    finally:
        for seeder in seeders.values():
            seeder.stop()
    return results


def versions(arguments):
    import libtorrent
    aria2 = subprocess.run(["aria2c", "--version"], capture_output=True, text=True).stdout.split("\n")[0] \
        if shutil.which("aria2c") else "aria2c not installed"
    return f"torrentps {arguments.build_label or arguments.cli}, libtorrent {libtorrent.__version__}, {aria2}"


def run(arguments):
    work_dir = tempfile.mkdtemp(prefix="torrentps-swarm-bench-")
    try:
        if not arguments.cli:
            arguments.cli, arguments.build_label = build_cli(work_dir)
        arguments.cli = os.path.join(os.path.abspath(arguments.cli), "torrentps")
        if subprocess.run([arguments.cli, "download", "--help"], capture_output=True).returncode != 0:
            sys.exit(f"{arguments.cli} has no download command")
        load_before = os.getloadavg()[0]
        data_dir, layout = prepare_data(work_dir, arguments)
        tracker_port = processes.free_port()
        announce = f"http://127.0.0.1:{tracker_port}/announce"
        log("making the torrents")
        torrents, hashes = {}, []
        for tag, content, piece_kib in torrent_tags(arguments):
            torrents[tag] = os.path.join(work_dir, f"{tag}.torrent")
            hashes.append(data.make_torrent(data_dir, content, piece_kib, tag, announce, torrents[tag]))
        peers.start_tracker(work_dir, hashes, tracker_port)
        runners = {
            "torrentps": lambda torrent, out, ports: clients.run_torrentps(arguments.cli, torrent, out, ports),
            "libtorrent": clients.run_libtorrent,
            "aria2c": clients.run_aria2c,
        }
        results, loads = {}, []
        for name in arguments.scenarios:
            files = data.expected_files(SCENARIOS[name][0], layout)
            if name == "seeding":
                results[name] = run_seeding_scenario(torrents, work_dir, data_dir, files, arguments)
            elif arguments.clients:
                results[name] = run_download_scenario(name, torrents[name], work_dir, data_dir, files, arguments,
                                                      runners)
            # The machine is shared: how busy it was tells how far to trust a scenario's numbers.
            loads.append(f"{name} {os.getloadavg()[0]:.1f}")
        print(f"\nSwarm benchmark (issue #6): {arguments.size_mib} MiB, {arguments.rounds} round(s), "
              f"{arguments.files} files in multi-*; {versions(arguments)}")
        print(f"{os.cpu_count()} cores; load average {load_before:.1f} at the start, after each scenario: "
              f"{', '.join(loads)}")
        print(f"{'private network namespace' if os.environ.get(IN_NETNS) else 'host network'}, "
              f"127.0.0.1 only; {(time.time() - STARTED) / 60:.1f} min. Medians; 'done' = whole torrent verified, "
              f"'exit' = process end, CPU = user+sys of the downloading process, RSS = its peak, "
              f"peers = peers that sent data.\n")
        print("\n".join(report.table(results, arguments.size_mib)))
        print()
        print("\n".join(report.target_lines(report.targets(results))))
        failed = sum(len(series.failures) for by_client in results.values() for series in by_client.values())
        if failed:
            print(f"\n{failed} download(s) failed; see the log above.")
        return 1 if failed else 0
    finally:
        processes.stop_all()
        shutil.rmtree(work_dir, ignore_errors=True)


def main():
    arguments = parse_arguments()
    processes.raise_on_sigterm()
    check_tools(arguments)
    try:
        if os.environ.get(IN_NETNS):
            subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        elif not arguments.no_netns and os.geteuid() == 0 and shutil.which("unshare"):
            return rerun_in_private_network(arguments)
        elif "seeding" in arguments.scenarios:
            log("not in a private network namespace: skipping `seeding` (torrentps seed listens on every interface)")
            arguments.scenarios.remove("seeding")
        return run(arguments)
    except KeyboardInterrupt:
        log("interrupted: stopping everything and deleting the data")
        return 130
    finally:
        processes.stop_all()


if __name__ == "__main__":
    sys.exit(main())
