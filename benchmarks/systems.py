"""Measure each system: builds in fresh processes, warm in-process query latency, cold CLI latency, correctness.

Builds (jieba-only, `searchkit index`, and each peer's build command) run under benchmarks.measure in a fresh
process: wall time from spawn to exit and the peak summed RSS of the process tree. Warm latency is measured in
this process after one untimed pass over the same queries. searchkit is used only through its CLI and its
public searchkit.Index API.
"""

from __future__ import annotations

import gc
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from benchmarks.correctness import SubstringTruth, evaluate
from benchmarks.measure import latency_by_kind, measure_in_fresh_wrapper
from benchmarks.peers import peer_module

ROOT = Path(__file__).resolve().parent.parent
WARM_LIMIT = 10
MB = 1_000_000
Search = Callable[[str, int], list[str]]


def searchkit_command() -> list[str]:
    """The `searchkit` console script next to this interpreter, else `python -m searchkit`."""
    script = Path(sys.executable).parent / "searchkit"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "searchkit"]


def measured_run(command: list[str]) -> dict:
    """One build command under the memory-polling wrapper; raises with its stderr when it fails."""
    sample = measure_in_fresh_wrapper(command)
    if sample["returncode"] != 0:
        raise RuntimeError(f"{' '.join(command)} exited {sample['returncode']}: {sample['stderr_tail']}")
    inner = sample.pop("stdout").strip()
    sample["inner"] = json.loads(inner.splitlines()[-1]) if inner.startswith("{") else None
    return sample


def summarize_builds(samples: list[dict], seconds_key: Callable[[dict], float]) -> dict:
    """Median seconds and peak RSS over repeated builds, with every sample kept."""
    seconds = [seconds_key(sample) for sample in samples]
    rss = [sample["peak_tree_rss_bytes"] for sample in samples]
    return {"seconds": round(statistics.median(seconds), 3), "seconds_samples": [round(s, 3) for s in seconds],
            "peak_rss_mb": round(statistics.median(rss) / MB, 1), "peak_rss_mb_max": round(max(rss) / MB, 1),
            "peak_rss_mb_samples": [round(r / MB, 1) for r in rss],
            "peak_pss_mb_max": round(max(s["peak_tree_pss_bytes"] for s in samples) / MB, 1),
            "max_process_rss_mb": round(max(s["max_process_rss_bytes"] for s in samples) / MB, 1),
            "max_processes": max(s["max_processes"] for s in samples), "samples": samples}


# --- build samples -------------------------------------------------------------------------------------------------

def jieba_floor_sample(corpus: Path) -> dict:
    return measured_run([sys.executable, "-m", "benchmarks.jieba_floor", str(corpus)])


def searchkit_build_sample(corpus: Path, index_dir: Path) -> dict:
    """`searchkit index CORPUS --index DIR --rebuild` into an emptied DIR, so every repetition starts alike."""
    shutil.rmtree(index_dir, ignore_errors=True)
    return measured_run([*searchkit_command(), "index", str(corpus), "--index", str(index_dir), "--rebuild"])


def peer_build_sample(name: str, corpus: Path, out_dir: Path) -> dict:
    return measured_run([sys.executable, "-m", "benchmarks.peers", "build", name, str(corpus), str(out_dir)])


def searchkit_index_bytes(index_dir: Path) -> int:
    """index_bytes from `searchkit stats --format json` (the live generation)."""
    completed = subprocess.run([*searchkit_command(), "stats", "--format", "json", "--index", str(index_dir)],
                               capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(completed.stdout)["index_bytes"]


# --- queries -------------------------------------------------------------------------------------------------------

def timed_pass(search: Search, mix: list[tuple[str, str]], limit: int) -> tuple[list[float], list[dict]]:
    """Latency of each query in order; a failing query is timed all the same and its error kept."""
    seconds, errors = [], []
    for _, query in mix:
        started = time.perf_counter()
        try:
            search(query, limit)
        except Exception as error:
            errors.append({"query": query, "error": f"{type(error).__name__}: {error}"[:300]})
        seconds.append(time.perf_counter() - started)
    return seconds, errors


def warm_latency(search: Search, mix: list[tuple[str, str]], limit: int = WARM_LIMIT,
                 warm_up: bool = True) -> dict:
    """p50/p95 overall and per kind, after one untimed pass over the same queries."""
    if warm_up:
        timed_pass(search, mix, limit)
    gc.collect()
    seconds, errors = timed_pass(search, mix, limit)
    return {**latency_by_kind([kind for kind, _ in mix], seconds), "limit": limit, "errors": len(errors),
            "error_examples": errors[:3]}


def cold_latency(index_dir: Path, sample: list[tuple[str, str]]) -> dict:
    """Wall time of one new `searchkit search QUERY --index DIR` process per query (after one untimed call)."""
    command = searchkit_command()

    def run(query: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, "search", query, "--index", str(index_dir)], capture_output=True,
                              text=True, cwd=ROOT)

    run(sample[0][1])  # loads the index files into the OS page cache: "cold" here means a new process
    seconds, errors = [], []
    for _, query in sample:
        started = time.perf_counter()
        completed = run(query)
        seconds.append(time.perf_counter() - started)
        if completed.returncode not in (0, 1):
            errors.append({"query": query, "error": completed.stderr.strip()[-300:]})
    return {**latency_by_kind([kind for kind, _ in sample], seconds), "command": " ".join(command) + " search",
            "errors": len(errors), "error_examples": errors[:3]}


def searchkit_queries(index_dir: Path, mix, truth: SubstringTruth, cache: dict) -> dict:
    """Warm latency with snippets (Index.search defaults), without snippets, and exact-string correctness."""
    from searchkit import Index

    with Index.open(index_dir) as index:
        def with_snippets(query: str, limit: int) -> list[str]:
            return [hit.id for hit in index.search(query, limit=limit).hits]

        def without_snippets(query: str, limit: int) -> list[str]:
            return [hit.id for hit in index.search(query, limit=limit, snippets=False).hits]

        def full_set(query: str, limit: int) -> list[str]:
            results = index.search(query, limit=limit, snippets=False, suggestions=False)
            assert results.total == len(results.hits), "ask for a larger limit"
            return [hit.id for hit in results.hits]

        warm = warm_latency(with_snippets, mix)
        bare = warm_latency(without_snippets, mix)
        return {"warm": warm, "warm_no_snippets": bare, "correctness": evaluate(full_set, mix, truth, cache)}


def peer_queries(name: str, out_dir: Path, mix, truth: SubstringTruth, cache: dict) -> dict:
    searcher = peer_module(name).Searcher(out_dir)
    try:
        return {"warm": warm_latency(searcher.search, mix),
                "correctness": evaluate(searcher.search, mix, truth, cache)}
    finally:
        searcher.close()


def index_figures(build: dict, corpus_bytes: int, docs: int, index_bytes: int) -> dict:
    """docs/s, MB/s and index size relative to the corpus, from a build summary."""
    seconds = build["seconds"]
    return {"docs_per_second": round(docs / seconds, 1), "mb_per_second": round(corpus_bytes / MB / seconds, 3),
            "index_bytes": index_bytes, "index_to_corpus": round(index_bytes / corpus_bytes, 2)}

