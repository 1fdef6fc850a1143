"""The CLI: exit codes, stdout data, stderr messages, JSON schema, index location rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from searchkit.corpus import Article

from conftest import REPO, SEEDS, write_article

HIT_KEYS = ["id", "rank", "score", "date", "page", "title_en", "title_zh", "title_spans_en", "title_spans_zh",
            "snippet_en", "snippet_zh",
            "spans_en", "spans_zh", "aligned_zh", "aligned_spans_zh", "aligned_en", "aligned_spans_en", "translated_from"]


@pytest.fixture
def run(monkeypatch):
    from searchkit.cli import app

    monkeypatch.delenv("SEARCHKIT_INDEX", raising=False)

    def invoke(*args):
        return CliRunner().invoke(app, [str(arg) for arg in args])

    return invoke


def test_search_text_output_has_both_languages_and_markers(run, seed_index_dir):
    result = run("search", "劳动模范", "--index", seed_index_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "003_cbd4eb143da268c1" in result.stdout
    assert "Beijing Holds Industrial Labor Model" in result.stdout
    assert "北京市召开工业[劳动模范]代表大会" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when piped


def test_search_json_schema(run, seed_index_dir):
    result = run("search", "advanced producers", "--index", seed_index_dir, "--format", "json", "--limit", "2")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert list(document) == ["query", "total", "offset", "hits", "suggestions"]
    assert document["query"] == "advanced producers" and document["offset"] == 0
    assert document["total"] >= len(document["hits"]) == 2
    for rank, hit in enumerate(document["hits"], 1):
        assert list(hit) == HIT_KEYS
        assert hit["rank"] == rank
        for start, end in hit["spans_en"]:
            assert hit["snippet_en"][start:end].lower().startswith(("advanc", "produc"))


def test_json_keeps_chinese_unescaped(run, seed_index_dir):
    result = run("search", "劳动模范", "--index", seed_index_dir, "--format", "json")
    assert "劳动模范" in result.stdout and "\\u" not in result.stdout


def test_search_jsonl_is_one_hit_per_line(run, seed_index_dir):
    result = run("search", "的", "--index", seed_index_dir, "--format", "jsonl", "--limit", "5")
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert [json.loads(line)["rank"] for line in lines] == [1, 2, 3, 4, 5]


def test_no_hits_exits_1_with_empty_stdout(run, seed_index_dir):
    result = run("search", "zzzyyyxxx", "--index", seed_index_dir, "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_the_real_command_exits_with_its_code_and_all_its_output(seed_index_dir):
    """main() leaves by os._exit after flushing: the code and every line still arrive, with nothing on stderr."""
    from searchkit.cli import app

    args = ["search", "the", "--index", str(seed_index_dir), "--format", "jsonl", "--limit", "50"]
    found = subprocess.run([sys.executable, "-m", "searchkit", *args], capture_output=True, text=True, timeout=60)
    missing = subprocess.run([sys.executable, "-m", "searchkit", "search", "zyxwvut", "--index", str(seed_index_dir)],
                             capture_output=True, text=True, timeout=60)
    assert (found.returncode, found.stderr) == (0, "")
    assert found.stdout == CliRunner().invoke(app, args).stdout and len(found.stdout.splitlines()) > 3
    assert (missing.returncode, missing.stdout.startswith("0 hits")) == (1, True)

@pytest.mark.parametrize("args, message", [
    (["search", "foo:bar"], "unknown field 'foo'"),
    (["search", '"open'], "unterminated quote"),
    (["search", "(a OR b"], "unclosed parenthesis"),
    (["search", "劳动", "--format", "xml"], "unknown format 'xml'"),
    (["search", "劳动", "--sort", "size"], "unknown sort 'size'"),
    (["search", "劳动", "--lang", "fr"], "unknown language 'fr'"),
    (["search", "劳动", "--limit", "-1"], "limit must be 0 or more"),
    (["search", "劳动", "--from", "1956-13"], "invalid date '1956-13'"),
    (["search", "劳动", "--from", ""], "invalid date ''"),
    (["search", "劳动", "--facet", "year", "--format", "csv"], "--facet works with --format text or json"),
    (["search", "劳动", "--facet", "year", "--format", "jsonl"], "--facet works with --format text or json"),
    (["search", "劳动", "--facet", "year", "--count"], "--facet works with --format text or json"),
    (["show", "no/such/article"], "no article with id 'no/such/article'"),
    (["stats", "--format", "csv"], "unknown format 'csv'"),
])
def test_errors_exit_2_with_one_line_on_stderr(run, seed_index_dir, args, message):
    result = run(*args, "--index", seed_index_dir)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_missing_index_is_exit_2(run, tmp_path):
    result = run("search", "劳动", "--index", tmp_path / "none")
    assert result.exit_code == 2
    assert "no index at" in result.stderr


def test_show_json_holds_every_article_field(run, seed_index_dir):
    result = run("show", "000_4d5208f89539d45d", "--index", seed_index_dir, "--format", "json")
    assert result.exit_code == 0
    article = json.loads(result.stdout)
    assert list(article) == list(Article(id="x").to_dict())
    assert article["title_zh"] == "互相学习  共同提高（图片）" and article["page"] == 5


def test_show_text_prints_both_languages(run, seed_index_dir):
    result = run("show", "000_4d5208f89539d45d", "--index", seed_index_dir)
    assert "Learning from Each Other" in result.stdout and "互相学习" in result.stdout


def test_stats(run, seed_index_dir):
    result = run("stats", "--index", seed_index_dir, "--format", "json")
    stats = json.loads(result.stdout)
    assert stats["documents"] == 44
    assert (stats["date_min"], stats["date_max"]) == ("1946-05-15", "1989-06-01")
    assert stats["index_bytes"] > 0


def test_index_command_reports_on_stderr(run, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, corpus)
    (corpus / "broken.txt").write_bytes(b"\xff\xff")
    result = run("index", corpus, "--index", tmp_path / "ix")
    assert result.exit_code == 2  # as grep's when it could not read a file, although the others were indexed
    assert result.stdout == ""
    assert f"skipped {corpus / 'broken.txt'}: not valid UTF-8" in result.stderr
    assert "3 added, 0 updated, 0 removed, 0 unchanged, 1 skipped" in result.stderr
    assert run("search", "的", "--count", "--index", tmp_path / "ix").exit_code == 0
    again = run("index", corpus, "--index", tmp_path / "ix")
    assert "0 added, 0 updated, 0 removed, 3 unchanged, 1 skipped" in again.stderr and again.exit_code == 2
    (corpus / "broken.txt").unlink()
    assert run("index", corpus, "--index", tmp_path / "ix").exit_code == 0


def test_a_file_given_as_the_corpus_or_a_corpus_as_the_index_is_named_as_such(run, tmp_path):
    corpus = tmp_path / "corpus"
    write_article(corpus, "one.txt")
    given_file = run("index", corpus / "one.txt", "--index", tmp_path / "ix")
    assert given_file.exit_code == 2 and "is a file, not a folder of articles" in given_file.stderr
    (tmp_path / "ix").mkdir()
    (tmp_path / "ix" / "README.md").write_text("The index goes here.\n", encoding="utf-8")  # as the repository's
    assert "(run: searchkit index CORPUS --index" in run("search", "的", "--index", tmp_path / "ix").stderr
    given_corpus = run("search", "的", "--index", corpus)
    assert given_corpus.exit_code == 2 and given_corpus.stdout == ""
    assert f"it holds article files, so it is a corpus, not an index (build one from it: searchkit index {corpus}" \
        in given_corpus.stderr


def test_index_command_warns_of_files_missing_a_language(run, tmp_path):
    corpus = tmp_path / "corpus"
    for number in range(22):
        write_article(corpus, f"{number:02}.txt", body_en=f"Report number {number}.")
        text = (corpus / f"{number:02}.txt").read_text(encoding="utf-8")
        (corpus / f"{number:02}.txt").write_text(text.split("<hr />")[0], encoding="utf-8")
    write_article(corpus, "whole.txt")
    result = run("index", corpus, "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == (f"warning: {corpus / '00.txt'}: no Chinese original (no Chinese text after `<hr />` and "
                        "`Original:`); indexed in English only")
    assert [line.split(":")[1] for line in lines[:20]] == [f" {corpus / f'{n:02}.txt'}" for n in range(20)]
    assert lines[20] == "warning: 2 more files indexed with a header value or one language missing"
    assert lines[21].endswith("23 added, 0 updated, 0 removed, 0 unchanged, 0 skipped (22 indexed with a warning)")


def test_an_article_with_an_unreadable_date_is_indexed_without_it_and_a_warning(run, tmp_path):
    corpus = tmp_path / "corpus"
    write_article(corpus, "good.txt", body_en="A dam was built.", date="1956-03-01")
    write_article(corpus, "odd.txt", body_en="A dam was repaired.", date="1956-03-01")
    odd = corpus / "odd.txt"
    odd.write_text(odd.read_text(encoding="utf-8").replace("1956-03-01", "March 1956"), encoding="utf-8")
    result = run("index", corpus, "--index", tmp_path / "ix")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.splitlines()[0] == f"warning: {odd}: invalid date 'March 1956'; indexed without a date"
    assert run("search", "dam", "--index", tmp_path / "ix", "--ids").stdout == "good\nodd\n"
    assert run("search", "dam date:1956", "--index", tmp_path / "ix", "--ids").stdout == "good\n"


def test_index_of_a_missing_corpus_is_exit_2(run, tmp_path):
    result = run("index", tmp_path / "nowhere", "--index", tmp_path / "ix")
    assert result.exit_code == 2
    assert "corpus directory not found" in result.stderr


def test_first_search_builds_the_default_index_from_seeds(run, tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = run("search", "劳动模范", "--format", "jsonl")
    assert result.exit_code == 0
    assert "building it from ./seeds" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["id"] == "003_cbd4eb143da268c1"
    assert (tmp_path / "index" / "CURRENT").is_file()
    second = run("search", "劳动模范", "--format", "jsonl")
    assert second.stderr == "" and second.stdout == result.stdout


def test_environment_variable_chooses_the_index(run, tmp_path, monkeypatch, seed_index_dir):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEARCHKIT_INDEX", str(seed_index_dir))
    result = run("stats", "--format", "json")
    assert json.loads(result.stdout)["documents"] == 44


def test_python_dash_m_runs_the_cli(seed_index_dir):
    completed = subprocess.run(
        [sys.executable, "-m", "searchkit", "search", "date:[1953 TO 1953-12]", "--index", str(seed_index_dir),
         "--format", "jsonl"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert [json.loads(line)["date"] for line in completed.stdout.splitlines()] == ["1953-02-07"]



@pytest.mark.parametrize("args, message", [
    (["search", "x", "--bogus"], "No such option: --bogus"),
    (["search", "x", "--limit", "abc"], "Invalid value for '--limit'"),
    (["search", "-北京"], "goes after '--'"),
    (["search", "劳动模范", "-北京"], "a query with a word starting with '-' goes after '--': searchkit search -- 劳动模范"),
    (["search", b"la\xffbor"], "the query is not valid UTF-8 (byte 0xff)"),
])
def test_usage_errors_are_one_line_from_the_real_command(args, message, tmp_path):
    completed = subprocess.run([sys.executable, "-m", "searchkit", *args, "--index", str(tmp_path)],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert message in completed.stderr and completed.stderr.count("\n") == 1


def test_chinese_words_that_lang_en_leaves_out_are_named(run, seed_index_dir):
    both = run("search", "labor 劳动模范", "--lang", "en", "--index", seed_index_dir, "--format", "json")
    alone = run("search", "labor", "--lang", "en", "--index", seed_index_dir, "--format", "json")
    assert both.exit_code == alone.exit_code == 0
    assert json.loads(both.stdout)["ignored"] == ["劳动模范"] and "ignored" not in json.loads(alone.stdout)
    assert both.stderr == ("note: --lang en searches the English text only; not looked up: 劳动模范 (use --lang all, "
                           "or --cross for their translations)\n") and alone.stderr == ""
    crossed = run("search", "劳动模范", "--lang", "en", "--cross", "--index", seed_index_dir)
    assert crossed.exit_code == 0 and crossed.stderr == ""  # searched through its translations: nothing left out
    untranslated = run("search", "府令 记者", "--lang", "en", "--cross", "--index", seed_index_dir)
    assert untranslated.stderr == ("note: --lang en searches the English text only; no translation found for: 府令, "
                                   "so the search leaves them out (use --lang all to search the Chinese text)\n")


def test_the_bare_command_lists_the_commands_and_says_what_is_missing():
    completed = subprocess.run([sys.executable, "-m", "searchkit"], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2
    assert "search" in completed.stdout and "index" in completed.stdout  # the help, with the commands
    assert completed.stderr == "searchkit: error: no command given (the commands are listed above)\n"


def test_a_cli_search_imports_nothing_it_does_not_need(seed_index_dir):
    """typer is pinned below 0.29, which coerces every option through pydantic (about 0.1 s of every cold search);
    the parser and the index writers are for building only (some 15 ms of a cold search); OpenCC is loaded only
    for a query holding traditional characters (folding reads its precomputed table); the aligner's sentence
    features read their tables from the cache directory, not pypinyin's."""
    script = ("import sys\n"
              "from searchkit import cli\n"
              "sys.argv = ['searchkit', 'search', '劳动模范 OR 北京 OR 著名', '--index', sys.argv[1]]\n"
              "code = cli._run_command()\n"
              "unneeded = ['pydantic', 'searchkit.corpus', 'searchkit.indexer', 'searchkit.header_values', "
              "'numpy', 'opencc', 'pypinyin']\n"
              "print(code, [name for name in unneeded if name in sys.modules], file=sys.stderr)\n")
    completed = subprocess.run([sys.executable, "-c", script, str(seed_index_dir)], capture_output=True, text=True,
                               timeout=60)
    assert completed.stderr.strip().splitlines()[-1] == "0 []", completed.stderr


