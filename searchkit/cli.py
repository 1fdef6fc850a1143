"""The command-line interface: parse options, call searchkit.Index, print data to stdout and messages to stderr.

Exit codes follow grep: 0 = hits (or success), 1 = no hits, 2 = error.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, List, Optional

import typer

from searchkit.api import DEFAULT_CORPUS_DIR, INDEX_ENV_VAR, Index, default_index_dir
from searchkit.errors import SearchkitError, UsageError, internal_error_message
from searchkit.generations import index_exists
from searchkit.normalize import CONTROL_CHARACTER
from searchkit.batch import run_batch
from searchkit.compiler import LANGS
from searchkit.render import ARTICLE_FORMATS, BATCH_FORMATS, RESULT_FORMATS, parse_fields, render_article, \
    render_parallel, render_results, render_stats, render_summary, to_json
from searchkit.searcher import SORTS

if TYPE_CHECKING:
    from searchkit.indexer import IndexSummary

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Bilingual (Chinese + English) full-text search for the People's Daily archive.")

EXIT_HITS, EXIT_NO_HITS, EXIT_ERROR = 0, 1, 2
INDEX_HELP = f"Index directory (default: ${INDEX_ENV_VAR}, else ./index)."


def say(message: str) -> None:
    """A message for the person at the terminal: always stderr, one line, control characters and line separators
    from the query or a file name shown escaped (\\x07, \\u2028) rather than acted on."""
    typer.echo(CONTROL_CHARACTER.sub(lambda match: ascii(match.group())[1:-1], message), err=True)


def _wants_color() -> bool:
    """Colour marks on a terminal, unless NO_COLOR is set (no-color.org) or the terminal is TERM=dumb."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def fail(message: str) -> typer.Exit:
    say(f"searchkit: error: {message}")
    return typer.Exit(EXIT_ERROR)


@contextmanager
def errors_as_exit_codes(broken_pipe_code: Callable[[], int] = lambda: EXIT_HITS) -> Iterator[None]:
    """Turn library errors into one-line messages and exit code 2; never show a traceback. A reader that stops
    early (| head) is no error: the exit code is then broken_pipe_code()'s, by default that of hits found."""
    try:
        yield
    except SearchkitError as error:
        raise fail(str(error)) from None
    except KeyboardInterrupt:
        raise fail("interrupted") from None
    except BrokenPipeError:  # the reader stopped early (| head): no error, as with grep
        sys.stdout = open(os.devnull, "w")  # nothing more can reach the pipe, not even the final flush
        raise typer.Exit(broken_pipe_code()) from None
    except OSError as error:
        raise fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")) from None


