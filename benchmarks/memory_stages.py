"""Where an indexing process's memory goes: a one-process build with its RSS read at each stage.

    python -m benchmarks.memory_stages CORPUS_DIR [--docs N] [--every 1000] [--name NAME]

Builds an index of the first N articles of CORPUS_DIR (sorted by path) in this process, one process as each
indexing worker is, and reads its RSS from /proc (benchmarks.measure.rss_bytes): at marks (imports done, first
article added, every --every articles, each field the segment's merge writes, done), and every 0.05 s in a
thread that keeps the peak of each stage (adding, spilling a full posting buffer, merging). A stage's peak is
that of the time after its mark: the peak of "imports done" is the loading of the dictionaries and the first
article. The stages are found by wrapping
methods of searchkit.segment_writer.BulkSegmentWriter, so this script follows that class's internals. For each
field the merge writes, it also counts the chunks and the most postings, positions and terms one held.
Writes benchmarks/results/memory_stages-NAME.json (NAME defaults to N) and prints the marks and the peaks.
Linux only (/proc).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.batch_vs_cli import machine
from benchmarks.measure import rss_bytes

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
SAMPLE_SECONDS = 0.05


def rss_mb() -> float:
    return rss_bytes(os.getpid()) / (1024 * 1024)


class StageRecorder:
    """Marks (seconds, RSS, stage entered) and the peak RSS of each stage, sampled in a daemon thread."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.stage, self.marks, self.peaks, self.chunks = "start", [], {}, {}
        self._stop = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.note()
            time.sleep(SAMPLE_SECONDS)

    def note(self) -> float:
        rss = rss_mb()
        self.peaks[self.stage] = max(self.peaks.get(self.stage, 0.0), rss)
        return rss

    def mark(self, stage: str) -> None:
        self.note()
        self.stage = stage
        self.marks.append({"seconds": round(time.perf_counter() - self.started, 2), "rss_mb": round(self.note(), 1),
                           "stage": stage})

    def stop(self) -> None:
        self._stop.set()


@contextlib.contextmanager
def instrumented(recorder: StageRecorder, every: int):
    """The bulk writer's stages wrapped so that the recorder knows which one is running (restored on exit)."""
    from searchkit.segment_writer import BulkFieldWriter, BulkSegmentWriter

    added = [0]
    add_document, spill, write_field = (BulkSegmentWriter.add_document, BulkSegmentWriter._spill,
                                        BulkSegmentWriter._write_bulk_field)
    add_chunk = BulkFieldWriter.add_chunk

    @functools.wraps(add_document)
    def counted_add(self, **fields):
        result = add_document(self, **fields)
        added[0] += 1
        if added[0] == 1 or added[0] % every == 0:
            recorder.mark(f"adding (after {added[0]} articles)")
        return result

    @functools.wraps(spill)
    def marked_spill(self):
        previous, recorder.stage = recorder.stage, "spilling a full posting buffer"
        try:
            return spill(self)
        finally:
            recorder.stage = previous

    @functools.wraps(write_field)
    def marked_write(self, name, *args):
        recorder.mark(f"merging field {name}")
        return write_field(self, name, *args)

    @functools.wraps(add_chunk)
    def measured_chunk(self, merged, chunk, length_of_doc):
        add_chunk(self, merged, chunk, length_of_doc)
        record_chunk(recorder.chunks.setdefault(self._fieldname, {}), chunk)

    BulkSegmentWriter.add_document, BulkSegmentWriter._spill = counted_add, marked_spill
    BulkSegmentWriter._write_bulk_field, BulkFieldWriter.add_chunk = marked_write, measured_chunk
    try:
        yield
    finally:
        BulkSegmentWriter.add_document, BulkSegmentWriter._spill = add_document, spill
        BulkSegmentWriter._write_bulk_field, BulkFieldWriter.add_chunk = write_field, add_chunk


def record_chunk(summary: dict, chunk) -> None:
    """Count a merged chunk into its field's summary: chunks, and the most postings, positions and terms of one."""
    keys = chunk.keys
    found = {"postings": len(keys), "positions": 0 if chunk.positions is None else len(chunk.positions),
             "terms": int((keys[1:] != keys[:-1]).sum()) + 1 if len(keys) else 0}
    summary["chunks"] = summary.get("chunks", 0) + 1
    for name, value in found.items():
        summary[f"most_{name}"] = max(summary.get(f"most_{name}", 0), value)


def first_articles(corpus: Path, docs: int | None, folder: Path) -> Path:
    """A corpus folder of links to the first `docs` article files of corpus (all of them when docs is None)."""
    from searchkit.corpus_files import article_relative_paths

    for relative in article_relative_paths(corpus)[:docs]:
        link = folder / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to((corpus / relative).resolve())
    return folder


def measure(corpus: Path, docs: int | None, every: int) -> dict:
    recorder = StageRecorder()
    from searchkit.indexer import build_index

    recorder.mark("imports done")
    with tempfile.TemporaryDirectory(prefix="memory-stages-") as work, instrumented(recorder, every):
        articles = first_articles(corpus, docs, Path(work) / "corpus")
        summary = build_index(Path(work) / "index", articles, rebuild=True, procs=1)
        recorder.mark("done")
    recorder.stop()
    return {"articles": summary.added, "marks": recorder.marks,
            "stage_peaks_mb": {stage: round(peak, 1) for stage, peak in recorder.peaks.items()},
            "peak_mb": round(max(recorder.peaks.values()), 1),
            "merged_chunks": {field: recorder.chunks[field] for field in sorted(recorder.chunks)}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--docs", type=int, default=None, help="articles to index (default: all)")
    parser.add_argument("--every", type=int, default=1000, help="articles between marks while adding")
    parser.add_argument("--name", default=None, help="results file suffix (default: the number of articles)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    options = parser.parse_args(argv)
    result = measure(options.corpus, options.docs, options.every)
    result = {"command": "python -m benchmarks.memory_stages " + " ".join(argv if argv is not None else sys.argv[1:]),
              "machine": machine(), "finished": datetime.datetime.now().isoformat(timespec="seconds"), **result}
    options.results.mkdir(parents=True, exist_ok=True)
    path = options.results / f"memory_stages-{options.name or result['articles']}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for mark in result["marks"]:
        print(f"{mark['seconds']:8.1f} s {mark['rss_mb']:7.1f} MB  {mark['stage']}")
    for stage, peak in result["stage_peaks_mb"].items():
        print(f"peak {peak:7.1f} MB  {stage}")
    for field, chunks in result["merged_chunks"].items():
        print(f"{field}: {chunks['chunks']} chunks, at most {chunks['most_postings']} postings, "
              f"{chunks['most_positions']} positions, {chunks['most_terms']} terms")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
