"""The scale-corpus generator (benchmarks/generate.py): determinism, file structure, lengths, parseability."""

from __future__ import annotations

import multiprocessing
import re
from datetime import date
from pathlib import Path

import pytest

from benchmarks import generate as gen
from searchkit.corpus import read_article

HAN = re.compile(r"[\u3400-\u9fff]")
DOCS = 50


def _read_tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*.txt"))}


def _chinese_body(text: str) -> str:
    return text.split("\n专栏：", 1)[1].split("\n", 1)[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, gen.GenerationStats]:
    out = tmp_path_factory.mktemp("corpus") / "out"
    return out, gen.generate(out, DOCS, 11)


def test_same_seed_gives_identical_bytes_and_another_seed_differs(corpus, tmp_path):
    out, _ = corpus
    again = tmp_path / "again"
    gen.generate(again, DOCS, 11)
    assert _read_tree(out) == _read_tree(again)

    other = tmp_path / "other"
    gen.generate(other, DOCS, 12)
    first, second = _read_tree(out), _read_tree(other)
    assert first.keys() == second.keys()
    assert all(first[name] != second[name] for name in first)


def test_files_are_sharded_and_numbered(corpus):
    out, stats = corpus
    assert sorted(_read_tree(out)) == [f"0000/{i:06d}.txt" for i in range(DOCS)]
    assert stats.files_written == DOCS
    assert stats.bytes_written == sum(len(data) for data in _read_tree(out).values())


def test_output_does_not_depend_on_shard_size_or_worker_count(corpus, tmp_path, monkeypatch):
    out, _ = corpus
    monkeypatch.setattr(gen, "SHARD_SIZE", 20)
    jobs = 2 if "fork" in multiprocessing.get_all_start_methods() else 1
    sharded = tmp_path / "sharded"
    gen.generate(sharded, DOCS, 11, jobs=jobs)
    tree = _read_tree(sharded)
    assert sorted({name.split("/")[0] for name in tree}) == ["0000", "0001", "0002"]
    assert {name.split("/")[1]: data for name, data in tree.items()} == {
        name.split("/")[1]: data for name, data in _read_tree(out).items()
    }


def test_each_file_has_the_archive_layout(corpus):
    out, _ = corpus
    dates = []
    for name, data in _read_tree(out).items():
        text = data.decode("utf-8")
        english, separator, chinese = text.partition("\n<hr /> \n\nOriginal: \n\n\n### ")
        assert separator, name
        header = re.match(
            r"Title: (.+)\n\n?Author:(?: (.*))?\n\n?Date: (\d{4}-\d\d-\d\d)\n(?:Page|Edition): ([1-8])\n\n[ \u3000]",
            english,
        )
        assert header, name
        dates.append(header.group(3))
        assert date(1946, 1, 1) <= date.fromisoformat(header.group(3)) <= date(2003, 12, 31)
        zh_title, zh_author, zh_date, zh_page, zh_column, blank, body = chinese.split("\n", 6)
        assert zh_title.strip() and zh_date == header.group(3) and blank == ""
        assert re.fullmatch(r"第([1-8])版\((.*)\)", zh_page).group(1) == header.group(4)
        assert zh_column.startswith("专栏：")
        assert body.startswith(("\u3000\u3000", "    ")) and body.endswith("\n")
        assert bool(header.group(2)) == bool(zh_author), name
    assert dates == sorted(dates)  # archive order


def test_lengths_are_within_bounds_and_match_the_stats(corpus):
    out, stats = corpus
    lengths = sorted(len(HAN.findall(_chinese_body(data.decode("utf-8")))) for data in _read_tree(out).values())
    assert gen.MIN_CHARS <= lengths[0] and lengths[-1] <= gen.MAX_CHARS
    assert (stats.zh_chars_min, stats.zh_chars_max, stats.zh_chars_total) == (lengths[0], lengths[-1], sum(lengths))
    assert 2.0 < stats.en_chars_per_zh_char < 7.0
    assert stats.distinct_zh_terms > 1_000 and stats.distinct_en_terms > 1_000


def test_lengths_follow_a_skewed_distribution():
    import random

    rnd = random.Random(5).random
    targets = sorted(gen._length_target(rnd) for _ in range(4_000))
    median = targets[len(targets) // 2]
    assert 1_000 <= median <= 1_500
    assert targets[int(len(targets) * 0.9)] > 2.5 * median  # long right tail
    assert gen.MIN_CHARS <= targets[0] and targets[-1] <= gen.MAX_CHARS


def test_parser_reads_every_generated_file(corpus):
    out, _ = corpus
    for path in sorted(out.rglob("*.txt")):
        article = read_article(path, out)
        assert article.body_en.strip() and article.body_zh.strip(), path
        assert article.title_en and article.title_zh, path
        assert "1946-01-01" <= article.date <= "2003-12-31"
        assert 1 <= article.page <= 8


def test_refuses_a_non_empty_folder_unless_overwriting(corpus, tmp_path):
    stray = tmp_path / "mine"
    stray.mkdir()
    (stray / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError):
        gen.generate(stray, 3, 1)
    with pytest.raises(ValueError):
        gen.generate(stray, 3, 1, overwrite=True)  # not a folder the generator wrote
    assert (stray / "notes.txt").read_text() == "keep me"

    target = tmp_path / "regen"
    gen.generate(target, 5, 1)
    gen.generate(target, 3, 2, overwrite=True)
    assert sorted(_read_tree(target)) == [f"0000/{i:06d}.txt" for i in range(3)]


def test_cli_stats_only(capsys):
    assert gen.main(["--stats-only", "--docs", "5", "--seed", "3"]) == 0
    err = capsys.readouterr().err
    assert "distinct Chinese terms" in err and "distinct English terms" in err
