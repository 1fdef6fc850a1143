"""Run every benchmark measurement for benchmarks/run.py and write the results JSON and BENCHMARKS.md.

Builds come first (each system's build in a fresh process, interleaved per repetition), then each system's
queries. Imported only inside the searchkit snapshot that benchmarks/run.py sets up, so one run measures one
version of searchkit from start to end.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
import shlex
import sys
import time
from pathlib import Path

import searchkit
from benchmarks import systems
from benchmarks.batch_vs_cli import machine
from benchmarks.correctness import SubstringTruth
from benchmarks.generate import generate
from benchmarks.measure import directory_bytes
from benchmarks.peers import PEER_MODULES, peer_available, read_corpus
from benchmarks.queries import query_mix
from benchmarks.report import console_summary, evaluate_targets, update_markdown
from searchkit.corpus import find_article_files


def prepare_corpus(work: Path, docs: int, seed: int) -> tuple[Path, dict]:
    """The generated corpus for (docs, seed), reused when a finished one is present; its generation stats."""
    corpus = work / f"corpus-{docs}-seed{seed}"
    marker = work / f"corpus-{docs}-seed{seed}.json"
    if marker.is_file() and corpus.is_dir():
        return corpus, json.loads(marker.read_text(encoding="utf-8"))
    work.mkdir(parents=True, exist_ok=True)
    stats = dataclasses.asdict(generate(corpus, docs, seed, overwrite=True))
    marker.write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return corpus, stats


def searchkit_source_digest() -> str:
    """SHA-256 over the source files of the searchkit being measured (the snapshot run.py made)."""
    digest = hashlib.sha256()
    for path in sorted(Path(searchkit.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages: other work on the machine competes with the measurements."""
    return [round(value, 2) for value in os.getloadavg()]


def run_builds(names: list[str], corpus: Path, dirs: dict[str, Path], repeat: int) -> dict[str, list[dict]]:
    """Every build sample, the systems interleaved within each repetition so drift spreads evenly."""
    samples: dict[str, list[dict]] = {name: [] for name in names}
    for repetition in range(repeat):
        for name in names:
            print(f"build {repetition + 1}/{repeat}: {name} ...", file=sys.stderr, flush=True)
            if name == "jieba-only":
                sample = systems.jieba_floor_sample(corpus)
            elif name == "searchkit":
                sample = systems.searchkit_build_sample(corpus, dirs[name])
            else:
                sample = systems.peer_build_sample(name, corpus, dirs[name])
            sample["stderr_tail"] = sample["stderr_tail"][-300:]
            samples[name].append(sample)
    return samples


def summarize_system_builds(name: str, samples: list[dict]) -> dict:
    if name == "jieba-only":  # the floor is the segmentation alone, timed inside the process
        return systems.summarize_builds(samples, lambda sample: sample["inner"]["seconds"])
    return systems.summarize_builds(samples, lambda sample: sample["wall_seconds"])


def measure_systems(options, corpus: Path, corpus_bytes: int, mix, articles) -> dict:
    """Builds, then queries, of every selected system: the "systems" object of the results JSON."""
    run_dir = options.work / f"run-{options.docs}-seed{options.seed}"
    dirs = {name: run_dir / name for name in options.systems}
    samples = run_builds(options.systems, corpus, dirs, options.repeat)
    truth, cache = SubstringTruth(articles), {}
    measured: dict[str, dict] = {}
    for name in options.systems:
        print(f"queries: {name} ...", file=sys.stderr, flush=True)
        build = summarize_system_builds(name, samples[name])
        if name == "jieba-only":
            measured[name] = {"build": build, "tokens": samples[name][-1]["inner"]["tokens"],
                              "zh_chars": samples[name][-1]["inner"]["zh_chars"]}
        elif name == "searchkit":
            index = systems.index_figures(build, corpus_bytes, options.docs,
                                          systems.searchkit_index_bytes(dirs[name]))
            measured[name] = {"build": build, "index": index,
                              **systems.searchkit_queries(dirs[name], mix, truth, cache),
                              "cold": systems.cold_latency(dirs[name], mix[:options.cold_queries])}
        else:
            index = systems.index_figures(build, corpus_bytes, options.docs, directory_bytes(dirs[name]))
            measured[name] = {"build": build, "index": index,
                              **systems.peer_queries(name, dirs[name], mix, truth, cache)}
    if "jieba-only" in measured and "searchkit" in measured:
        floor, build = measured["jieba-only"]["build"]["seconds"], measured["searchkit"]["build"]["seconds"]
        measured["searchkit"]["jieba_ratio"] = round(floor / build, 3)
    return measured


