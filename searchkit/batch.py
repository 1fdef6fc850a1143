"""Batch mode: many queries, one per input line, answered by one open index, one output record per line."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from searchkit.api import Index
from searchkit.errors import SearchkitError, UsageError, internal_error_message
from searchkit.file_encoding import conversion_hint

# JSON input keys: the Index.search parameter each sets, and the type its value must have.
REQUEST_KEYS: dict[str, tuple[str, type]] = {
    "limit": ("limit", int), "offset": ("offset", int), "from": ("date_from", str), "to": ("date_to", str),
    "lang": ("lang", str), "sort": ("sort", str), "facets": ("facets", list), "snippets": ("snippets", bool),
    "cross": ("cross", bool)}
_TYPE_NAMES = {int: "whole number", str: "string", list: "list", bool: "true or false"}


@dataclass
class BatchRequest:
    id: object
    query: str
    options: dict = field(default_factory=dict)


def parse_request(line: str, line_number: int) -> BatchRequest:
    """A plain line is a query; a line starting with '{' is a JSON object with 'query' and optional settings."""
    if not line.lstrip().startswith("{"):
        return BatchRequest(line_number, line.strip())
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise UsageError(f"line {line_number}: invalid JSON ({error.msg})") from None
    if not isinstance(record, dict) or not isinstance(record.get("query"), str):
        raise UsageError(f"line {line_number}: a JSON line needs a \"query\" string")
    unknown = sorted(set(record) - set(REQUEST_KEYS) - {"id", "query"})
    if unknown:
        raise UsageError(f"line {line_number}: unknown key(s) {', '.join(unknown)}")
    options = _search_options(record, line_number)
    return BatchRequest(_record_id(record, line_number), record["query"], options)


def _record_id(record: dict, line_number: int):
    """The line's own "id", or its line number when it gives none (or null)."""
    return line_number if record.get("id") is None else record["id"]


def _search_options(record: dict, line_number: int) -> dict:
    """The Index.search keyword arguments a JSON line sets (null values left out), each of the right type."""
    options = {}
    for key, (name, expected) in REQUEST_KEYS.items():
        value = record.get(key)
        if key == "facets" and isinstance(value, str):
            value = [value]
        if value is None:
            continue
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise UsageError(f"line {line_number}: \"{key}\" must be a {_TYPE_NAMES[expected]}")
        options[name] = value
    return options


def _partial_id(line: str, line_number: int):
    """The id and query of a line that failed, as far as they can be read: a JSON line's own "id" and "query"
    (null when it has no query string), a plain line's number and text."""
    if not line.lstrip().startswith("{"):
        return line_number, line.strip()
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return line_number, None
    if not isinstance(record, dict):
        return line_number, None
    query = record.get("query")
    return _record_id(record, line_number), query if isinstance(query, str) else None


def _decoded(line: str | bytes, line_number: int) -> str:
    """A line as text: bytes are decoded as UTF-8 (a byte-order mark on the first line is dropped)."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            hint = conversion_hint(line, min_chinese=1)
            raise UsageError(f"line {line_number}: not valid UTF-8 (byte 0x{line[error.start]:02x} at offset "
                             f"{error.start}){hint}") from None
    return line.removeprefix("\ufeff") if line_number == 1 else line


def run_batch(index: Index, lines: Iterable[str | bytes], *, limit: int = 10,
              snippets: bool = True) -> Iterator[dict]:
    """One record per non-blank line, in input order; a failing line yields an 'error' record and the rest go on."""
    if limit < 0:
        raise UsageError(f"limit must be 0 or more, not {limit}")
    for line_number, raw_line in enumerate(lines, 1):
        try:
            line = _decoded(raw_line, line_number)
        except UsageError as error:
            yield {"id": line_number, "query": None, "error": str(error)}
            continue
        if not line.strip():
            continue
        try:
            request = parse_request(line, line_number)
            options = {"limit": limit, "snippets": snippets, "suggestions": False} | request.options
            results = index.search(request.query, **options)
        except Exception as error:  # noqa: BLE001 - one line's failure, even a bug's, must not end the batch
            record_id, query = _partial_id(line, line_number)
            if not isinstance(error, SearchkitError) and os.environ.get("SEARCHKIT_DEBUG"):
                raise
            message = str(error) if isinstance(error, SearchkitError) else internal_error_message(error)
            yield {"id": record_id, "query": query, "error": message}
            continue
        record = {"id": request.id} | results.to_json()
        record.pop("offset"), record.pop("suggestions")
        yield record
