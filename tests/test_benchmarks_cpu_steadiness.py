"""The CPU steadiness probe (benchmarks/cpu_steadiness.py) writes its figures; no timing is asserted."""

from __future__ import annotations

import json

from benchmarks import cpu_steadiness


def test_the_probe_writes_ordered_figures(tmp_path, capsys):
    out = tmp_path / "steadiness.json"
    assert cpu_steadiness.main(["--rounds", "5", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["rounds"] == 5 and result["machine"]["cores"] >= 1
    figures = [result[key] for key in ("min_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms")]
    assert figures == sorted(figures) and figures[0] > 0
    assert 0 <= result["rounds_over_twice_min"] <= 5
    assert "wrote" in capsys.readouterr().out
