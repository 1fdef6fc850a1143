"""The README's Python example runs as written."""

from __future__ import annotations

import json
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
    results = seed_index.search("劳动模范")
    hit = results.hits[0].to_json()
    assert f'"query": "劳动模范", "total": {results.total},' in readme
    assert f'"score": {hit["score"]:.2f},' in readme  # shown rounded
    for key, value in hit.items():
        if key not in ("score", "title_en"):  # title_en is shown cut short
            assert f'"{key}": {json.dumps(value, ensure_ascii=False)}' in readme, key


def test_the_old_spellings_table_is_as_large_as_the_readme_says():
    from searchkit import old_spellings

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    people = len(set(old_spellings._PEOPLE.values()))
    assert (f"holds {len(old_spellings._PLACES)} old spellings of places, {len(old_spellings._PEOPLE)} of {people} "
            f"leaders and writers of the archive's years, and {len(old_spellings._BODIES)} of bodies") in readme
