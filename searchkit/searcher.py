"""Rank, filter and page the documents that match a compiled query; ties break by article id."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq
from whoosh import sorting

from searchkit.errors import UsageError
from searchkit.query import date_bounds

SORTS = ("relevance", "date", "-date")


@dataclass(frozen=True)
class RankedDocument:
    """One matching document in result order: its stored fields and its relevance score."""

    id: str
    score: float
    stored: dict


def date_filter(date_from: str | None, date_to: str | None) -> wq.Query | None:
    """The filter for --from/--to: each takes YYYY, YYYY-MM or YYYY-MM-DD and both ends are inclusive."""
    if not date_from and not date_to:
        return None
    start = date_bounds(date_from)[0] if date_from else "0000-01-01"
    end = date_bounds(date_to)[1] if date_to else "9999-12-31"
    if start > end:
        raise UsageError(f"--from {date_from} is after --to {date_to}")
    return wq.TermRange("date", start, end)


def _order(sort: str) -> tuple[sorting.MultiFacet, int]:
    """The sort facets, and where the (negated) score sits in each hit's sort key."""
    if sort == "relevance":
        return sorting.MultiFacet([sorting.ScoreFacet(), sorting.FieldFacet("id")]), 0
    newest_first = sort == "-date"
    facets = [sorting.FieldFacet("date", reverse=newest_first), sorting.ScoreFacet(), sorting.FieldFacet("id")]
    return sorting.MultiFacet(facets), 1


def validate_page(limit: int, offset: int, sort: str) -> None:
    if limit < 0:
        raise UsageError(f"limit must be 0 or more, not {limit}")
    if offset < 0:
        raise UsageError(f"offset must be 0 or more, not {offset}")
    if sort not in SORTS:
        raise UsageError(f"unknown sort '{sort}' (use {', '.join(SORTS)})")


def rank(searcher, query: wq.Query, *, limit: int, offset: int, sort: str = "relevance",
         filter_query: wq.Query | None = None) -> tuple[int, list[RankedDocument]]:
    """The total number of matches and the documents at [offset, offset + limit) in a stable order."""
    validate_page(limit, offset, sort)
    facet, score_slot = _order(sort)
    results = searcher.search(query, limit=max(1, offset + limit), sortedby=facet, filter=filter_query)
    total = len(results)
    documents = [
        RankedDocument(hit["id"], round(-hit.score[score_slot], 6), hit.fields())
        for hit in results[offset:offset + limit]
    ]
    return total, documents


FACETS = ("year", "month", "page", "column", "author")
_ORDERED_BY_VALUE = ("year", "month", "page")


@dataclass(frozen=True)
class FacetCount:
    value: str | int
    count: int


def validate_facets(names) -> list[str]:
    names = list(dict.fromkeys(names))
    for name in names:
        if name not in FACETS:
            raise UsageError(f"unknown facet '{name}' (use {', '.join(FACETS)})")
    return names


def count_facets(searcher, query: wq.Query, names, filter_query: wq.Query | None = None) -> dict[str, list[FacetCount]]:
    """Counts per facet value over the whole result set (not just one page); empty values are left out."""
    names = validate_facets(names)
    if not names:
        return {}
    grouped = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in names}
    results = searcher.search(query, limit=1, groupedby=grouped, filter=filter_query)
    counted = {}
    for name in names:
        pairs = [(value, count) for value, count in results.groups(name).items() if value not in ("", None)]
        if name in _ORDERED_BY_VALUE:
            pairs.sort(key=lambda pair: pair[0])
        else:
            pairs.sort(key=lambda pair: (-pair[1], str(pair[0])))
        counted[name] = [FacetCount(value, count) for value, count in pairs]
    return counted
