"""The README's Python example runs as written."""

from __future__ import annotations

import re
import shutil

from conftest import REPO, SEEDS


def test_python_api_example_runs(tmp_path, monkeypatch, capsys):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [example] = [block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "Index.open" in block]
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    output = capsys.readouterr().out
    assert "1953-02-07" in output and "劳动模范" in output


def test_json_example_matches_real_output(seed_index):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    hit = seed_index.search("劳动模范").hits[0].to_json()
    for key in ("spans_zh", "aligned_spans_zh", "aligned_spans_en"):
        assert f'"{key}": {hit[key]}'.replace("'", '"') in readme