def test_several_arguments_are_one_query_joined_by_spaces(run, seed_index_dir):
    """`searchkit search -- -北京 劳动` (the README's example) and `searchkit search labor model` work unquoted."""
    assert run("search", "--ids", "--index", seed_index_dir, "--", "-北京", "劳动").stdout == run(
        "search", "--ids", "--index", seed_index_dir, "--", "-北京 劳动").stdout != ""
    separate = run("search", "labor", "model", "--ids", "--index", seed_index_dir)
    assert separate.exit_code == 0 and separate.stdout == run("search", "labor model", "--ids", "--index",
                                                              seed_index_dir).stdout
    assert "Missing argument" in run("search", "--index", seed_index_dir).stderr


@pytest.mark.parametrize("output", [["--ids"], ["--format", "jsonl"], ["--format", "csv"], ["--format", "tsv"]])
def test_a_page_of_ids_or_rows_that_leaves_hits_out_says_so_on_stderr(run, seed_index_dir, output):
    total = int(run("search", "人民", "--count", "--index", seed_index_dir).stdout)
    assert total > 10
    shown = run("search", "人民", *output, "--index", seed_index_dir)
    assert shown.exit_code == 0
    assert f"showing hits 1-10 of {total}; use --limit N" in shown.stderr
    everything = run("search", "人民", *output, "--limit", total, "--index", seed_index_dir)
    assert everything.stderr == "" and everything.stdout.count("\n") >= total


