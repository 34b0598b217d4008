"""The benchmark's data and torrents: one random file of the chosen size and a folder of many files of varied
sizes with the same total, each written once and reused by every client and piece size; one torrent per
scenario, each with its own info-hash (mktorrent's "source" field), so a seeder of one scenario is never
handed to a client of another by the tracker."""
import os
import random
import subprocess

import libtorrent as lt

CHUNK = 16 << 20
SINGLE_NAME = "bench.bin"
MULTI_NAME = "files"


def write_single_file(data_dir, size):
    path = os.path.join(data_dir, SINGLE_NAME)
    with open("/dev/urandom", "rb") as source, open(path, "wb") as target:
        left = size
        while left:
            chunk = source.read(min(CHUNK, left))
            target.write(chunk)
            left -= len(chunk)
    return path


def multi_file_sizes(total, count):
    """Sizes log-uniform between 1 KiB and 32 MiB before scaling to the total, so there are many small files
    (about half below 256 KiB, smaller than a piece) next to a few large ones; the same every run."""
    draw = random.Random(6)
    weights = [2 ** draw.uniform(10, 25) for _ in range(count)]
    scale = total / sum(weights)
    sizes = [max(1, int(weight * scale)) for weight in weights]
    sizes[-1] += total - sum(sizes)
    if sizes[-1] < 1:
        raise ValueError(f"{total} bytes are too few for {count} files")
    return sizes


def multi_file_paths(count):
    """A few files at the top, the rest in nested folders, as a real multi-file torrent has."""
    paths = []
    for index in range(count):
        if index % 5 == 0:
            paths.append(f"file-{index:03}.bin")
        else:
            paths.append(os.path.join(f"part-{index % 4}", f"set-{index % 3}", f"file-{index:03}.bin"))
    return paths


def write_multi_files(data_dir, single_path, total, count):
    """Copies the single file's bytes into the files (quicker than /dev/urandom again; the torrents still
    differ in name, layout and info-hash). Returns the relative paths and sizes."""
    root = os.path.join(data_dir, MULTI_NAME)
    layout = list(zip(multi_file_paths(count), multi_file_sizes(total, count)))
    with open(single_path, "rb") as source:
        for relative, size in layout:
            path = os.path.join(root, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as target:
                left = size
                while left:
                    chunk = source.read(min(CHUNK, left))
                    target.write(chunk)
                    left -= len(chunk)
    return layout


def make_torrent(data_dir, name, piece_kib, tag, announce, torrent_path):
    """mktorrent with 2 threads; `tag` goes into info/source, which gives the torrent its own info-hash."""
    log2 = (piece_kib * 1024).bit_length() - 1
    if 1 << log2 != piece_kib * 1024:
        raise ValueError(f"piece size {piece_kib} KiB is not a power of two")
    subprocess.run(["mktorrent", "-t", "2", "-l", str(log2), "-s", tag, "-a", announce, "-o", torrent_path,
                    os.path.join(data_dir, name)], check=True, stdout=subprocess.DEVNULL)
    return str(lt.torrent_info(torrent_path).info_hash())


def expected_files(name, multi_layout):
    """Relative paths (under a download folder) of every file a torrent holds, single or multi-file."""
    if name == SINGLE_NAME:
        return [SINGLE_NAME]
    return [os.path.join(MULTI_NAME, relative) for relative, _ in multi_layout]


def same_as_source(data_dir, out_dir, files):
    """cmp of every file of the torrent against the source; returns the first that differs or is missing."""
    for relative in files:
        result = subprocess.run(["cmp", "-s", os.path.join(data_dir, relative), os.path.join(out_dir, relative)])
        if result.returncode != 0:
            return relative
    return None
