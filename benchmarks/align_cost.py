"""Index-time cost of sentence alignment: searchkit builds of one generated corpus with and without the aligner.

    python -m benchmarks.align_cost [--docs 500] [--seed 1] [--repeat 3] [--procs N]

Each build is a fresh `build_index` in a new process (all cores unless --procs), timed wall-clock. "Without"
replaces the aligner's index-time part (align_groups) by one that returns no groups, so everything else stays
the same. Builds alternate (with,
without, with, ...) so that a change in machine load hits both. Writes benchmarks/results/align_cost-N.json with
every sample and the medians, and prints how much alignment adds to the build time, and the aligner's own time
per article of the corpus (in this process, after a warm-up pass): its index-time part (align_groups) and the
whole alignment (align: every group's sentences too, which searches do for the groups they show).
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

from benchmarks.batch_vs_cli import machine
from benchmarks.harness import prepare_corpus
from benchmarks.measure import measure_command, percentile
from searchkit.align import align, align_groups
from searchkit.corpus import find_article_files, read_article

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
_BUILD = """
import sys
import time
from pathlib import Path
import searchkit.align
from searchkit.indexer import build_index
if sys.argv[3] == "without":
    searchkit.align.align_groups = lambda body_en, body_zh: []
procs = int(sys.argv[4]) or None
print(build_index(Path(sys.argv[1]), Path(sys.argv[2]), rebuild=True, procs=procs).line())
"""


def timed_build(corpus: Path, index_dir: Path, mode: str, procs: int) -> float:
    shutil.rmtree(index_dir, ignore_errors=True)
    sample = measure_command([sys.executable, "-c", _BUILD, str(index_dir), str(corpus), mode, str(procs)])
    if sample["returncode"] != 0:
        raise SystemExit(f"build {mode} alignment failed: {sample['stderr_tail']}")
    return sample["wall_seconds"]


def align_milliseconds(corpus: Path, aligner=align) -> dict:
    """Mean and p95 of aligner(body_en, body_zh) per article of the corpus, in ms, after one warm-up pass."""
    articles = [read_article(path, corpus) for path in find_article_files(corpus)]
    for article in articles:
        aligner(article.body_en, article.body_zh)
    times = []
    for article in articles:
        started = time.perf_counter()
        aligner(article.body_en, article.body_zh)
        times.append((time.perf_counter() - started) * 1000)
    return {"mean": round(statistics.mean(times), 2), "p95": round(percentile(times, 0.95), 2),
            "max": round(max(times), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--procs", type=int, default=0, help="indexing processes (default: searchkit's choice)")
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "work")
    options = parser.parse_args()
    corpus, _ = prepare_corpus(options.work, options.docs, options.seed)
    samples: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(options.repeat):
        for mode in samples:
            samples[mode].append(timed_build(corpus, options.work / "align-cost-index", mode, options.procs))
    align_ms, groups_ms = align_milliseconds(corpus), align_milliseconds(corpus, align_groups)
    medians = {mode: statistics.median(values) for mode, values in samples.items()}
    added = medians["with"] / medians["without"] - 1
    result = {"command": "python -m benchmarks.align_cost " + " ".join(sys.argv[1:]), "machine": machine(),
              "finished": datetime.datetime.now().isoformat(timespec="seconds"), "docs": options.docs,
              "seed": options.seed, "samples_seconds": samples, "median_seconds": medians,
              "added_by_alignment": round(added, 4), "align_ms_per_article": align_ms,
              "align_groups_ms_per_article": groups_ms}
    (RESULTS / f"align_cost-{options.docs}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{options.docs} articles: with alignment {medians['with']:.1f} s, without {medians['without']:.1f} s "
          f"(medians of {options.repeat}); alignment adds {added:.0%} to the build time; align() takes "
          f"{align_ms['mean']} ms per article on average (p95 {align_ms['p95']} ms), of which indexing pays "
          f"align_groups' {groups_ms['mean']} ms (p95 {groups_ms['p95']} ms)")


if __name__ == "__main__":
    main()
