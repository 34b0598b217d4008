#!/usr/bin/env bash
# End-to-end swarm benchmark (not part of `dotnet test`): one libtorrent seeder on loopback, found through
# opentracker; a torrent of SIZE MiB downloaded by torrentps, aria2c and a libtorrent leecher in turn,
# ROUNDS times, each into a fresh folder, every download compared byte for byte with the source.
# Prints each client's median time and the ratios torrentps/libtorrent and torrentps/aria2c (below 1 is
# faster than the other client).
#
#   tests/Benchmarks/Swarm/swarm-benchmark.sh [--size-mib N] [--rounds N] [--piece-kib N] [--only CLIENTS]
#                                             [--cli DIR]   (a torrentps build to use instead of a Release build)
#
# Needs: opentracker, aria2, mktorrent, python3-libtorrent (apt), the .NET SDK. Run it as root or as a user
# opentracker can drop to "nobody" from. Every client is timed from its launch to the moment it has the
# whole torrent verified: torrentps to its verbose "all N pieces verified" line (its time to process exit,
# which adds the graceful stop: fsync of the data, resume file, tracker "stopped", is printed too); aria2c
# to its --on-bt-download-complete hook (it exits ~2.4 s later); libtorrent to is_seeding. aria2c runs
# with --file-allocation=none (preallocation costs it ~0.8 s per GiB).
set -euo pipefail

SIZE_MIB=1024
ROUNDS=3
PIECE_KIB=1024
ONLY="torrentps aria2 libtorrent"
CLI_DIR=""
while [ $# -gt 0 ]; do
    case "$1" in
        --size-mib) SIZE_MIB="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --piece-kib) PIECE_KIB="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        --cli) CLI_DIR="$(cd "$2" && pwd)"; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
PYTHON=/usr/bin/python3
for tool in opentracker aria2c mktorrent dotnet; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (see the header of $0)" >&2; exit 1; }
done
"$PYTHON" -c "import libtorrent" || { echo "python3-libtorrent is not installed" >&2; exit 1; }

WORK="$(mktemp -d /tmp/torrentps-swarm-bench-XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
log() { echo "[$(date +%T)] $*" >&2; }

if [ -z "$CLI_DIR" ]; then
    log "building torrentps (Release)"
    CLI_DIR="$WORK/cli"
    dotnet build "$REPO/src/TorrentPS.Cli/TorrentPS.Cli.csproj" -c Release -o "$CLI_DIR" -v q -nologo >"$WORK/build.log" 2>&1 \
        || { cat "$WORK/build.log" >&2; exit 1; }
fi
"$CLI_DIR/torrentps" download --help >/dev/null 2>&1 || { echo "$CLI_DIR/torrentps has no download command" >&2; exit 1; }

log "writing $SIZE_MIB MiB of random data"
mkdir -p "$WORK/seed/bench" "$WORK/tracker"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$WORK/seed/bench/data.bin"
# Written back now, or the kernel does it during the first download and slows whoever runs first.
sync

TRACKER_PORT="$(free_port)"
PIECE_LOG2="$("$PYTHON" -c "import math; print(int(math.log2($PIECE_KIB * 1024)))")"
mktorrent -t 2 -l "$PIECE_LOG2" -a "http://127.0.0.1:$TRACKER_PORT/announce" -o "$WORK/bench.torrent" "$WORK/seed/bench" >/dev/null
HASH="$("$PYTHON" -c "import libtorrent as lt, sys; print(lt.torrent_info(sys.argv[1]).info_hash())" "$WORK/bench.torrent")"

# Debian's opentracker serves whitelisted hashes only, chroots into -d and drops to nobody.
echo "$HASH" >"$WORK/tracker/whitelist.txt"
chmod 755 "$WORK" "$WORK/tracker"; chmod 644 "$WORK/tracker/whitelist.txt"
(cd "$WORK/tracker" && exec opentracker -i 127.0.0.1 -p "$TRACKER_PORT" -P "$TRACKER_PORT" -d "$WORK/tracker" -u nobody -w whitelist.txt) >"$WORK/tracker.log" 2>&1 &
PIDS+=($!)

SEED_PORT="$(free_port)"
log "starting the libtorrent seeder on 127.0.0.1:$SEED_PORT (it checks the data first)"
mkfifo "$WORK/seeder.out"
"$PYTHON" "$HERE/libtorrent_peer.py" seed "$WORK/bench.torrent" "$WORK/seed" "$SEED_PORT" >"$WORK/seeder.out" 2>&1 &
PIDS+=($!)
read -r -t 300 ready <"$WORK/seeder.out" || true
[ "${ready:-}" = "ready" ] || { echo "the seeder did not start: ${ready:-no output}" >&2; exit 1; }
# Keep the pipe drained so the seeder never blocks on output.
cat "$WORK/seeder.out" >/dev/null &
PIDS+=($!)
# Let the seeder's first announce reach the tracker.
sleep 2

