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


def _syntax_table_rows(readme: str) -> list[str]:
    """The rows of the README's query syntax table."""
    table = readme.split("## Query syntax", 1)[1].split("\n\n", 2)[1]
    return [row for row in table.splitlines() if row.startswith("| `")]


# First-column examples of the syntax table that show a form the bundled articles do not hold.
ILLUSTRATIVE_ONLY = {"WHO", "a AND b", "劳动模范 -北京", "劳动模范 NOT Beijing", '"organisation of labour"',
                     "column:社论", "date:1956-03-05"}


def test_every_example_of_the_syntax_table_is_a_valid_query_and_most_find_bundled_articles(seed_index):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = _syntax_table_rows(readme)
    assert len(rows) >= 15
    first_cells = [re.findall(r"`([^`]+)`", row.split(" | ")[0]) for row in rows]
    examples = [example for cell in first_cells for example in cell]
    in_prose = [example for row in rows for example in re.findall(r"`([^`]+)`", row.split(" | ", 1)[1])]
    for example in examples + [example for example in in_prose if len(example) > 1 or example.isalnum()]:
        if example not in ("pro*tion", "*劳", "北京~", "1949~"):  # shown as errors
            seed_index.search(example, snippets=False)  # raises on a syntax error
    finding_nothing = [example for example in examples
                       if example not in ILLUSTRATIVE_ONLY and seed_index.search(example, snippets=False).total == 0]
    assert finding_nothing == []
    assert ILLUSTRATIVE_ONLY <= set(examples)
