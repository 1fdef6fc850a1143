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
