"""Batch throughput against separate CLI calls: `python -m benchmarks.batch_vs_cli [--queries 1000] [--cli-calls 100]`.

Builds an index of the bundled seeds, runs the query mix once through `searchkit batch` (one process) and
through separate `searchkit search` processes, and writes benchmarks/results/batch_vs_cli.json. Separate calls
are timed on a sample (--cli-calls) and scaled to the full count, as the JSON says.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.queries import query_mix
from searchkit import Index
from searchkit.corpus import find_article_files, read_article

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "memory_gib": round(memory, 1), "python": platform.python_version(),
            "platform": platform.platform()}


def run_batch(index_dir: Path, queries: list[str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "searchkit", "batch", "-", "--index", str(index_dir)],
                               input="\n".join(queries), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    assert completed.returncode in (0, 1), completed.stderr
    assert len(completed.stdout.splitlines()) == len(queries)
    return elapsed


def run_separately(index_dir: Path, queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        completed = subprocess.run([sys.executable, "-m", "searchkit", "search", query, "--index", str(index_dir),
                                    "--format", "jsonl"], capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        assert completed.returncode in (0, 1), completed.stderr
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--cli-calls", type=int, default=100)
    options = parser.parse_args()
    index_dir = WORK / "seed-index"
    Index.build(index_dir, ROOT / "seeds", rebuild=True)
    articles = [read_article(path, ROOT / "seeds") for path in find_article_files(ROOT / "seeds")]
    queries = [query for _, query in query_mix(articles, options.queries)]
    batch_seconds = run_batch(index_dir, queries)
    sample = queries[:: max(1, len(queries) // options.cli_calls)][: options.cli_calls]
    call_seconds = run_separately(index_dir, sample)
    separate_seconds = statistics.mean(call_seconds) * len(queries)
    result = {
        "queries": len(queries), "batch_seconds": round(batch_seconds, 2),
        "batch_queries_per_second": round(len(queries) / batch_seconds, 1),
        "cli_calls_timed": len(sample), "cli_call_median_seconds": round(statistics.median(call_seconds), 3),
        "separate_calls_seconds_scaled": round(separate_seconds, 1),
        "speedup": round(separate_seconds / batch_seconds, 1), "target_speedup": 10,
        "machine": machine(), "command": "python -m benchmarks.batch_vs_cli " + " ".join(sys.argv[1:]),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "batch_vs_cli.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
