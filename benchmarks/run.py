"""One benchmark run: every system measured side by side on one generated corpus.

    python -m benchmarks.run --docs N [--seed 1] [--queries 700] [--cold-queries 50] [--repeat 1]
                             [--systems a,b] [--merge]

Systems: jieba-only (jieba precise mode over all Chinese titles and bodies: the floor of any jieba-based indexer),
searchkit (`searchkit index CORPUS --index DIR --rebuild` as a subprocess, then searchkit.Index and the CLI),
naive-whoosh, sqlite-fts5 and tantivy-py (benchmarks/peer_*.py). For each: build time (median of --repeat, every
sample kept) and peak RSS of the build's process tree; warm query latency p50/p95 overall and per kind over a
fixed seeded query mix (benchmarks/queries.py; snippets on for searchkit, its Index.search default); for
searchkit also cold latency (a new `searchkit search` process per query over the first --cold-queries queries of
the mix, one kind after another) and docs/s, MB/s, index size / corpus size, jieba-only time / build time;
exact-string correctness of zh_phrase and zh_char queries against a brute-force substring scan
(benchmarks/correctness.py). Writes benchmarks/results/run-N.json, regenerates the results section of
BENCHMARKS.md from all results files, and prints each target with MET / NOT MET. The corpus is generated
into benchmarks/work/ and reused for the same N and seed.

searchkit changes while runs are going on, so a run first copies searchkit's source into
benchmarks/work/searchkit-snapshots/<sha256>/ and re-runs itself with that copy first on PYTHONPATH (and
PYTHONSAFEPATH set, so the working tree is not imported from the current directory): every process of the run,
the `searchkit` CLI included, then measures the same version, whose digest the JSON records. The copy is
byte-compiled, as `pip install .` does, so a cold search does not compile searchkit's modules from source.

A large run can be split: `--systems jieba-only,searchkit` one day, `--systems naive-whoosh,... --merge` another.
With --merge the systems this run does not measure are kept from the existing run-N.json (same corpus and query
mix only), and "runs" in the JSON lists when, with which command and which searchkit each part was measured.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
MARKDOWN = ROOT / "BENCHMARKS.md"
ALL_SYSTEMS = ("jieba-only", "searchkit", "naive-whoosh", "sqlite-fts5", "tantivy-py")
SNAPSHOT_ENV = "SEARCHKIT_BENCH_SNAPSHOT"


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, required=True, help="corpus size (articles)")
    parser.add_argument("--seed", type=int, default=1, help="corpus generator seed (default 1)")
    parser.add_argument("--queries", type=int, default=700, help="query mix size, equal shares of 7 kinds")
    parser.add_argument("--query-seed", type=int, default=7, help="query mix seed (default 7)")
    parser.add_argument("--cold-queries", type=int, default=50, help="new-process searchkit searches timed")
    parser.add_argument("--repeat", type=int, default=1, help="build repetitions (medians reported)")
    parser.add_argument("--systems", default=",".join(ALL_SYSTEMS), help="comma-separated subset to run")
    parser.add_argument("--work", type=Path, default=WORK, help="corpus, index and snapshot folder")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of run-N.json files")
    parser.add_argument("--markdown", type=Path, default=MARKDOWN, help="BENCHMARKS.md to regenerate")
    parser.add_argument("--merge", action="store_true",
                        help="keep the systems of the existing run-N.json that this run does not measure")
    parser.add_argument("--snapshot", type=Path, default=None,
                        help="measure this earlier snapshot folder (WORK/searchkit-snapshots/ID) instead of a new one")
    options = parser.parse_args(argv)
    options.systems = [name.strip() for name in options.systems.split(",") if name.strip()]
    unknown = set(options.systems) - set(ALL_SYSTEMS)
    if unknown or options.docs < 1 or options.repeat < 1 or options.queries < 1:
        parser.error(f"bad options (unknown systems: {sorted(unknown)})" if unknown else "values must be >= 1")
    return options


def snapshot_searchkit(work: Path) -> Path:
    """Copy searchkit's source (as it is now) to work/searchkit-snapshots/<digest>/searchkit; return the parent."""
    source = ROOT / "searchkit"
    digest = hashlib.sha256()
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(source).as_posix().encode() + b"\0" + path.read_bytes())
    snapshot = Path(work).resolve() / "searchkit-snapshots" / digest.hexdigest()[:16]
    if not (snapshot / "searchkit").is_dir():
        staging = snapshot.with_name(snapshot.name + f".tmp{os.getpid()}")
        shutil.copytree(source, staging / "searchkit", ignore=shutil.ignore_patterns("__pycache__"))
        os.replace(staging, snapshot)
    return snapshot


def byte_compile(snapshot: Path) -> None:
    """Write the snapshot's bytecode, as `pip install .` does for a user: a cold search should not compile
    searchkit's modules from source (with PYTHONDONTWRITEBYTECODE set it would, in every new process)."""
    if not compileall.compile_dir(str(snapshot / "searchkit"), quiet=1):
        raise RuntimeError(f"could not byte-compile {snapshot / 'searchkit'}")


def run_in_snapshot(argv: list[str], snapshot: Path) -> int:
    """Re-run this command with the snapshot's searchkit ahead of the working tree on the import path."""
    path = os.pathsep.join(filter(None, [str(snapshot), str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "PYTHONSAFEPATH": "1", SNAPSHOT_ENV: str(snapshot)}
    return subprocess.run([sys.executable, "-m", "benchmarks.run", *argv], env=env).returncode


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    options = parse_options(argv)
    if not os.environ.get(SNAPSHOT_ENV):
        snapshot = options.snapshot.resolve() if options.snapshot else snapshot_searchkit(options.work)
        if not (snapshot / "searchkit" / "__init__.py").is_file():
            print(f"error: no searchkit snapshot in {snapshot}", file=sys.stderr)
            return 2
        byte_compile(snapshot)
        return run_in_snapshot(argv, snapshot)
    from benchmarks.harness import run_benchmarks

    return run_benchmarks(options, argv)


if __name__ == "__main__":
    sys.exit(main())
