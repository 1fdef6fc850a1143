"""Batch mode: many queries, one per input line, answered by one open index, one output record per line."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from searchkit.api import Index
from searchkit.errors import SearchkitError, UsageError

# JSON input keys and the Index.search parameters they set.
REQUEST_KEYS = {"limit": "limit", "offset": "offset", "from": "date_from", "to": "date_to", "lang": "lang",
                "sort": "sort", "facets": "facets", "snippets": "snippets", "cross": "cross"}


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
    options = {REQUEST_KEYS[key]: value for key, value in record.items() if key in REQUEST_KEYS}
    _check_types(options, line_number)
    return BatchRequest(record.get("id", line_number), record["query"], options)


_EXPECTED_TYPES = {"limit": int, "offset": int, "date_from": str, "date_to": str, "lang": str, "sort": str,
                   "facets": list, "snippets": bool, "cross": bool}


def _check_types(options: dict, line_number: int) -> None:
    if isinstance(options.get("facets"), str):
        options["facets"] = [options["facets"]]
    for name, expected in _EXPECTED_TYPES.items():
        value = options.get(name)
        if value is None:
            options.pop(name, None)
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            key = next(key for key, target in REQUEST_KEYS.items() if target == name)
            kind = {int: "whole number", str: "string", list: "list", bool: "true or false"}[expected]
            raise UsageError(f"line {line_number}: \"{key}\" must be a {kind}")


def _partial_id(line: str, line_number: int):
    try:
        record = json.loads(line)
        return record.get("id", line_number), record.get("query", line.strip())
    except (json.JSONDecodeError, AttributeError):
        return line_number, line.strip()


def _decoded(line: str | bytes, line_number: int) -> str:
    """A line as text: bytes are decoded as UTF-8 (a byte-order mark on the first line is dropped)."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise UsageError(f"line {line_number}: not valid UTF-8 (byte 0x{line[error.start]:02x} at offset "
                             f"{error.start})") from None
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
        except SearchkitError as error:
            record_id, query = _partial_id(line, line_number)
            yield {"id": record_id, "query": query, "error": str(error)}
            continue
        record = {"id": request.id} | results.to_json()
        record.pop("offset"), record.pop("suggestions")
        yield record
