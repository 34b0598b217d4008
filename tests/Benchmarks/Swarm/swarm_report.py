"""The benchmark's printed result: one table of medians per scenario and client, then each target of issue #6
that a swarm can measure, with the ratio measured, what it needs, and PASS or MISS."""
import math
import statistics
from dataclasses import dataclass, field

RSS_LIMIT_MIB = 150


@dataclass
class Series:
    """Every round of one client in one scenario."""
    downloads: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    seeder_cpu_seconds: list = field(default_factory=list)   # seeding scenario: what the seeder spent per round
    seeder_peak_rss_mib: float = math.nan

    def median(self, attribute):
        values = [getattr(download, attribute) for download in self.downloads]
        return statistics.median(values) if values else math.nan

    def highest(self, attribute):
        values = [getattr(download, attribute) for download in self.downloads]
        return max(values) if values else math.nan


def _number(value, digits=2):
    return "-" if math.isnan(value) else f"{value:.{digits}f}"


def _peers(series):
    """Median count of peers that sent data, for clients that tell (torrentps --verbose, libtorrent)."""
    counts = [download.peers_used for download in series.downloads if download.peers_used is not None]
    return _number(statistics.median(counts), 0) if counts else "-"


def table(results, size_mib):
    """results: {scenario: {client: Series}} in run order."""
    gib = size_mib / 1024
    header = (f"{'scenario':<14} {'client':<22} {'done s':>7} {'MiB/s':>7} {'exit s':>7} {'CPU s/GiB':>9} "
              f"{'RSS MiB':>8} {'peers':>5}  rounds: seconds to done")
    lines = [header, "-" * len(header)]
    for scenario, by_client in results.items():
        for client, series in by_client.items():
            done = series.median("complete_seconds")
            runs = " ".join(f"{download.complete_seconds:.2f}" for download in series.downloads)
            if series.failures:
                runs += f"  ({len(series.failures)} failed)"
            lines.append(f"{scenario:<14} {client:<22} {_number(done):>7} {_number(size_mib / done, 1):>7} "
                         f"{_number(series.median('exit_seconds')):>7} "
                         f"{_number(series.median('cpu_seconds') / gib):>9} "
                         f"{_number(series.median('peak_rss_mib'), 0):>8} {_peers(series):>5}  {runs}")
            if series.seeder_cpu_seconds:
                lines.append(f"{'':<14} {'  (its seeder)':<22} {'':>7} {'':>7} {'':>7} "
                             f"{_number(statistics.median(series.seeder_cpu_seconds) / gib):>9} "
                             f"{_number(series.seeder_peak_rss_mib, 0):>8} {'':>5}  seeder CPU per GiB served, "
                             f"peak RSS")
    return lines


@dataclass
class Target:
    name: str
    measured: float
    needed: str
    met: bool
    unit: str = "x"
    note: str = ""


def _ratio_target(name, numerator, denominator, at_least):
    """A throughput ratio: how many times faster the numerator's median time-to-done is."""
    if numerator is None or denominator is None:
        return None
    measured = denominator.median("complete_seconds") / numerator.median("complete_seconds")
    note = "; ".join(f"{len(s.failures)} failed rounds" for s in (numerator, denominator) if s.failures)
    met = not math.isnan(measured) and measured >= at_least and not note
    return Target(name, measured, f">= {at_least:g}x", met, note=note)


def targets(results):
    found = []
    for scenario, by_client in results.items():
        ours, libtorrent, aria2c = (by_client.get(name) for name in ("torrentps", "libtorrent", "aria2c"))
        if scenario == "seeding":
            found.append(_ratio_target("seeding: libtorrent leecher, from torrentps / from libtorrent seeder",
                                       by_client.get("from torrentps seed"), by_client.get("from libtorrent seed"),
                                       1.0))
            continue
        needed_vs_libtorrent = 1.0 if scenario == "three-seeders" else 1.25
        found.append(_ratio_target(f"{scenario}: throughput torrentps / libtorrent", ours, libtorrent,
                                   needed_vs_libtorrent))
        if scenario != "three-seeders":
            found.append(_ratio_target(f"{scenario}: throughput torrentps / aria2c", ours, aria2c, 2.0))
        if ours is not None and libtorrent is not None:
            measured = ours.median("cpu_seconds") / libtorrent.median("cpu_seconds")
            found.append(Target(f"{scenario}: CPU s/GiB torrentps / libtorrent", measured, "<= 1x",
                                not math.isnan(measured) and measured <= 1.0))
        if ours is not None:
            peak = ours.highest("peak_rss_mib")
            found.append(Target(f"{scenario}: torrentps peak RSS (highest round)", peak,
                                f"< {RSS_LIMIT_MIB} MiB", not math.isnan(peak) and peak < RSS_LIMIT_MIB, " MiB"))
    return [target for target in found if target is not None]


def target_lines(found):
    width = max((len(target.name) for target in found), default=10)
    lines = [f"{'target (issue #6)':<{width}}  {'measured':>10}  {'needed':<11} result",
             "-" * (width + 36)]
    for target in found:
        measured = _number(target.measured, 0 if target.unit == " MiB" else 2) + target.unit
        lines.append(f"{target.name:<{width}}  {measured:>10}  {target.needed:<11} "
                     f"{'PASS' if target.met else 'MISS'}{'  (' + target.note + ')' if target.note else ''}")
    return lines
