"""Measure a command as a fresh child process: wall time and peak memory of its whole process tree.

    python -m benchmarks.measure [--interval 0.05] -- COMMAND ARG...

prints one JSON object on stdout: wall_seconds (Popen to exit, so interpreter start-up counts), returncode,
peak_tree_rss_bytes (the largest sum of RSS over the child and all its descendants, polled from /proc every
--interval seconds, so forked workers count; pages shared by forked processes count once per process),
peak_tree_pss_bytes (the summed PSS near those peaks: shared pages split), max_process_rss_bytes
(getrusage(RUSAGE_CHILDREN).ru_maxrss of this fresh wrapper: the largest single waited-for descendant), and the
child's stdout and stderr tail. Standard library only, so the wrapper itself stays small. Also holds the small
statistics helpers the harness shares.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
STDERR_TAIL_CHARS = 2000


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (fraction in 0..1) of values; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def latency_summary(seconds: list[float]) -> dict:
    """p50, p95, mean and max in milliseconds, and the count."""
    if not seconds:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "mean_ms": None, "max_ms": None}
    return {"n": len(seconds), "p50_ms": round(percentile(seconds, 0.5) * 1000, 2),
            "p95_ms": round(percentile(seconds, 0.95) * 1000, 2),
            "mean_ms": round(sum(seconds) / len(seconds) * 1000, 2), "max_ms": round(max(seconds) * 1000, 2)}


def latency_by_kind(kinds: list[str], seconds: list[float]) -> dict:
    """{"overall": summary, "by_kind": {kind: summary}} for parallel lists of query kinds and latencies."""
    grouped: dict[str, list[float]] = {}
    for kind, value in zip(kinds, seconds):
        grouped.setdefault(kind, []).append(value)
    return {"overall": latency_summary(seconds),
            "by_kind": {kind: latency_summary(values) for kind, values in grouped.items()}}


def directory_bytes(path: Path) -> int:
    """Total size of the regular files under path (or of path itself when it is a file)."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


# --- the wrapper ------------------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return found


def process_tree(root: int) -> list[int]:
    """root and all its live descendants."""
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(_children(pid))
    return tree


def rss_bytes(pid: int) -> int:
    """Resident set size of a process (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0


def _pss_bytes(pid: int) -> int:
    """Proportional set size: shared pages (a forked worker's copy-on-write pages) split among their users."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
        pass
    return 0


class TreeMemoryPoller(threading.Thread):
    """Polls the summed RSS of a process tree until stopped; keeps the peak and the number of processes seen.

    RSS (cheap to read) is polled every interval. PSS costs milliseconds per process, so it is read only when the
    RSS sum is within PSS_NEAR_PEAK of its peak (at most every PSS_EVERY seconds) or has grown by PSS_GROWTH since
    the last reading: peak_pss_bytes is the PSS around the RSS peaks, a sample, not a guaranteed maximum.
    """

    PSS_NEAR_PEAK, PSS_EVERY, PSS_GROWTH = 0.9, 0.5, 1.1

    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_bytes, self.peak_pss_bytes, self.max_processes, self.samples = 0, 0, 0, 0
        self._last_pss_time, self._last_pss_rss = 0.0, 0
        self._stop_event = threading.Event()

    def _pss_due(self, rss: int, now: float) -> bool:
        near_peak = rss >= self.PSS_NEAR_PEAK * self.peak_bytes and now - self._last_pss_time >= self.PSS_EVERY
        return near_peak or rss > self.PSS_GROWTH * self._last_pss_rss

    def run(self) -> None:
        while not self._stop_event.is_set():
            tree = process_tree(self.root)
            rss = sum(rss_bytes(pid) for pid in tree)
            self.peak_bytes = max(self.peak_bytes, rss)
            now = time.monotonic()
            if self._pss_due(rss, now):
                self.peak_pss_bytes = max(self.peak_pss_bytes, sum(_pss_bytes(pid) for pid in tree))
                self._last_pss_time, self._last_pss_rss = now, rss
            self.max_processes = max(self.max_processes, len(tree))
            self.samples += 1
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def measure_command(command: list[str], interval: float = 0.05) -> dict:
    """Run command to completion while polling its tree's memory; see the module docstring for the keys."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err)
        poller = TreeMemoryPoller(child.pid, interval)
        poller.start()
        returncode = child.wait()
        wall = time.perf_counter() - started
        poller.stop()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return {"wall_seconds": wall, "returncode": returncode, "peak_tree_rss_bytes": poller.peak_bytes,
            "peak_tree_pss_bytes": poller.peak_pss_bytes,
            "max_process_rss_bytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
            "max_processes": poller.max_processes, "polls": poller.samples,
            "stdout": stdout, "stderr_tail": stderr[-STDERR_TAIL_CHARS:]}


def measure_in_fresh_wrapper(command: list[str], interval: float = 0.05) -> dict:
    """measure_command run inside a new Python process, so RUSAGE_CHILDREN sees only this command's tree."""
    wrapper = [sys.executable, "-m", "benchmarks.measure", "--interval", str(interval), "--", *command]
    completed = subprocess.run(wrapper, capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between /proc polls")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ARG...")
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("no command given")
    print(json.dumps(measure_command(command, options.interval), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
