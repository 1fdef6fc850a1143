"""Turn results, articles and statistics into the output formats: text for people, json and jsonl for programs."""

from __future__ import annotations

import json

from searchkit.api import Results, Stats
from searchkit.corpus import Article
from searchkit.highlight import Snippet
from searchkit.indexer import IndexSummary

RESULT_FORMATS = ("text", "json", "jsonl")
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
        lines.append(f"   {hit.title_en}")
    if lang in ("all", "zh") and hit.title_zh:
        lines.append(f"   {hit.title_zh}")
    if lang in ("all", "en") and hit.snippet_en.text:
        lines.append(f"   en: {marked(hit.snippet_en, color)}")
    if lang in ("all", "zh") and hit.snippet_zh.text:
        lines.append(f"   zh: {marked(hit.snippet_zh, color)}")
    return lines


def render_results(results: Results, fmt: str, *, color: bool = False, lang: str = "all") -> str:
    if fmt == "json":
        return to_json(results.to_json())
    if fmt == "jsonl":
        return "\n".join(to_json(hit.to_json()) for hit in results.hits)
    shown = f"{results.offset + 1}-{results.offset + len(results.hits)}" if results.hits else "none"
    lines = [f"{results.total} hits for {results.query!r} (showing {shown})"]
    for hit in results.hits:
        lines += [""] + _hit_lines(hit, color, lang)
    return "\n".join(lines)


def render_article(article: Article, fmt: str) -> str:
    if fmt == "json":
        return to_json(article.to_dict())
    header = [f"id: {article.id}", f"date: {article.date}", f"page: {article.page}"]
    english = [f"Title: {article.title_en}", f"Author: {article.author_en}", "", article.body_en]
    if article.entities:
        english += ["", "Named Entities:", article.entities]
    chinese = [f"### {article.title_zh}", article.author_zh, f"第{article.page}版({article.page_zh})",
               f"专栏：{article.column_zh}", "", article.body_zh]
    return "\n".join(header + [""] + english + ["", "-" * 40, ""] + chinese)


def render_stats(stats: Stats, fmt: str) -> str:
    if fmt == "json":
        return to_json(stats.to_json())
    return "\n".join([
        f"index:     {stats.path}",
        f"documents: {stats.documents}",
        f"dates:     {stats.date_min or '-'} to {stats.date_max or '-'}",
        f"size:      {stats.index_bytes / 1_048_576:.1f} MiB ({stats.index_bytes} bytes)",
    ])


def render_summary(summary: IndexSummary, index_dir) -> list[str]:
    """Lines for stderr: one per skipped file (path: reason), then the summary line."""
    lines = [f"skipped {error}" for error in summary.skipped]
    verb = "built" if summary.rebuilt else "updated"
    lines.append(f"index {verb} at {index_dir}: {summary.line()}")
    return lines