# What two parts of a merged run must share. Not the build repeat count: every system keeps its own build samples,
# and each part's command (with its --repeat) is listed. The machine is compared by kind (cores, memory, Python,
# architecture): the kernel build in platform.platform() changes when the same kind of machine is restarted, and
# each part records its own platform.
_SAME_RUN_KEYS = ("docs", "seed", "queries", "query_seed", "cold_queries", "machine_kind")


def machine_kind(machine: dict) -> dict:
    return {"cores": machine["cores"], "memory_gib": machine["memory_gib"], "python": machine["python"],
            "architecture": "x86_64" if "x86_64" in machine["platform"] else machine["platform"].split("-")[-1]}


def _run_record(result: dict, systems: list[str]) -> dict:
    return {"systems": systems, "command": result["command"], "started": result["started"],
            "searchkit_source_sha256": result["searchkit_source_sha256"], "searchkit_path": result["searchkit_path"],
            "load_average_start": result["load_average_start"], "platform": result["machine"]["platform"]}


def earlier_run(path: Path, run: dict) -> dict | None:
    """The results at path, if any, checked before anything is measured to be of the same corpus and query
    mix as this run (`run` holds this run's _SAME_RUN_KEYS)."""
    if not path.is_file():
        return None
    earlier = json.loads(path.read_text(encoding="utf-8"))
    earlier["machine_kind"] = machine_kind(earlier["machine"])
    run = {**run, "machine_kind": machine_kind(run["machine"])}
    different = [key for key in _SAME_RUN_KEYS if earlier.get(key) != run[key]]
    if different:
        raise SystemExit(f"cannot merge with {path}: it differs in {', '.join(different)}")
    return earlier


def merge_earlier_run(result: dict, earlier: dict) -> None:
    """Add to result the systems of an earlier run (see earlier_run) that this run did not measure, and the
    record of the run that measured them. jieba-only / searchkit stays as measured within one part: a ratio of
    builds timed on different days would mix their machine loads."""
    kept = sorted(set(earlier["systems"]) - set(result["systems"]))
    result["systems"] = {**{name: earlier["systems"][name] for name in kept}, **result["systems"]}
    earlier_runs = earlier.get("runs") or [_run_record(earlier, sorted(earlier["systems"]))]
    result["runs"] = [{**run, "systems": [name for name in run["systems"] if name in kept]}
                      for run in earlier_runs if set(run["systems"]) & set(kept)] + result["runs"]


def run_benchmarks(options, argv: list[str]) -> int:
    """Measure, write run-N.json and BENCHMARKS.md, print the summary; options as parsed by benchmarks.run."""
    started, began = time.perf_counter(), datetime.datetime.now().isoformat(timespec="seconds")
    skipped = [name for name in options.systems if name in PEER_MODULES and not peer_available(name)]
    options.systems = [name for name in options.systems if name not in skipped]
    corpus, generation = prepare_corpus(options.work, options.docs, options.seed)
    files = find_article_files(corpus)
    corpus_bytes = sum(path.stat().st_size for path in files)
    articles = read_corpus(corpus)
    mix = query_mix(articles, options.queries, options.query_seed)
    path = options.results / f"run-{options.docs}.json"
    this_run = {"docs": options.docs, "seed": options.seed, "queries": len(mix), "query_seed": options.query_seed,
                "cold_queries": min(options.cold_queries, len(mix)), "repeat": options.repeat, "machine": machine()}
    earlier = earlier_run(path, this_run) if options.merge else None
    result = {
        **this_run, "command": "python -m benchmarks.run " + " ".join(shlex.quote(arg) for arg in argv),
        "started": began, "load_average_start": load_average(),
        "searchkit_source_sha256": searchkit_source_digest(),
        "searchkit_path": str(Path(searchkit.__file__).parent),
        "corpus": {"path": str(corpus), "files": len(files), "bytes": corpus_bytes,
                   "zh_chars_total": generation.get("zh_chars_total"),
                   "en_chars_total": generation.get("en_chars_total")},
        "skipped_systems": skipped,
        "systems": measure_systems(options, corpus, corpus_bytes, mix, articles),
    }
    result["runs"] = [_run_record(result, sorted(result["systems"]))]
    if earlier:
        merge_earlier_run(result, earlier)
    result["targets"] = evaluate_targets(result)
    result["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    result["load_average_end"] = load_average()
    result["harness_seconds"] = round(time.perf_counter() - started, 1)
    options.results.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    update_markdown(options.markdown, options.results)
    print(console_summary(result))
    print(f"wrote {path} and {options.markdown}", file=sys.stderr)
    return 0