def check_choice(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise UsageError(f"unknown {option} '{value}' (use {', '.join(choices)})")
    return value


def _progress_bar():
    """A progress callback drawing a bar on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress("indexing", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task("index", total=None)
    return progress, lambda done, total: progress.update(task, completed=done, total=total)


def run_indexing(index_dir: Path, corpus: Path, rebuild: bool, jobs: Optional[int] = None) -> IndexSummary:
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {jobs}")
    progress, callback = _progress_bar()
    with progress or nullcontext():
        summary = Index.build(index_dir, corpus, rebuild=rebuild, procs=jobs, progress=callback)
    for line in render_summary(summary, index_dir):
        say(line)
    return summary


def open_index(index_option: Optional[Path]) -> Index:
    """Open the index; with no --index, build it from ./seeds on first use."""
    index_dir = index_option or default_index_dir()
    if index_option is None and not index_exists(index_dir) and DEFAULT_CORPUS_DIR.is_dir():
        say(f"searchkit: no index at {index_dir}; building it from ./{DEFAULT_CORPUS_DIR} first")
        run_indexing(index_dir, DEFAULT_CORPUS_DIR, rebuild=False)
    return Index.open(index_dir)  # no index, or a damaged one: an error that says which and what to run


@app.command()
def search(
    words: List[str] = typer.Argument(..., metavar="QUERY...", help="The query; see the README for the syntax. "
                                      "Several arguments are one query, joined by spaces."),
    limit: int = typer.Option(10, "--limit", "-n", help="Hits per page."),
    offset: int = typer.Option(0, "--offset", help="Skip this many hits first."),
    lang: str = typer.Option("all", "--lang", help="Search and show all, zh or en."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Latest date (inclusive), same forms."),
    sort: str = typer.Option("relevance", "--sort", help="relevance, date or -date."),
    facet: List[str] = typer.Option([], "--facet", help="Count hits by year, month, page, column or author "
                                                         "(repeatable)."),
    output_format: str = typer.Option("text", "--format", "-f", help="text, json, jsonl, csv or tsv."),
    fields: Optional[str] = typer.Option(None, "--fields", help="Columns for csv, tsv and jsonl, e.g. "
                                                                 "id,date,title_zh."),
    cross: bool = typer.Option(False, "--cross", help="Also search the other language through CC-CEDICT "
                                                       "translations and pinyin names."),
    count: bool = typer.Option(False, "--count", help="Print only the number of hits."),
    ids: bool = typer.Option(False, "--ids", help="Print only the hit ids, one per line."),
    index: Optional[Path] = typer.Option(None, "--index", help=INDEX_HELP),
) -> None:
    """Search the index; print ranked hits with highlighted snippets in both languages."""
    with errors_as_exit_codes():
        check_choice(output_format, RESULT_FORMATS, "format")
        check_choice(sort, SORTS, "sort")
        check_choice(lang, LANGS, "language")
        columns = parse_fields(fields, output_format)
        _check_output_options(count, ids, bool(facet), output_format)
        query = _query_text(words)
        with open_index(index) as opened:
            results = opened.search(query, limit=limit, offset=offset, lang=lang, date_from=date_from,
                                    date_to=date_to, sort=sort, facets=facet, snippets=not (count or ids),
                                    cross=cross)
        output = str(results.total) if count else "\n".join(hit.id for hit in results.hits) if ids else \
            render_results(results, output_format, color=_wants_color(), lang=lang, fields=columns)
        if output:
            typer.echo(output)  # inside: a reader that closes the pipe early is no error
        _say_notes(results, output_format, listed=(ids or output_format in ("jsonl", "csv", "tsv")) and not count,
                   cross=cross)
    raise typer.Exit(EXIT_HITS if results.total else EXIT_NO_HITS)


def _say_notes(results, output_format: str, listed: bool, cross: bool) -> None:
    """On stderr: did-you-mean, hits left off a listing (text and JSON say what they show), words --lang en left
    out, and what --cross looked for when nothing was found (JSON output holds suggestions and translations)."""
    if results.suggestions and output_format != "json":
        say(f"did you mean: {' | '.join(results.suggestions)}")
    if listed:
        _note_more_hits(results.total, results.offset, len(results.hits))
    if results.ignored:
        say(_ignored_note(results.ignored, cross))
    if cross and not results.total and output_format != "json":
        say(_translations_note(results.translations))


def _translations_note(translations: list[dict]) -> str:
    """What --cross looked for, when nothing was found (Korea → 朝鲜, 韩国; Yan Wancun → the characters read yan
    wan cun), each term once."""
    if not translations:
        return "note: --cross found no translation of the query"
    by_term: dict[str, list[str]] = {}
    for t in translations:
        by_term.setdefault(t["term"], []).append(
            t["translation"] if t["kind"] != "name" else f"the characters read {t['translation']}")
    sought = "; ".join(f"{term} → {', '.join(found)}" for term, found in by_term.items())
    return f"note: --cross also looked for {sought}"


_UNDECODED_BYTE = re.compile("[\udc80-\udcff]")  # how Python passes on an argument's bytes that are not UTF-8


def _query_text(words: list[str]) -> str:
    """The arguments as one query; an error if one of them was not UTF-8."""
    query = " ".join(words)
    if undecodable := _UNDECODED_BYTE.search(query):
        raise UsageError(f"the query is not valid UTF-8 (byte 0x{ord(undecodable.group()) - 0xDC00:02x})")
    return query


def _ignored_note(words: list[str], cross: bool) -> str:
    """What --lang en left out of the search: Chinese words it cannot look up, or (with --cross) translate."""
    if cross:
        return (f"note: --lang en searches the English text only; no translation found for: {' '.join(words)}, "
                "so the search leaves them out (use --lang all to search the Chinese text)")
    return (f"note: --lang en searches the English text only; not looked up: {' '.join(words)} "
            "(use --lang all, or --cross for their translations)")


def _note_more_hits(total: int, offset: int, shown: int) -> None:
    """On stderr, when hits are left out of a page of ids or rows: how many, and how to get the rest."""
    if offset >= total > 0:
        say(f"searchkit: --offset {offset} is past the last of {total} hits")
    elif offset + shown < total:
        shown_range = f"hits {offset + 1}-{offset + shown}" if shown else "no hits"
        say(f"searchkit: showing {shown_range} of {total}; use --limit N (and --offset N) for more")


@app.command()
def batch(
    source: str = typer.Argument("-", metavar="[FILE|-]", help="Queries, one per line (plain or JSON); - is stdin."),
    output_format: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one record per line) or json."),
    limit: int = typer.Option(10, "--limit", "-n", help="Hits per query, unless a JSON line sets \"limit\"."),
    snippets: bool = typer.Option(True, "--snippets/--no-snippets", help="Include snippets (slower)."),
    index: Optional[Path] = typer.Option(None, "--index", help=INDEX_HELP),
) -> None:
    """Run many queries with the index loaded once; one output record per non-blank input line, in input order."""
    failed = found = False

    def exit_code() -> int:  # of the records written so far, when the reader stops early too
        return EXIT_ERROR if failed else EXIT_HITS if found else EXIT_NO_HITS

    with errors_as_exit_codes(exit_code):
        check_choice(output_format, BATCH_FORMATS, "format")
        lines = sys.stdin.buffer if source == "-" else open(source, "rb")
        with lines, open_index(index) as opened:
            records = []
            for record in run_batch(opened, lines, limit=limit, snippets=snippets):
                failed |= "error" in record
                found |= bool(record.get("total"))
                if output_format == "jsonl":
                    typer.echo(to_json(record))
                else:
                    records.append(record)
            if output_format == "json":
                typer.echo(to_json(records))
    raise typer.Exit(exit_code())


@app.command()
def show(
    article_id: str = typer.Argument(..., metavar="ID", help="The article id, as printed by search."),
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
    parallel: bool = typer.Option(False, "--parallel", help="Print aligned English/Chinese passages: side by "
                                                             "side on a terminal, stacked when piped."),
    index: Optional[Path] = typer.Option(None, "--index", help=INDEX_HELP),
) -> None:
    """Print one whole article, English and Chinese."""
    with errors_as_exit_codes():
        check_choice(output_format, ARTICLE_FORMATS, "format")
        with open_index(index) as opened:
            if parallel:
                columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
                output = render_parallel(article_id, opened.parallel(article_id), output_format, columns=columns)
            else:
                output = render_article(opened.get(article_id), output_format)
        typer.echo(output)


@app.command()
def stats(
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
    index: Optional[Path] = typer.Option(None, "--index", help=INDEX_HELP),
) -> None:
    """Print the number of documents, the date range and the size of the index."""
    with errors_as_exit_codes():
        check_choice(output_format, ARTICLE_FORMATS, "format")
        with open_index(index) as opened:
            typer.echo(render_stats(opened.stats(), output_format))


def _check_output_options(count: bool, ids: bool, facets: bool, output_format: str) -> None:
    if count and ids:
        raise UsageError("--count and --ids cannot be used together")
    if (count or ids) and output_format != "text":
        raise UsageError(f"--{'count' if count else 'ids'} prints plain text and cannot be used with --format "
                         f"{output_format}; --format json holds \"total\" and each hit's \"id\"")
    if facets and (count or ids or output_format not in ("text", "json")):
        raise UsageError("--facet works with --format text or json, without --count or --ids")


@app.command("index")
def index_command(
    corpus: Path = typer.Argument(DEFAULT_CORPUS_DIR, help="Folder of article files (.txt, .md)."),
    index: Optional[Path] = typer.Option(None, "--index", help=INDEX_HELP),
    rebuild: bool = typer.Option(False, "--rebuild", help="Build a fresh index instead of updating."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Indexing processes (default: one per core "
                                                                  "for large updates)."),
) -> None:
    """Create or update the index: new files are added, changed ones replaced, deleted ones removed."""
    with errors_as_exit_codes():
        summary = run_indexing(index or default_index_dir(), corpus, rebuild, jobs)
    raise typer.Exit(EXIT_ERROR if summary.skipped else 0)  # as grep, when it could not read a file


def _run_command() -> int:
    """Run the CLI; usage errors (unknown option, bad number) become one line on stderr and exit code 2."""
    command = typer.main.get_command(app)
    try:
        result = command.main(standalone_mode=False)
    except typer.Abort:
        say("searchkit: error: interrupted")
        return EXIT_ERROR
    except typer.TyperException as error:  # click's usage errors: unknown option, bad number, missing argument
        message = error.format_message() or "no command given (the commands are listed above)"  # bare searchkit
        command_name = getattr(getattr(getattr(error, "ctx", None), "command", None), "name", None)
        hint = " (a query with a word starting with '-' goes after '--': searchkit search -- 劳动模范 -北京)" \
            if "No such option" in message and command_name == "search" else ""
        say(f"searchkit: error: {message}{hint}")
        return EXIT_ERROR
    return result if isinstance(result, int) else 0


def main() -> None:
    """Entry point of the `searchkit` command."""
    if os.environ.get("SEARCHKIT_DEBUG"):
        sys.exit(_run_command())
    try:
        code = _run_command()
    except Exception as error:  # a bug: still one line, still exit 2
        say(f"searchkit: {internal_error_message(error)}")
        code = EXIT_ERROR
    _exit_now(code)


def _exit_now(code: int) -> None:
    """Flush the output, run the exit handlers and leave without the interpreter's teardown: freeing every object
    of Whoosh, numpy and the lexicon one by one took some 50 ms of a 0.35-0.4 s cold search (by hand). Every
    command has closed its index and finished its writes by now; a reader that closed the pipe early is no error
    of ours."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass
    atexit._run_exitfuncs()  # e.g. weakref.finalize and multiprocessing's clean-up, as a normal exit runs them
    os._exit(code)