verify() {
    cmp -s "$WORK/seed/bench/data.bin" "$1/bench/data.bin" || { echo "$2: the download differs from the source" >&2; exit 1; }
}

# Prints "COMPLETION EXIT": seconds from launch to the log line that says every piece is verified (the
# moment the other clients are timed to), and to the end of the process (after its graceful stop).
run_torrentps() {
    local out="$1" start end stamp="$out.done"
    start="$(now)"
    "$CLI_DIR/torrentps" download "$WORK/bench.torrent" -o "$out" --port "$(free_port)" --verbose 2>&1 >/dev/null \
        | "$PYTHON" -c '
import sys, time
stamp, log = sys.argv[1], open(sys.argv[2], "w")
for line in iter(sys.stdin.readline, ""):
    if "pieces verified" in line:
        open(stamp, "w").write("%.6f" % time.time())
    log.write(line)
' "$stamp" "$out.log" || { cat "$out.log" >&2; exit 1; }
    end="$(now)"
    [ -s "$stamp" ] || { echo "torrentps did not report completion:" >&2; cat "$out.log" >&2; exit 1; }
    echo "$(echo "$(cat "$stamp") - $start" | bc) $(echo "$end - $start" | bc)"
}

run_aria2() {
    local out="$1" start hook="$WORK/aria2-done.sh" stamp="$out.done"
    printf '#!/bin/sh\ndate +%%s.%%N > "%s"\n' "$stamp" >"$hook"; chmod +x "$hook"
    start="$(now)"
    aria2c --enable-dht=false --enable-dht6=false --bt-enable-lpd=false --enable-peer-exchange=false \
        --interface=127.0.0.1 --listen-port="$(free_port)" --seed-time=0 --file-allocation=none \
        --summary-interval=0 --console-log-level=warn --on-bt-download-complete="$hook" \
        --dir="$out" "$WORK/bench.torrent" >"$out.log" 2>&1 || { cat "$out.log" >&2; exit 1; }
    [ -s "$stamp" ] || { echo "aria2c finished without running its completion hook" >&2; exit 1; }
    echo "$(cat "$stamp") - $start" | bc
}

run_libtorrent() {
    local out="$1" start line
    start="$(now)"
    line="$("$PYTHON" "$HERE/libtorrent_peer.py" leech "$WORK/bench.torrent" "$out" "$(free_port)" "$SEED_PORT" 2>"$out.log" | tail -1)"
    case "$line" in done\ *) ;; *) cat "$out.log" >&2; exit 1 ;; esac
    echo "${line#done } - $start" | bc
}

declare -A TIMES
read -r -a CLIENTS <<<"$ONLY"
for round in $(seq 1 "$ROUNDS"); do
    # Each round starts with the next client, so no client always goes first (or right after another).
    for i in "${!CLIENTS[@]}"; do
        client="${CLIENTS[$(((i + round - 1) % ${#CLIENTS[@]}))]}"
        out="$WORK/out-$client-$round"
        mkdir -p "$out"
        read -r seconds exit_seconds <<<"$("run_$client" "$out")"
        verify "$out" "$client"
        rm -rf "$out"
        TIMES[$client]="${TIMES[$client]:-} $seconds"
        [ -z "${exit_seconds:-}" ] || TIMES[$client-exit]="${TIMES[$client-exit]:-} $exit_seconds"
        log "round $round: $client $(printf '%.2f' "$seconds") s ($(echo "$SIZE_MIB / $seconds" | bc) MiB/s)"
    done
done

"$PYTHON" - "$SIZE_MIB" "$ROUNDS" "${TIMES[torrentps]:-}" "${TIMES[torrentps-exit]:-}" "${TIMES[aria2]:-}" "${TIMES[libtorrent]:-}" <<'PY'
import statistics, sys
size, rounds = int(sys.argv[1]), int(sys.argv[2])
names = ("torrentps", "(to exit)", "aria2c", "libtorrent")
times = {name: [float(t) for t in text.split()] for name, text in zip(names, sys.argv[3:])}
print(f"\n{size} MiB torrent, one libtorrent seeder on loopback, {rounds} round(s); median of each client:")
medians = {}
for name, values in times.items():
    if values:
        medians[name] = statistics.median(values)
        print(f"  {name:<11} {medians[name]:7.2f} s  {size / medians[name]:7.1f} MiB/s   (runs: {', '.join(f'{v:.2f}' for v in values)})")
for other in ("libtorrent", "aria2c"):
    if "torrentps" in medians and other in medians:
        print(f"  torrentps/{other}: {medians['torrentps'] / medians[other]:.2f} (time ratio; below 1 means torrentps is faster)"
              + (f", {medians['(to exit)'] / medians[other]:.2f} counting torrentps to its exit" if "(to exit)" in medians else ""))
PY
