"""Every output format parses back: csv and tsv with the csv module, json and jsonl with json."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from searchkit.highlight import Snippet
from searchkit.render import HIT_FIELDS, TABLE_FIELDS, display_width, marked


@pytest.fixture
def run(seed_index_dir):
    from searchkit.cli import app

    def invoke(*args):
        return CliRunner().invoke(app, [str(arg) for arg in args] + ["--index", str(seed_index_dir)])

    return invoke


def test_marked_uses_brackets_or_colour():
    snippet = Snippet("一二劳动模范三", ((2, 6),))
    assert marked(snippet, color=False) == "一二[劳动模范]三"
    assert marked(snippet, color=True) == "一二\x1b[1;33m劳动模范\x1b[0m三"


def test_display_width_counts_chinese_as_two_columns():
    assert display_width("小资料ab") == 8


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_tables_parse_back_with_the_csv_module(run, seed_index, fmt, delimiter):
    result = run("search", "的 OR the", "--format", fmt, "--limit", "20")
    assert result.exit_code == 0
    quoting = csv.QUOTE_NONE if fmt == "tsv" else csv.QUOTE_MINIMAL
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter, quoting=quoting))
    if fmt == "tsv":
        assert all(len(line.split("\t")) == len(TABLE_FIELDS) for line in result.stdout.splitlines())
    assert rows[0] == list(TABLE_FIELDS)
    expected = seed_index.search("的 OR the", limit=20)
    assert [row[0] for row in rows[1:]] == [hit.id for hit in expected.hits]
    for row, hit in zip(rows[1:], expected.hits):
        assert row[TABLE_FIELDS.index("title_zh")] == hit.title_zh
        assert "[" not in row[TABLE_FIELDS.index("snippet_zh")] or "[" in hit.snippet_zh.text
        assert "\n" not in row[TABLE_FIELDS.index("snippet_en")]


def test_fields_select_columns_for_csv_and_jsonl(run):
    table = run("search", "劳动模范", "--format", "csv", "--fields", "id,date,title_zh")
    assert list(csv.reader(io.StringIO(table.stdout))) == [
        ["id", "date", "title_zh"],
        ["003_cbd4eb143da268c1", "1953-02-07", "北京市召开工业劳动模范代表大会  动员全市职工讨论今年生产计划"]]
    lines = run("search", "劳动模范", "--format", "jsonl", "--fields", "id,spans_zh").stdout.splitlines()
    record = json.loads(lines[0])
    assert list(record) == ["id", "spans_zh"] and record["spans_zh"]


@pytest.mark.parametrize("args, message", [
    (["--format", "csv", "--fields", "id,colour"], "unknown field 'colour' in --fields"),
    (["--format", "text", "--fields", "id"], "--fields works with --format csv, tsv or jsonl"),
    (["--facet", "weekday"], "unknown facet 'weekday'"),
    (["--count", "--ids"], "cannot be used together"),
    (["--ids", "--format", "json"], "--ids prints plain text and cannot be used with --format json"),
    (["--count", "--format", "csv"], "--count prints plain text and cannot be used with --format csv"),
    (["--offset", "-1"], "offset must be 0 or more"),
    (["--to", "1956-02-30"], "invalid date '1956-02-30'"),
])
def test_bad_option_values_exit_2(run, args, message):
    result = run("search", "劳动模范", *args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_count_and_ids(run, seed_index):
    total = seed_index.search("的").total
    assert run("search", "的", "--count").stdout == f"{total}\n"
    ids = run("search", "的", "--ids", "--limit", "1000").stdout.split()
    assert ids == [hit.id for hit in seed_index.search("的", limit=1000).hits]
    assert run("search", "zzzqqq", "--count").exit_code == 1


def test_json_has_facets_and_suggestions(run):
    document = json.loads(run("search", "的", "--format", "json", "--facet", "year", "--limit", "0").stdout)
    assert document["hits"] == [] and document["total"] > 0
    assert sum(entry["count"] for entry in document["facets"]["year"]) == document["total"]
    misspelt = json.loads(run("search", "prodocers", "--format", "json").stdout)
    assert misspelt["total"] == 0 and "producers" in misspelt["suggestions"]


def test_text_shows_a_facet_table_and_suggestions_on_stderr(run):
    result = run("search", "的", "--facet", "page", "--limit", "1")
    assert "page:" in result.stdout and "█" in result.stdout
    misspelt = run("search", "prodocers")
    assert misspelt.exit_code == 1 and "did you mean: producers" in misspelt.stderr


@pytest.mark.parametrize("options", [["--format", "jsonl"], ["--format", "csv"], ["--format", "tsv"], ["--count"],
                                     ["--ids"]])
def test_suggestions_reach_stderr_in_every_output_without_a_field_for_them(run, options):
    misspelt = run("search", "prodocers", *options)
    assert misspelt.exit_code == 1
    assert misspelt.stderr.startswith("did you mean: producers") and misspelt.stderr.count("\n") == 1
    assert "producers" not in misspelt.stdout


def test_hit_fields_match_the_json_schema(seed_index):
    assert tuple(seed_index.search("劳动模范").hits[0].to_json()) == HIT_FIELDS


def test_wrap_to_width_respects_columns_and_words():
    from searchkit.render import wrap_to_width

    lines = wrap_to_width("The Beijing Industrial Labor Model Representative Conference opened", 20)
    assert all(display_width(line) <= 20 for line in lines)
    assert " ".join(lines) == "The Beijing Industrial Labor Model Representative Conference opened"
    chinese = wrap_to_width("北京市工业劳动模范代表大会于六日在中山公园中山堂揭幕", 10)
    assert all(display_width(line) <= 10 for line in chinese) and "".join(chinese).startswith("北京市工业")


def test_show_parallel_json_beads_hold_both_texts(run, seed_index):
    for article_id in ("003_cbd4eb143da268c1", "067_d4adc23a2e96926e", "007_0a00b296848dee41"):
        result = run("show", article_id, "--parallel", "--format", "json")
        assert result.exit_code == 0
        document = json.loads(result.stdout)
        article = seed_index.get(article_id)
        assert document["id"] == article_id
        assert "".join(bead["en"] for bead in document["beads"]) == article.body_en
        assert "".join(bead["zh"] for bead in document["beads"]) == article.body_zh
        assert all(re.fullmatch(r"[1-9]\d*-[01]|[01]-[1-9]\d*|1-[1-9]\d*", bead["kind"]) for bead in document["beads"])


def test_show_parallel_is_stacked_when_piped(run):
    result = run("show", "003_cbd4eb143da268c1", "--parallel")
    lines = result.stdout.splitlines()
    assert lines[2] == "[1-1]"
    assert lines[3] == "en: Beijing Holds Industrial Labor Model Representative Conference"
    assert lines[4] == "zh: 北京市召开工业劳动模范代表大会"


def test_side_by_side_on_a_terminal(seed_index):
    from searchkit.render import render_parallel

    text = render_parallel("003", seed_index.parallel("003_cbd4eb143da268c1")[:2], "text", columns=80)
    row = text.splitlines()[3]
    assert "│" in row and row.startswith("Beijing Holds") and row.endswith("北京市召开工业劳动模范代表大会")


def test_show_text_leaves_out_a_missing_language():
    from searchkit.corpus import Article
    from searchkit.render import render_article

    english_only = render_article(Article(id="x", title_en="Title", body_en="Body."), "text")
    assert "###" not in english_only and "None" not in english_only and english_only.endswith("Body.")
    both = render_article(Article(id="y", page=2, title_en="T", body_en="B.", title_zh="题", body_zh="正文。"), "text")
    assert both.index("B.") < both.index("-" * 40) < both.index("第2版()") < both.index("正文。")


def test_the_index_report_keeps_a_file_name_with_a_line_break_on_one_line():
    from searchkit.corpus import CorpusWarning
    from searchkit.errors import CorpusError
    from searchkit.indexer import IndexSummary
    from searchkit.render import render_summary

    summary = IndexSummary(added=1, skipped=[CorpusError("a\nb\u2028c\rd.txt", "empty file")],
                           warnings=[CorpusWarning("e\tf.txt", "no Chinese original")])
    lines = render_summary(summary, "ix")
    assert lines[:2] == ["skipped a\\nb\\u2028c\\rd.txt: empty file", "warning: e\\tf.txt: no Chinese original"]
    assert all(len(line.splitlines()) == 1 for line in lines)


def test_the_text_header_counts_one_hit_in_the_singular(seed_index):
    from searchkit.render import render_results

    results = seed_index.search('"劳动模范代表大会"')
    assert results.total == 1 and render_results(results, "text").startswith("1 hit for ")
