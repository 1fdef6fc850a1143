"""Turn results, articles and statistics into the output formats: text for people, json and jsonl for programs."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from typing import TYPE_CHECKING

from searchkit.api import Results, Stats
from searchkit.article import Article
from searchkit.errors import UsageError
from searchkit.highlight import Snippet

if TYPE_CHECKING:
    from searchkit.indexer import IndexSummary

RESULT_FORMATS = ("text", "json", "jsonl", "csv", "tsv")
BATCH_FORMATS = ("jsonl", "json")
HIT_FIELDS = ("id", "rank", "score", "date", "page", "title_en", "title_zh", "title_spans_en", "title_spans_zh",
              "snippet_en", "snippet_zh", "spans_en", "spans_zh", "aligned_zh", "aligned_spans_zh", "aligned_en",
              "aligned_spans_en", "translated_from")
TABLE_FIELDS = ("id", "rank", "score", "date", "page", "title_en", "title_zh", "snippet_en", "snippet_zh")
BAR_WIDTH = 30
MAX_WARNING_LINES = 20  # a folder of files in one language would otherwise print a line per file
ARTICLE_FORMATS = ("text", "json")
PLAIN_MARKS = ("[", "]")
COLOR_MARKS = ("\x1b[1;33m", "\x1b[0m")


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def marked(snippet: Snippet, color: bool) -> str:
    """The snippet text with its spans wrapped in colour codes (terminal) or [ ] markers (pipes)."""
    opening, closing = COLOR_MARKS if color else PLAIN_MARKS
    pieces, last = [], 0
    for start, end in snippet.spans:
        pieces += [snippet.text[last:start], opening, snippet.text[start:end], closing]
        last = end
    pieces.append(snippet.text[last:])
    return "".join(pieces)


def _hit_lines(hit, color: bool, lang: str) -> list[str]:
    page = f"p.{hit.page}" if hit.page is not None else "p.?"
    lines = [f"{hit.rank}. {hit.date or '????-??-??'}  {page}  {hit.id}  (score {hit.score:g})"]
    if lang in ("all", "en") and hit.title_en:
        lines.append(f"   {marked(Snippet(hit.title_en, hit.title_spans_en), color)}")
    if lang in ("all", "zh") and hit.title_zh:
        lines.append(f"   {marked(Snippet(hit.title_zh, hit.title_spans_zh), color)}")
    if lang in ("all", "en") and hit.snippet_en.text:
        lines.append(f"   en: {marked(hit.snippet_en, color)}")
        if hit.aligned_zh.text:
            lines.append(f"       ↳ zh: {marked(hit.aligned_zh, color)}")
    if lang in ("all", "zh") and hit.snippet_zh.text:
        lines.append(f"   zh: {marked(hit.snippet_zh, color)}")
        if hit.aligned_en.text:
            lines.append(f"       ↳ en: {marked(hit.aligned_en, color)}")
    if hit.translated_from:
        found = ", ".join(f"{t['term']} → {t['matched']}" for t in hit.translated_from)
        lines.append(f"   translated: {found}")
    return lines


def parse_fields(spec: str | None, fmt: str) -> list[str]:
    """The hit columns chosen with --fields (comma-separated), or the format's default columns."""
    if spec is None:
        return list(HIT_FIELDS if fmt == "jsonl" else TABLE_FIELDS)
    if fmt not in ("csv", "tsv", "jsonl"):
        raise UsageError("--fields works with --format csv, tsv or jsonl")
    fields = [name.strip() for name in spec.split(",") if name.strip()]
    unknown = [name for name in fields if name not in HIT_FIELDS]
    if unknown or not fields:
        raise UsageError(f"unknown field '{(unknown or [spec])[0]}' in --fields (use {', '.join(HIT_FIELDS)})")
    return fields


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return to_json(value)
    return re.sub(r"[\t\r\n]+", " ", value) if isinstance(value, str) else str(value)  # one row per line


def _table(results: Results, fields: list[str], delimiter: str) -> str:
    """CSV is quoted as usual; TSV is never quoted (cells hold no tabs or line breaks), for cut and awk."""
    buffer = io.StringIO()
    quoting = {"quoting": csv.QUOTE_NONE, "quotechar": None} if delimiter == "\t" else {}
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", **quoting)
    writer.writerow(fields)
    for hit in results.hits:
        document = hit.to_json()
        writer.writerow([_cell(document[name]) for name in fields])
    return buffer.getvalue().rstrip("\n")


