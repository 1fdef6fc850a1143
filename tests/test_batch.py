"""Batch mode: one record per input line, in order; bad lines yield errors and the rest go on."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from searchkit.batch import parse_request, run_batch
from searchkit.errors import UsageError

LINES = [
    "劳动模范\n",
    '{"id": "q2", "query": "advanced producers", "limit": 1, "facets": ["year"]}\n',
    "foo:bar\n",
    "\n",
    '{"query": 5}\n',
    '{"id": 7, "query": "的", "from": "1956", "to": "1956-12", "sort": "date", "limit": 3}\n',
    "zzzqqqxxx\n",
    '{"query": "的", "limit": -2}\n',
    '{"query": "的", "colour": "red"}\n',
    '{"query": "的", "from": 1956}\n',
]


def test_records_follow_input_order_and_errors_do_not_stop_the_batch(seed_index):
    records = list(run_batch(seed_index, LINES, limit=5))
    assert [record["id"] for record in records] == [1, "q2", 3, 5, 7, 7, 8, 9, 10]
    first, second, bad_field, bad_query, dated, nothing, negative, unknown, wrong_type = records
    assert list(first) == ["id", "query", "total", "hits"]
    assert first["hits"][0]["id"] == "003_cbd4eb143da268c1"
    assert len(second["hits"]) == 1 and second["facets"]["year"] == [{"value": "1956", "count": 2}]
    assert "unknown field 'foo'" in bad_field["error"] and bad_field["query"] == "foo:bar"
    assert "needs a \"query\" string" in bad_query["error"] and bad_query["query"] is None  # 5: no string
    assert [hit["date"][:4] for hit in dated["hits"]] == ["1956"] * 3
    assert [hit["date"] for hit in dated["hits"]] == sorted(hit["date"] for hit in dated["hits"])
    assert nothing == {"id": 7, "query": "zzzqqqxxx", "total": 0, "hits": []}
    assert "limit must be 0 or more" in negative["error"]
    assert "unknown key(s) colour" in unknown["error"]
    assert '"from" must be a string' in wrong_type["error"]


def test_a_record_keeps_its_line_s_own_id_and_query_or_says_it_had_none(seed_index):
    lines = ['{"id": "q14"}\n', '{"id": null, "query": "劳动模范"}\n', '{"query": "的", "lang": "fr"}\n', "{not json\n"]
    records = list(run_batch(seed_index, lines))
    assert [(record["id"], record["query"]) for record in records] == [
        ("q14", None), (2, "劳动模范"), (3, "的"), (4, None)]
    assert "error" in records[0] and "error" not in records[1] and "invalid JSON" in records[3]["error"]
    assert records[2]["error"] == "unknown language 'fr' (use all, zh, en)"  # as searchkit search --lang says it


def test_batch_results_equal_single_searches(seed_index):
    queries = ["劳动模范", '"advanced producers"', "Beijing 劳动模范", "date:1989 的"]
    records = list(run_batch(seed_index, queries, limit=3))
    for query, record in zip(queries, records):
        single = seed_index.search(query, limit=3)
        assert record["total"] == single.total
        assert record["hits"] == [hit.to_json() for hit in single.hits]


def test_no_snippets_leaves_snippets_empty(seed_index):
    [record] = run_batch(seed_index, ["劳动模范"], snippets=False)
    assert record["hits"][0]["snippet_zh"] == "" and record["hits"][0]["spans_zh"] == []


class _FailingIndex:
    """An index whose search fails as a bug would, for one query."""

    def __init__(self, index) -> None:
        self.index = index

    def search(self, query: str, **options):
        if query == "boom":
            raise AttributeError("'SpanNear2' object has no attribute 'boost'")
        return self.index.search(query, **options)


def test_a_line_that_meets_a_bug_gets_an_internal_error_record_and_the_batch_goes_on(seed_index, monkeypatch):
    monkeypatch.delenv("SEARCHKIT_DEBUG", raising=False)
    records = list(run_batch(_FailingIndex(seed_index), ["劳动模范", "boom", "苏联"], snippets=False))
    assert [record["id"] for record in records] == [1, 2, 3]
    assert records[1] == {"id": 2, "query": "boom", "error": "internal error: AttributeError: 'SpanNear2' object "
                          "has no attribute 'boost' (set SEARCHKIT_DEBUG=1 for details)"}
    assert records[2]["total"] == seed_index.search("苏联").total > 0


def test_plain_lines_and_json_lines_parse():
    assert parse_request("  劳动模范 \n", 4).query == "劳动模范"
    request = parse_request('{"id": "a", "query": "x", "to": "1950", "facets": "year"}', 1)
    assert (request.id, request.options) == ("a", {"date_to": "1950", "facets": ["year"]})
    with pytest.raises(UsageError, match="invalid JSON"):
        parse_request("{not json", 2)


@pytest.fixture
def run():
    from searchkit.cli import app

    def invoke(*args, stdin=""):
        return CliRunner().invoke(app, [str(arg) for arg in args], input=stdin)

    return invoke


def test_cli_batch_from_stdin_exits_2_when_a_line_failed(run, seed_index_dir):
    result = run("batch", "--index", seed_index_dir, stdin="劳动模范\nfoo:bar\n的\n")
    assert result.exit_code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["id"] for record in records] == [1, 2, 3]
    assert "error" in records[1] and records[2]["total"] > 0


def test_cli_batch_from_a_file_as_json(run, seed_index_dir, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("劳动模范\nzzzqqq\n", encoding="utf-8")
    result = run("batch", queries, "--index", seed_index_dir, "--format", "json", "--no-snippets", "--limit", "1")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [record["total"] for record in records] == [1, 0]


def test_cli_batch_with_no_hits_at_all_exits_1(run, seed_index_dir):
    assert run("batch", "--index", seed_index_dir, stdin="zzzqqq\n").exit_code == 1


def test_cli_batch_rejects_bad_options(run, seed_index_dir):
    assert run("batch", "--index", seed_index_dir, "--format", "csv", stdin="x\n").exit_code == 2
    result = run("batch", "--index", seed_index_dir, "--limit", "-1", stdin="x\n")
    assert result.exit_code == 2 and "limit must be 0 or more" in result.stderr
    missing = run("batch", "/no/such/file.txt", "--index", seed_index_dir)
    assert missing.exit_code == 2 and "No such file" in missing.stderr


def test_undecodable_lines_and_a_byte_order_mark(run, seed_index_dir, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_bytes("\ufeff{\"query\": \"劳动模范\"}\n".encode() + b"\xff\xfe bad\n" + "北京\n".encode())
    result = run("batch", queries, "--index", seed_index_dir, "--no-snippets")
    assert result.exit_code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["total"] == 1 and records[0]["query"] == "劳动模范"
    assert records[1]["id"] == 2 and "not valid UTF-8" in records[1]["error"]
    assert records[2]["query"] == "北京" and records[2]["total"] > 0


@pytest.mark.parametrize("encoding, hint", [("gb18030", "iconv -f GB18030 -t UTF-8"), ("utf-16", "iconv -f UTF-16")])
def test_input_in_another_encoding_says_how_to_convert_it(run, seed_index_dir, tmp_path, encoding, hint):
    queries = tmp_path / "queries.txt"
    queries.write_bytes("人民\n".encode(encoding))
    result = run("batch", queries, "--index", seed_index_dir, "--no-snippets")
    first = json.loads(result.stdout.splitlines()[0])
    assert result.exit_code == 2 and "not valid UTF-8" in first["error"] and hint in first["error"]


def test_a_one_character_query_in_gb18030_says_how_to_convert_it(run, seed_index_dir, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_bytes("党\n".encode("gb18030"))
    result = run("batch", queries, "--index", seed_index_dir, "--no-snippets")
    assert "iconv -f GB18030 -t UTF-8" in json.loads(result.stdout.splitlines()[0])["error"]
