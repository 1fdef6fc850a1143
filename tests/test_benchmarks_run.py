"""The benchmark harness (benchmarks/run.py) end to end on a tiny corpus, plus its query translation and statistics.

One run of N = 200 documents, 14 queries, 1 repeat and 3 cold searches, into tmp_path, exercises every system
(tantivy-py only when the optional `bench` extra is installed). No timing is asserted; searchkit's exact-string
recall and precision of 1.0 are, because they are a behavioural guarantee. About 30 s, most of it index builds.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.measure import percentile
from benchmarks.peer_queries import parse_peer_query
from benchmarks.peers import PEER_MODULES
from benchmarks.queries import KINDS

HAVE_TANTIVY = importlib.util.find_spec("tantivy") is not None
SYSTEMS = ["jieba-only", "searchkit", "naive-whoosh", "sqlite-fts5"] + (["tantivy-py"] if HAVE_TANTIVY else [])
SEARCH_SYSTEMS = [name for name in SYSTEMS if name != "jieba-only"]
BUILD_KEYS = {"seconds", "seconds_samples", "peak_rss_mb", "peak_rss_mb_max", "peak_rss_mb_samples",
              "peak_pss_mb_max", "max_process_rss_mb", "max_processes", "samples"}
INDEX_KEYS = {"docs_per_second", "mb_per_second", "index_bytes", "index_to_corpus"}
LATENCY_KEYS = {"n", "p50_ms", "p95_ms", "mean_ms", "max_ms"}
CORRECTNESS_KEYS = {"queries", "recall_mean", "precision_mean", "recall_min", "precision_min", "recall_micro",
                    "precision_micro", "exact_sets"}
FRACTIONS = ("recall_mean", "precision_mean", "recall_min", "precision_min", "recall_micro", "precision_micro")


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    argv = ["--docs", "200", "--queries", "14", "--cold-queries", "3", "--repeat", "1",
            "--systems", ",".join(SYSTEMS), "--work", str(root / "work"), "--results", str(root / "results"),
            "--markdown", str(root / "BENCHMARKS.md")]
    assert run.main(argv) == 0
    result = json.loads((root / "results" / "run-200.json").read_text(encoding="utf-8"))
    return result, (root / "BENCHMARKS.md").read_text(encoding="utf-8")


def test_every_system_has_its_build_figures(tiny_run):
    result, _ = tiny_run
    assert set(result["systems"]) == set(SYSTEMS)
    for name in SYSTEMS:
        build = result["systems"][name]["build"]
        assert BUILD_KEYS <= set(build) and build["seconds"] > 0 and len(build["seconds_samples"]) == 1
    for name in SEARCH_SYSTEMS:
        assert INDEX_KEYS <= set(result["systems"][name]["index"])
    assert result["systems"]["searchkit"]["jieba_ratio"] > 0
    assert result["corpus"]["files"] == 200 and result["machine"]["cores"] >= 1


def test_every_search_system_has_warm_latency_per_kind(tiny_run):
    result, _ = tiny_run
    for name in SEARCH_SYSTEMS:
        warm = result["systems"][name]["warm"]
        assert LATENCY_KEYS <= set(warm["overall"]) and warm["overall"]["n"] == 14
        assert set(warm["by_kind"]) == set(KINDS)
        assert all(LATENCY_KEYS <= set(summary) for summary in warm["by_kind"].values())
    searchkit = result["systems"]["searchkit"]
    assert searchkit["warm"]["errors"] == 0 and searchkit["warm_no_snippets"]["overall"]["n"] == 14
    assert searchkit["cold"]["overall"]["n"] == 3 and searchkit["cold"]["errors"] == 0


def test_correctness_is_a_fraction_for_every_system(tiny_run):
    result, _ = tiny_run
    for name in SEARCH_SYSTEMS:
        correctness = result["systems"][name]["correctness"]
        assert set(correctness["by_kind"]) == {"zh_phrase", "zh_char"}
        for summary in [*correctness["by_kind"].values(), correctness["overall"]]:
            assert CORRECTNESS_KEYS <= set(summary)
            assert all(0.0 <= summary[key] <= 1.0 for key in FRACTIONS)
            assert 0 <= summary["exact_sets"] <= summary["queries"]


def test_searchkit_exact_strings_match_the_substring_scan(tiny_run):
    result, _ = tiny_run
    overall = result["systems"]["searchkit"]["correctness"]["overall"]
    assert overall["queries"] == 4
    assert overall["recall_min"] == 1.0 and overall["precision_min"] == 1.0
    assert overall["exact_sets"] == overall["queries"]


def test_targets_and_markdown_are_written(tiny_run):
    result, markdown = tiny_run
    assert len(result["targets"]) == 5 and all(t["met"] in (True, False) for t in result["targets"])
    assert "### 200 documents" in markdown and "<!-- RESULTS:END -->" in markdown
    assert all(f"| {name} |" in markdown for name in SYSTEMS)


def test_the_run_measured_a_snapshot_and_lists_every_peer(tiny_run):
    result, _ = tiny_run
    assert "searchkit-snapshots" in result["searchkit_path"]
    snapshot = Path(result["searchkit_path"])
    compiled = {path.name.split(".")[0] for path in (snapshot / "__pycache__").glob("*.pyc")}
    assert compiled == {path.stem for path in snapshot.glob("*.py")}  # all, as `pip install .` leaves them
    assert set(run.ALL_SYSTEMS) == {"jieba-only", "searchkit", *PEER_MODULES}


def test_peer_query_reader_follows_searchkit_precedence():
    query = parse_peer_query('劳动 OR "labor model" NOT 北京 date:[1950 TO 1956-02]')
    assert [[leaf.text for leaf in group.must] for group in query.groups] == [["劳动"], ["labor model"]]
    assert [leaf.text for leaf in query.groups[1].must_not] == ["北京"]
    assert query.groups[1].must[0].quoted and not query.groups[1].must[0].chinese
    assert (query.date_from, query.date_to) == ("1950-01-01", "1956-02-29")


def test_percentile_is_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile([], 0.5) is None


def _run(systems: dict, started: str) -> dict:
    return {"docs": 100, "seed": 1, "queries": 14, "query_seed": 7, "cold_queries": 3, "repeat": 1,
            "machine": {"cores": 2, "memory_gib": 23.5, "python": "3.11.7", "platform": "Linux-6.1-v1-x86_64"},
            "systems": systems, "started": started,
            "command": f"python -m benchmarks.run --docs 100 ({started})", "searchkit_source_sha256": started,
            "load_average_start": [0.0, 0.0, 0.0], "searchkit_path": f"snapshots/{started}/searchkit"}


def test_a_split_run_merges_the_systems_of_the_earlier_part(tmp_path):
    from benchmarks.harness import _run_record, earlier_run, merge_earlier_run

    build = {"build": {"seconds": 10.0}}
    earlier = _run({"jieba-only": {"build": {"seconds": 2.0}}, "searchkit": {**build, "jieba_ratio": 0.2},
                    "sqlite-fts5": {"build": {"seconds": 1.0}}}, "day 1")
    path = tmp_path / "run-100.json"
    path.write_text(json.dumps(earlier), encoding="utf-8")
    later = _run({"sqlite-fts5": {"build": {"seconds": 3.0}}, "naive-whoosh": build}, "day 2")
    later["runs"] = [_run_record(later, sorted(later["systems"]))]
    merge_earlier_run(later, earlier_run(path, later))
    assert sorted(later["systems"]) == ["jieba-only", "naive-whoosh", "searchkit", "sqlite-fts5"]
    assert later["systems"]["sqlite-fts5"]["build"]["seconds"] == 3.0  # re-measured: the new figure wins
    assert later["systems"]["searchkit"]["jieba_ratio"] == 0.2
    assert [(run["started"], run["systems"]) for run in later["runs"]] == [
        ("day 1", ["jieba-only", "searchkit"]), ("day 2", ["naive-whoosh", "sqlite-fts5"])]


def test_a_run_of_another_corpus_is_refused_before_anything_is_measured(tmp_path):
    from benchmarks.harness import earlier_run

    path = tmp_path / "run-100.json"
    assert earlier_run(path, _run({}, "now")) is None
    path.write_text(json.dumps(_run({}, "then")), encoding="utf-8")
    with pytest.raises(SystemExit, match="differs in seed"):
        earlier_run(path, {**_run({}, "now"), "seed": 2})
    now = _run({}, "now")
    with pytest.raises(SystemExit, match="differs in machine_kind"):
        earlier_run(path, {**now, "repeat": 3, "machine": {**now["machine"], "cores": 4}})
    assert earlier_run(path, {**now, "repeat": 3}) is not None  # each system keeps its own samples
    restarted = {**now["machine"], "platform": now["machine"]["platform"].replace("v1", "v2")}
    assert earlier_run(path, {**now, "machine": restarted}) is not None  # another kernel build, same kind


def test_a_merged_run_lists_the_command_of_each_part():
    from benchmarks.report import _header_lines

    result = {**_run({}, "day 2"), "corpus": {"files": 100, "bytes": 1_000_000}, "finished": "day 2",
              "machine": {"cores": 2, "memory_gib": 24, "python": "3.11", "platform": "Linux"},
              "runs": [{"systems": ["sqlite-fts5"], "command": "python -m benchmarks.run B --merge",
                        "started": "day 2", "searchkit_source_sha256": "b" * 64,
                        "searchkit_path": "work/searchkit-snapshots/bbbb/searchkit"},
                       {"systems": ["searchkit"], "command": "python -m benchmarks.run A", "started": "day 1",
                        "searchkit_source_sha256": "a" * 64,
                        "searchkit_path": "work/searchkit-snapshots/snap-a/searchkit"}]}
    result["systems"] = {"searchkit": {}, "sqlite-fts5": {}}
    header = "\n".join(_header_lines(result))
    assert "`python -m benchmarks.run A`, started day 1" in header and "sqlite-fts5: `python -m benchmarks.run B" in header
    assert "searchkit measured: a snapshot of its source taken at the start (`snap-a`), *.py sha256 `aaaaaaaaaaaa`" \
        in header
    assert "last part finished day 2; its load average" in header
    result["systems"] = {"sqlite-fts5": {}}
    assert "searchkit measured" not in "\n".join(_header_lines(result))


def test_query_latency_measures_an_existing_index_and_compares_pages(tiny_run, tmp_path):
    from benchmarks import query_latency

    result, _ = tiny_run
    work = Path(result["corpus"]["path"]).parent
    index_dir, corpus = work / "run-200-seed1" / "searchkit", Path(result["corpus"]["path"])
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    argv = ["--index", str(index_dir), "--corpus", str(corpus), "--queries", "14"]
    assert query_latency.main(argv + ["--out", str(first)]) == 0
    assert query_latency.main(argv + ["--out", str(second), "--compare", str(first), "--cold-queries", "2"]) == 0
    measured = json.loads(second.read_text(encoding="utf-8"))
    assert set(measured["warm"]["by_kind"]) == set(KINDS) and measured["warm"]["errors"] == 0
    assert "cold" not in json.loads(first.read_text(encoding="utf-8"))
    assert measured["cold"]["overall"]["n"] == 2 and measured["cold"]["errors"] == 0
    assert len(measured["pages"]) == 14 and all(page["total"] >= len(page["ids"]) for page in measured["pages"])
    assert sum(page["total"] > 0 for page in measured["pages"]) >= 10
    assert measured["compared_with"]["pages_differing"] == 0
    changed = [dict(page, ids=page["ids"][::-1] + ["x"]) for page in measured["pages"]]
    assert len(query_latency.differing_pages(changed, measured["pages"])) == 14
    other_mix = ["--index", str(index_dir), "--corpus", str(corpus), "--queries", "7", "--compare", str(first)]
    assert query_latency.main(other_mix + ["--out", str(tmp_path / "third.json")]) == 2
    assert not (tmp_path / "third.json").exists()
