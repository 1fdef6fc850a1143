"""Parse archive article files into validated Article records.

A file holds an English translation — a `Title:`/`Author:`/`Date:`/`Page:` (or `Edition:`) header, the text and
an optional `**Named Entities**` block — then `<hr />`, `Original:` and the Chinese original: `### title`, an
author line, a date line, `第N版(section)`, `专栏：column` and the text. Either language may be missing (see
missing_language). Every line of text is kept as written; only header and separator lines are consumed.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from searchkit.article import Article  # re-exported: corpus.Article is part of this module's API
from searchkit.corpus_files import article_relative_paths
from searchkit.errors import CorpusError
from searchkit.file_encoding import decode_article_bytes
from searchkit.markup import unescaped, without_html_tags
from searchkit.header_values import InvalidHeaderValue, chinese_header_fields, english_page, iso_date
from searchkit.normalize import CONTROL_CHARACTER, HAN_CHAR

_BOM = "\ufeff"
_NO_CHINESE = "no Chinese original (no Chinese text after `<hr />` and `Original:`); indexed in English only"
_NO_ENGLISH = "no English translation before the Chinese original; indexed in Chinese only"
# Non-blank lines after the Chinese title that may still be header lines (author, date, page, column, + slack).
_CHINESE_HEADER_SCAN = 5

_ENGLISH_HEADER_LINE = re.compile(  # Title: …, **Title:** …, # Title: …, - Title: …
    r"^\s*(?:#{1,6}\s*|[-*+]\s+)?(?:\*\*)?(title|author|date|page|edition)\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?(.*)$",
    re.IGNORECASE,
)
_OTHER_HEADER_LINE = re.compile(r"^\s*(?:\*\*)?[A-Za-z]+(?: [A-Za-z]+)?(?:\*\*)?\s*[:：]")  # Section: International
_WRAPPED_HEADER_LINES = 3  # lines a header value may wrap onto, or other keys between the known ones
_HR = r"<\s*hr(?:\s[^<>\n]*)?/?\s*>"  # <hr />, <HR>, <hr class="x">
_HR_TAG = re.compile(_HR, re.IGNORECASE)
_ORIGINAL_START = re.compile(r"\s*original\b", re.IGNORECASE)
_SEPARATOR_LINE = re.compile(rf"^\s*{_HR}\s*$", re.IGNORECASE)
_THEMATIC_BREAK = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")  # Markdown's ---: a separator only before the original
_ORIGINAL_LINE = re.compile(r"^\s*(?:\*\*)?original\s*(?:\*\*)?\s*[:：]?\s*(?:\*\*)?\s*$", re.IGNORECASE)
_CHINESE_TITLE_LINE = re.compile(r"^[ \t]*#{1,6}(.*)$")
_ENTITIES_HEADING = re.compile(r"^[\s#*]*named\s+entities[\s:：*]*$", re.IGNORECASE)


class _NotAnArticle(Exception):
    """Raised inside the parser with the short reason; parse_article turns it into a CorpusError."""


@dataclass(frozen=True)
class _EnglishPart:
    title: str = ""
    author: str = ""
    date: str = ""
    page: int | None = None
    body: str = ""
    entities: str = ""
    unreadable: dict[str, str] = dataclasses.field(default_factory=dict)  # "date"/"page" → why it is unreadable


@dataclass(frozen=True)
class _ChinesePart:
    title: str = ""
    author: str = ""
    date_text: str = ""  # as written; validated only when the English header has no date
    page: int | None = None
    section: str = ""
    column: str = ""
    body: str = ""


def parse_article(text: str, article_id: str) -> Article:
    """Parse one article's decoded text; CorpusError(article_id, reason) when it is not an article."""
    text = _separators_on_their_own_lines(without_html_tags(_normalize_newlines(text).replace(_BOM, "")))
    if not text.strip():
        raise CorpusError(article_id, "empty file")
    english_lines, chinese_lines = _split_languages(text.split("\n"))
    try:
        english = _parse_english(english_lines)
        chinese = _parse_chinese(chinese_lines)
        if not (english.title or english.body or chinese.title or chinese.body):
            raise _NotAnArticle("no article text found")
        date, page, notes = _date_and_page(english, chinese)
    except _NotAnArticle as error:
        raise CorpusError(article_id, str(error)) from None
    if (originals := sum(1 for line in chinese_lines if _ORIGINAL_LINE.match(line))) > 1:
        notes += (f"{originals} `Original:` lines: more than one article in the file? Indexed as one; split it",)
    texts = {"title_en": english.title, "author_en": english.author, "body_en": english.body,
             "entities": english.entities, "title_zh": chinese.title, "author_zh": chinese.author,
             "page_zh": chinese.section, "column_zh": chinese.column, "body_zh": chinese.body}
    return Article(id=article_id, date=date, page=page, warnings=notes,
                   **{name: unescaped(value) for name, value in texts.items()})


