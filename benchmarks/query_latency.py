"""Warm query latency of searchkit on an index that already exists, without rebuilding it.

    python -m benchmarks.query_latency --index DIR --corpus CORPUS [--queries 140] [--query-seed 7]
                                       [--cold-queries 0] [--out FILE] [--compare EARLIER.json]

A 100,000-article build takes over an hour, so query-side changes are measured on the index a run left behind.
The mix is benchmarks.queries' seeded mix drawn from CORPUS (any corpus of the same generator; the queries need
not come from the indexed articles). It is timed like run.py's warm latency: snippets on, limit 10, one untimed
pass first; with --cold-queries N, also cold latency as run.py times it (a new `searchkit search` process for each
of the mix's first N queries, searchkit byte-compiled first as an install leaves it). Each query's total and
first-page ids are kept, so two versions of searchkit can be compared: run one with PYTHONPATH set to a snapshot of
its source, then the other with --compare on the first one's file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shlex
import sys
from pathlib import Path

import searchkit
from benchmarks.batch_vs_cli import machine
from benchmarks.harness import load_average, searchkit_source_digest
from benchmarks.peers import read_corpus
from benchmarks.queries import query_mix
from benchmarks.run import byte_compile
from benchmarks.systems import cold_latency, warm_latency


def measure(index_dir: Path, mix: list[tuple[str, str]]) -> dict:
    """Warm latency per kind, and the page each query returned in the timed pass."""
    from searchkit import Index

    pages: dict[str, dict] = {}
    with Index.open(index_dir) as index:
        def search(query: str, limit: int) -> list[str]:
            pages[query] = {"error": True}  # until it returns: a query that fails keeps no earlier page
            results = index.search(query, limit=limit)
            pages[query] = {"total": results.total, "ids": [hit.id for hit in results.hits]}
            return pages[query]["ids"]

        warm = warm_latency(search, mix)
    return {"warm": warm, "pages": [{"kind": kind, "query": query, **pages.get(query, {})} for kind, query in mix]}


def differing_pages(pages: list[dict], earlier: list[dict]) -> list[dict]:
    """The queries whose total or first page differs between two measurements of the same mix."""
    before = {page["query"]: page for page in earlier}
    return [{"query": page["query"], "now": page, "before": before.get(page["query"])}
            for page in pages if before.get(page["query"]) != page]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an existing searchkit index")
    parser.add_argument("--corpus", type=Path, required=True, help="articles to draw the query mix from")
    parser.add_argument("--queries", type=int, default=140, help="query mix size, equal shares of 7 kinds")
    parser.add_argument("--query-seed", type=int, default=7)
    parser.add_argument("--cold-queries", type=int, default=0, help="new-process searches timed (default none)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/query_latency.json"))
    parser.add_argument("--compare", type=Path, help="an earlier output of this command on the same mix")
    return parser


_SAME_MIX_KEYS = ("index", "corpus", "queries", "query_seed")


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    earlier = json.loads(options.compare.read_text(encoding="utf-8")) if options.compare else None
    this_mix = {"index": str(options.index), "corpus": str(options.corpus), "queries": options.queries,
                "query_seed": options.query_seed}
    if earlier and any(earlier.get(key) != this_mix[key] for key in _SAME_MIX_KEYS):
        print(f"error: {options.compare} measured another index or query mix: "
              + ", ".join(f"{key} {earlier.get(key)!r}" for key in _SAME_MIX_KEYS), file=sys.stderr)
        return 2
    mix = query_mix(read_corpus(options.corpus), options.queries, options.query_seed)
    started = datetime.datetime.now().isoformat(timespec="seconds")
    load_start = load_average()
    measured = measure(options.index, mix)
    if options.cold_queries > 0:
        byte_compile(Path(searchkit.__file__).parent.parent)
        measured["cold"] = cold_latency(options.index, mix[:options.cold_queries])
    result = {"command": "python -m benchmarks.query_latency " + shlex.join(sys.argv[1:] if argv is None else argv),
              "machine": machine(), "started": started, "load_average_start": load_start,
              "load_average_end": load_average(), **this_mix,
              "searchkit_path": str(Path(searchkit.__file__).parent),
              "searchkit_source_sha256": searchkit_source_digest(), **measured}
    if earlier:
        changed = differing_pages(measured["pages"], earlier["pages"])
        result["compared_with"] = {"file": str(options.compare), "sha256": earlier["searchkit_source_sha256"],
                                   "pages_differing": len(changed), "examples": changed[:5]}
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    overall = measured["warm"]["overall"]
    cold = measured.get("cold", {}).get("overall")
    print(f"{len(mix)} queries: p50 {overall['p50_ms']} ms, p95 {overall['p95_ms']} ms; "
          + (f"cold ({cold['n']}) p50 {cold['p50_ms']} ms, p95 {cold['p95_ms']} ms; " if cold else "")
          + (f"{result['compared_with']['pages_differing']} pages differ from {options.compare}; " if options.compare
             else "") + f"wrote {options.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