def test_a_reader_that_stops_early_is_no_error(seed_index_dir):
    """`searchkit batch - | head -c 10`: the closed pipe ends the command quietly, with exit code 0."""
    process = subprocess.Popen([sys.executable, "-m", "searchkit", "batch", "-", "--index", str(seed_index_dir)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    process.stdin.write("the\n劳动模范\n".encode() * 300)
    process.stdin.close()
    assert process.stdout.read(10).startswith(b'{"id": 1')
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def test_a_batch_whose_reader_stops_early_still_exits_2_for_a_failed_query(seed_index_dir):
    process = subprocess.Popen([sys.executable, "-m", "searchkit", "batch", "-", "--index", str(seed_index_dir)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    process.stdin.write("((\n".encode() + "劳动模范\n".encode() * 300)
    process.stdin.close()
    assert b'"error"' in process.stdout.read(80)
    process.stdout.close()
    assert process.wait(timeout=60) == 2
    assert process.stderr.read() == b""


def test_a_search_whose_reader_stops_early_still_exits_by_its_hits(seed_index_dir):
    command = [sys.executable, "-m", "searchkit", "search", "人民", "--limit", "40", "--index", str(seed_index_dir)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    process.stdout.close()  # as `| head -c 0` does
    assert process.wait(timeout=60) == 0  # there are hits: 0, not 1 ("no hits")
    assert process.stderr.read() == b""


@pytest.mark.parametrize("query, shown", [("date:\x07", "invalid date '\\x07'"), ("page:1\u2028facotry", "\\u2028")])
def test_control_characters_of_a_query_are_shown_escaped_in_messages(run, seed_index_dir, query, shown):
    result = run("search", query, "--index", seed_index_dir)
    assert shown in result.stderr
    assert len(result.stderr.splitlines()) == result.stderr.count("\n")
    assert not any(char in result.stderr for char in "\x07\u2028")


def test_the_dash_hint_is_for_search_only(tmp_path):
    for command in (["index", str(SEEDS), "--format", "json"], ["stats", "--bogus"]):
        completed = subprocess.run([sys.executable, "-m", "searchkit", *command, "--index", str(tmp_path / "ix")],
                                   capture_output=True, text=True, timeout=60)
        assert completed.returncode == 2 and "No such option" in completed.stderr
        assert "goes after '--'" not in completed.stderr


def test_an_offset_past_the_last_hit_says_so(run, seed_index_dir):
    total = int(run("search", "the", "--count", "--index", seed_index_dir).stdout)
    result = run("search", "the", "--ids", "--offset", str(total + 5), "--index", seed_index_dir)
    assert result.stdout == ""
    assert result.stderr == f"searchkit: --offset {total + 5} is past the last of {total} hits\n"


def test_no_color_and_dumb_terminals_get_brackets(monkeypatch):
    from searchkit import cli

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli._wants_color()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._wants_color()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not cli._wants_color()


def test_a_missing_default_index_is_named_as_a_path(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("stats")
    assert result.exit_code == 2 and "./index" in result.stderr and "at index " not in result.stderr


def test_a_cross_search_without_hits_says_what_it_looked_for(run, seed_index_dir):
    result = run("search", "--cross", "--lang", "zh", "Korea", "shipyard", "--index", seed_index_dir)
    assert result.exit_code == 1 and result.stdout.startswith("0 hits")
    assert "note: --cross also looked for Korea → 朝鲜" in result.stderr  # what was tried, so a user can judge it
    nothing = run("search", "--cross", "--lang", "zh", "Qwertyuiop", "--index", seed_index_dir)
    assert nothing.exit_code == 1 and "note: --cross found no translation of the query" in nothing.stderr
    as_json = run("search", "--cross", "--lang", "zh", "Korea", "shipyard", "-f", "json", "--index", seed_index_dir)
    assert {"term": "Korea", "translation": "朝鲜", "kind": "zh"} in json.loads(as_json.stdout)["translations"]
    assert "note:" not in as_json.stderr  # JSON holds them