@dataclass(frozen=True)
class CorpusWarning:
    """A file indexed with a header value or one language missing: it is searchable, but likely cut short or saved
    wrongly."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def article_warnings(article: Article) -> str | None:
    """Why an article read from an archive file needs a look, or None: a header value indexed without (see
    _date_and_page), one language missing."""
    reasons = [*article.warnings, missing_language(article) or ""]
    return "; ".join(reason for reason in reasons if reason) or None


def missing_language(article: Article) -> str | None:
    """Why an article read from an archive file looks incomplete (one language has neither title nor text), or
    None: every article of the archive has an English translation and its Chinese original."""
    if not (article.title_zh.strip() or article.body_zh.strip()):
        return _NO_CHINESE
    if not (article.title_en.strip() or article.body_en.strip()):
        return _NO_ENGLISH
    return None


def _date_and_page(english: _EnglishPart, chinese: _ChinesePart) -> tuple[str, int | None, tuple[str, ...]]:
    """The English header's date and page, else the Chinese header's, and what could not be read. An English value
    written in no known way gives way to the Chinese one; with none to fall back on, the article is indexed
    without it and the reason becomes a warning."""
    unreadable = dict(english.unreadable)
    chinese_date = ""
    if chinese.date_text and not english.date:
        try:
            chinese_date = iso_date(chinese.date_text)
        except InvalidHeaderValue as error:
            unreadable.setdefault("date", str(error))
    date, page = english.date or chinese_date, english.page if english.page is not None else chinese.page
    notes = tuple(f"{unreadable[key]}; indexed without a {key}" for key, missing in
                  (("date", not date), ("page", page is None)) if missing and key in unreadable)
    if not date and "date" not in unreadable:  # every article of the archive has one: a date search misses it
        notes = ("no date in its header; indexed without a date", *notes)
    return date, page, notes


def _separators_on_their_own_lines(text: str) -> str:
    """The text with an <hr /> on a line of its own where it ends a line of text or has `Original:` after it on
    its line (`<hr /> Original:` is two lines, as a browser shows it); one inside a line of text stays."""
    if "<" not in text:
        return text

    def own_line(match: re.Match) -> str:
        line_end = text.find("\n", match.end())
        before = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
        after = text[match.end():len(text) if line_end < 0 else line_end]
        if before.strip() and not after.strip():
            return f"\n{match.group()}"
        return f"{match.group()}\n" if not before.strip() and _ORIGINAL_START.match(after) else match.group()

    return _HR_TAG.sub(own_line, text)


_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")


def _normalize_newlines(text: str) -> str:
    """CRLF, lone CR and Unicode's other line breaks (U+2028, U+2029, NEL) become LF."""
    return _LINE_BREAKS.sub("\n", text)


def read_article(path: Path, root: Path, data: bytes | None = None) -> Article:
    """Read (unless the caller already has the bytes), decode (UTF-8, BOM allowed; UTF-16 with its BOM) and parse
    one file.

    Every CorpusError names the path.
    """
    path = Path(path)
    if CONTROL_CHARACTER.search(path.name):
        raise CorpusError(str(path), "its name holds a line break or another control character, which an article "
                                     "id cannot (ids are printed one per line): rename the file")
    try:
        data = path.read_bytes() if data is None else data
    except OSError as error:
        raise CorpusError(str(path), f"cannot read file ({error.strerror or error})") from None
    text = decode_article_bytes(data, str(path))
    try:
        return parse_article(text, article_id_for(path, Path(root)))
    except CorpusError as error:
        raise CorpusError(str(path), error.reason) from None


