"""benchmarks/memory_stages.py: a one-process build of the seeds, its RSS read at every stage."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import memory_stages
from searchkit.segment_writer import BulkFieldWriter, BulkSegmentWriter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_every_stage_is_marked_and_the_writer_is_restored(tmp_path, capsys):
    originals = (BulkSegmentWriter.add_document, BulkSegmentWriter._spill, BulkSegmentWriter._write_bulk_field,
                 BulkFieldWriter.add_chunk)
    assert memory_stages.main([str(SEEDS), "--docs", "20", "--every", "10", "--results", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "memory_stages-20.json").read_text(encoding="utf-8"))
    stages = [mark["stage"] for mark in result["marks"]]
    assert result["articles"] == 20
    assert stages[0] == "imports done" and stages[-1] == "done"
    assert "adding (after 1 articles)" in stages and "adding (after 20 articles)" in stages
    assert any(stage.startswith("merging field body_zh") for stage in stages)
    assert result["peak_mb"] >= max(mark["rss_mb"] for mark in result["marks"]) > 0
    assert "done" in capsys.readouterr().out
    body = result["merged_chunks"]["body_en"]
    assert body["chunks"] >= 1 and body["most_postings"] >= body["most_terms"] > 1 and body["most_positions"] > 0
    assert result["merged_chunks"]["body_zh"]["most_positions"] == 0  # a frequency field: no positions
    assert (BulkSegmentWriter.add_document, BulkSegmentWriter._spill, BulkSegmentWriter._write_bulk_field,
            BulkFieldWriter.add_chunk) == originals
