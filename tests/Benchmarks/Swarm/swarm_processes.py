"""Child processes of the swarm benchmark: every one is registered so that the benchmark can stop them all
at exit (normal end, error, Ctrl+C or SIGTERM), and a measured run reports the child's own CPU time and
peak resident memory from wait4's rusage."""
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass

_started = []


def start(args, **popen_args):
    """Starts a process that stop_all() ends at the latest."""
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, **popen_args)
    _started.append(process)
    return process


def stop(process, grace_seconds=5.0):
    """SIGTERM, then SIGKILL after the grace time; reaps the process. Only ever the given pid."""
    if process.returncode is not None:
        return
    try:
        process.terminate()
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    except ProcessLookupError:
        pass


def stop_all():
    ignore_signals()
    for process in reversed(_started):
        stop(process)
    _started.clear()


def raise_on_sigterm():
    """SIGTERM unwinds like Ctrl+C, so the finally blocks that stop processes and delete data run."""
    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, handler)


def ignore_signals():
    """Once cleaning up, a second Ctrl+C or SIGTERM must not cut short stopping the children and deleting data."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Usage:
    """What the kernel accounted to one finished child (and the helpers it reaped, e.g. aria2c's hook)."""
    exit_code: int
    exit_seconds: float   # wall time from launch to its exit
    cpu_seconds: float    # user + system
    peak_rss_mib: float   # ru_maxrss is in KiB on Linux


def wait_measured(process, started_at, timeout_seconds):
    """Waits for the process with wait4 (Popen.wait would discard the rusage); kills it after the timeout."""
    timer = threading.Timer(timeout_seconds, process.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    ended_at = time.time()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Usage(process.returncode, ended_at - started_at, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def cpu_seconds_of(pid):
    """User + system seconds a running process has used so far (for seeders, which run through a scenario)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def peak_rss_mib_of(pid):
    """VmHWM of a running process: its peak resident memory so far."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class OutputWatcher:
    """Reads a child's output on a thread as it comes (so the child never blocks on a full pipe), copies it
    to a log file, and notes the wall time of the first line that contains `marker`."""

    def __init__(self, stream, log_path, marker):
        self.marker = marker.encode()
        self.marked_at = None
        self.log_path = log_path
        self._marked = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream):
        with open(self.log_path, "wb") as log:
            for line in iter(stream.readline, b""):
                if self.marked_at is None and self.marker in line:
                    self.marked_at = time.time()
                    self._marked.set()
                log.write(line)
        stream.close()

    def wait_marked(self, timeout_seconds):
        return self._marked.wait(timeout_seconds)

    def finish(self):
        """After the child exited: waits until everything it wrote is in the log."""
        self._thread.join(10)

    def tail(self, lines=15):
        try:
            with open(self.log_path, "rb") as log:
                text = log.read().decode(errors="replace").replace("\r", "\n")
        except OSError:
            return ""
        return "\n".join([line for line in text.splitlines() if line.strip()][-lines:])
