# Times python3-libtorrent's torrent_info on one .torrent's bytes, for the `parse` comparison.
# usage: /usr/bin/python3 libtorrent-parse.py FILE WARMUP ITERATIONS
# Prints one line per timed iteration: the seconds lt.torrent_info(bytes) took.
import sys
import time

import libtorrent as lt

path, warmup, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "rb") as f:
    data = f.read()

# Default limits refuse big torrents; raise them to what our parser accepts so both do the same work.
limits = {"max_buffer_size": 256 * 1024 * 1024, "max_pieces": 4_000_000, "max_decode_depth": 100, "max_decode_tokens": 100_000_000}
for _ in range(warmup):
    lt.torrent_info(data, limits)

for _ in range(iterations):
    start = time.perf_counter()
    info = lt.torrent_info(data, limits)
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.9f}")

print(f"files={info.num_files()} pieces={info.num_pieces()}", file=sys.stderr)