def article_id_for(path: Path, root: Path) -> str:
    """The article id: the path relative to root, without its suffix, with '/' separators."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        try:
            relative = path.resolve().relative_to(root.resolve())
        except ValueError:
            relative = Path(path.name)
    return article_id_of_relative(relative.as_posix())


def article_id_of_relative(relative: str) -> str:
    """The article id of a file at this relative posix path (what article_id_for gives for a file under root)."""
    return PurePosixPath(relative).with_suffix("").as_posix()


def find_article_files(root: Path) -> list[Path]:
    """Every article file under root, sorted by relative posix path; hidden entries and READMEs skipped."""
    root = Path(root)
    return [root / relative for relative in article_relative_paths(root)]


def iter_corpus(root: Path) -> Iterator[Article | CorpusError]:
    """One Article, or the CorpusError saying why not, per article file under root, in sorted order."""
    for path in find_article_files(root):
        try:
            yield read_article(path, root)
        except CorpusError as error:
            yield error


def _split_languages(lines: list[str]) -> tuple[list[str], list[str]]:
    """The English lines and the Chinese lines (which may still start with `Original:`)."""
    separators = [i for i, line in enumerate(lines) if _SEPARATOR_LINE.match(line)]
    breaks = [i for i, line in enumerate(lines) if _THEMATIC_BREAK.match(line)]
    for i in sorted(separators + breaks):  # prefer an <hr /> that really precedes the original over one inside the text
        following = _first_non_blank(lines, i + 1)
        if following is not None and (_ORIGINAL_LINE.match(lines[following]) or _is_chinese_title(lines, following)):
            return lines[:i], lines[i + 1:]
    if separators:
        return lines[: separators[0]], lines[separators[0] + 1:]
    for i, line in enumerate(lines):
        if _ORIGINAL_LINE.match(line) or _is_chinese_title(lines, i):
            return lines[:i], lines[i:]
    if not _read_english_header(lines)[0] and _mostly_chinese(lines):  # a file of Chinese only, without a header
        return [], lines
    return lines, []


def _mostly_chinese(lines: list[str]) -> bool:
    """True when Chinese characters outnumber Latin letters."""
    text = "".join(lines)
    return len(HAN_CHAR.findall(text)) > sum(char.isascii() and char.isalpha() for char in text)


def _is_chinese_title(lines: list[str], index: int) -> bool:
    """A `###` line followed by a Chinese header line, or opening the file with Chinese in it."""
    if not _CHINESE_TITLE_LINE.match(lines[index]):
        return False
    if _first_non_blank(lines, 0) == index and HAN_CHAR.search(lines[index]):
        return True
    following = [line.strip() for line in lines[index + 1: index + 1 + 2 * _CHINESE_HEADER_SCAN]]
    return any(chinese_header_fields(line) for line in following)


def _first_non_blank(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _parse_english(lines: list[str]) -> _EnglishPart:
    header, body_start = _read_english_header(lines)
    rest = lines[body_start:]
    heading = next((i for i, line in enumerate(rest) if _ENTITIES_HEADING.match(line)), None)
    body_lines, entity_lines = (rest, []) if heading is None else (rest[:heading], rest[heading + 1:])
    written = {"date": header.get("date"), "page": header.get("page") or header.get("edition")}
    values, unreadable = {}, {}
    for key, read in (("date", iso_date), ("page", english_page)):
        try:
            values[key] = read(written[key]) if written[key] else None
        except InvalidHeaderValue as error:
            values[key], unreadable[key] = None, str(error)
    return _EnglishPart(
        title=header.get("title", ""),
        author=header.get("author", ""),
        date=values["date"] or "",
        page=values["page"],
        body=_join_trimmed(body_lines),
        entities=_join_trimmed(entity_lines),
        unreadable=unreadable,
    )


def _read_english_header(lines: list[str]) -> tuple[dict[str, str], int]:
    """The `Key: value` header (blank lines allowed inside) and the index of the first line after it. Right after a
    header line and before a header key not yet seen, a line with another key (`Section: …`) is passed over and a
    line without one continues the value above it (a wrapped title)."""
    header: dict[str, str] = {}
    end, last_key = 0, ""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        match = _ENGLISH_HEADER_LINE.match(line)
        key = match.group(1).lower() if match else None
        # a key seen before counts only right after a header line, not indented as a paragraph is (body text
        # may well start "Date: March 1 was chosen")
        if key is not None and (key not in header or (i == end and not line[:1].isspace())):
            header[key], end, last_key = _header_value(header.get(key), key, match.group(2).strip()), i + 1, key
        elif key is None and header and i == end and _new_header_key_follows(lines, i + 1, header):
            if not _OTHER_HEADER_LINE.match(line):
                header[last_key] = f"{header[last_key]} {line.strip()}".strip()
            end = i + 1
        else:
            break
    return header, end


def _header_value(before: str | None, key: str, value: str) -> str:
    """A header key's value, given the value of an earlier line with the same key (None if none): a second author
    joins the first, a value replaces an empty one, and another repeat is passed over."""
    if not before:
        return value
    return f"{before}, {value}" if key == "author" and value else before


def _new_header_key_follows(lines: list[str], start: int, header: dict[str, str]) -> bool:
    """True when one of the next few non-blank lines holds a header key not yet seen (only lines without one
    before it)."""
    following = [line for line in lines[start:start + 2 * _WRAPPED_HEADER_LINES] if line.strip()]
    for line in following[:_WRAPPED_HEADER_LINES]:
        if match := _ENGLISH_HEADER_LINE.match(line):
            return match.group(1).lower() not in header
    return False


def _parse_chinese(lines: list[str]) -> _ChinesePart:
    start = next((i for i, line in enumerate(lines) if line.strip() and not _ORIGINAL_LINE.match(line)), None)
    if start is None:
        return _ChinesePart()
    title_match = _CHINESE_TITLE_LINE.match(lines[start])
    titled = title_match is not None
    fields, loose, leading, body_start = _read_chinese_header(lines, start + titled, max_loose=1 if titled else 2)
    if titled:
        names = {"title": title_match.group(1).strip(" \t"), "author": "\n".join(loose)}
    elif leading:  # no `###`: a loose line before the first field is the title (the next, the author)
        names = dict(zip(("title", "author"), loose))
    else:
        names = {"author": "\n".join(loose)}
    return _ChinesePart(body=_join_trimmed(lines[body_start:]), **fields, **names)


def _read_chinese_header(lines: list[str], start: int, max_loose: int) -> tuple[dict, list[str], int, int]:
    """The date, page and column fields; the lines without a field among them (at most max_loose: the author, or
    without a `###` title the title and the author); how many of those come before the first field; and the index
    of the first body line.

    A line without a field belongs to the header before its first field, or between two fields; if no date, page
    or column line is found, there is no header and the text starts at `start`.
    """
    fields: dict = {}
    loose: list[str] = []
    end, seen, leading = start, 0, 0
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        seen += 1
        found = chinese_header_fields(line)
        if seen > _CHINESE_HEADER_SCAN + max_loose - 1:
            break
        if found is None:
            following = _first_non_blank(lines, i + 1)
            if len(loose) == max_loose or (fields and (following is None or
                                                       chinese_header_fields(lines[following].strip()) is None)):
                break
            loose.append(line)
            leading += not fields
        elif fields.keys() & found:  # a second date, page or column line is part of the text
            break
        else:
            fields.update(found)
            end = i + 1
    return (fields, loose, leading, end) if fields else ({}, [], 0, start)


def _join_trimmed(lines: list[str]) -> str:
    """The lines joined, without leading and trailing blank lines."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), -1)
    return "\n".join(lines[first: last + 1])