def display_width(text: str) -> int:
    """Terminal columns: Chinese (wide) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def render_facets(facets: dict) -> list[str]:
    """A small table per facet: value, a bar proportional to the count, the count."""
    lines = []
    for name, counts in facets.items():
        lines += ["", f"{name}:"]
        largest = max((c.count for c in counts), default=0)
        width = max((display_width(str(c.value)) for c in counts), default=0)
        for count in counts:
            bar = "█" * max(1, round(BAR_WIDTH * count.count / largest))
            padding = " " * (width - display_width(str(count.value)))
            lines.append(f"  {count.value}{padding}  {bar} {count.count}")
        if not counts:
            lines.append("  (no values)")
    return lines


def render_results(results: Results, fmt: str, *, color: bool = False, lang: str = "all",
                   fields: list[str] | None = None) -> str:
    if fmt == "json":
        return to_json(results.to_json())
    if fmt == "jsonl":
        chosen = fields or list(HIT_FIELDS)
        documents = (hit.to_json() for hit in results.hits)
        return "\n".join(to_json({name: document[name] for name in chosen}) for document in documents)
    if fmt in ("csv", "tsv"):
        return _table(results, fields or list(TABLE_FIELDS), "," if fmt == "csv" else "\t")
    shown = f"{results.offset + 1}-{results.offset + len(results.hits)}" if results.hits else "none"
    lines = [f"{results.total} {'hit' if results.total == 1 else 'hits'} for {results.query!r} (showing {shown})"]
    for hit in results.hits:
        lines += [""] + _hit_lines(hit, color, lang)
    return "\n".join(lines + render_facets(results.facets))


def render_article(article: Article, fmt: str) -> str:
    """The whole article: a short header, the English part, a rule, the Chinese part (absent parts left out)."""
    if fmt == "json":
        return to_json(article.to_dict())
    header = [f"id: {article.id}", f"date: {article.date or '-'}", f"page: {article.page or '-'}"]
    english = [f"Title: {article.title_en}", f"Author: {article.author_en}", "", article.body_en]
    if article.entities:
        english += ["", "Named Entities:", article.entities]
    page_line = f"第{article.page}版({article.page_zh})" if article.page is not None else f"({article.page_zh})"
    chinese = [f"### {article.title_zh}", article.author_zh, article.date, page_line,
               f"专栏：{article.column_zh}", "", article.body_zh]
    parts = [part for part, present in ((english, article.title_en or article.body_en),
                                        (chinese, article.title_zh or article.body_zh)) if present]
    body = ("\n\n" + "-" * 40 + "\n\n").join("\n".join(part) for part in parts)
    return "\n".join(header) + ("\n\n" + body if body else "")


def render_stats(stats: Stats, fmt: str) -> str:
    if fmt == "json":
        return to_json(stats.to_json())
    return "\n".join([
        f"index:     {stats.path}",
        f"documents: {stats.documents}",
        f"dates:     {stats.date_min or '-'} to {stats.date_max or '-'}",
        f"size:      {stats.index_bytes / 1_048_576:.1f} MiB ({stats.index_bytes} bytes)",
    ])


# Control characters and line separators, written as escapes: a file name holding a line break stays on its line.
_ESCAPES = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F, 0x85]} | {
    0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def one_line(text: str) -> str:
    return text.translate(_ESCAPES)


def render_summary(summary: IndexSummary, index_dir) -> list[str]:
    """Lines for stderr: one per skipped file (path: reason), one per file indexed with a warning, then the summary
    line."""
    lines = [f"skipped {one_line(str(error))}" for error in summary.skipped]
    lines += [f"warning: {one_line(str(warning))}" for warning in summary.warnings[:MAX_WARNING_LINES]]
    if len(summary.warnings) > MAX_WARNING_LINES:
        more = len(summary.warnings) - MAX_WARNING_LINES
        lines.append(f"warning: {more} more files indexed with a header value or one language missing")
    verb = "built" if summary.rebuilt else "updated"
    lines.append(f"index {verb} at {index_dir}: {summary.line()}")
    return lines


def wrap_to_width(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal columns; English breaks at spaces, Chinese anywhere."""
    lines, current, current_width = [], "", 0
    for char in " ".join(text.split()):
        char_width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if current_width + char_width > width:
            cut = current.rfind(" ") if char != " " and current.isascii() else -1
            lines.append(current[:cut] if cut > 0 else current)
            current = current[cut + 1:] if cut > 0 else ""
            current_width = display_width(current)
        if char == " " and not current:
            continue
        current += char
        current_width += char_width
    return lines + ([current] if current.strip() else [])


def _side_by_side(pair, column: int) -> list[str]:
    left, right = wrap_to_width(pair.en, column), wrap_to_width(pair.zh, column)
    rows = []
    for number in range(max(len(left), len(right), 1)):
        english = left[number] if number < len(left) else ""
        rows.append(f"{english}{' ' * (column - display_width(english))} │ {right[number] if number < len(right) else ''}")
    return rows


def render_parallel(article_id: str, pairs: list, fmt: str, *, columns: int | None = None) -> str:
    """Aligned beads: JSON, side by side in `columns` terminal columns, or stacked (columns None: piped)."""
    if fmt == "json":
        return to_json({"id": article_id, "beads": [pair.to_json() for pair in pairs]})
    lines = [f"id: {article_id}  ({len(pairs)} aligned passages)"]
    column = (columns - 3) // 2 if columns else 0
    for pair in pairs:
        lines.append("")
        if column >= 20:
            lines += [f"[{pair.kind}]"] + _side_by_side(pair, column)
        else:
            lines += [f"[{pair.kind}]", f"en: {' '.join(pair.en.split())}", f"zh: {' '.join(pair.zh.split())}"]
    return "\n".join(lines)
