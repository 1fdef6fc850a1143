"""Rank, filter and page the documents that match a compiled query; ties break by article id."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import collectors
from whoosh import query as wq
from whoosh import sorting

from searchkit.date_ranges import date_range_query
from searchkit.errors import UsageError
from searchkit.query import date_span
from searchkit.schema import PAGE_COLUMN_DEFAULT

SORTS = ("relevance", "date", "-date")
# From this many postings (summed over the query's terms) the array path is taken. Whoosh's matchers cost some
# 15-50 us a match on phrase-ranked queries; the value was chosen by measurement, not derived: lowered from 3,000,
# it sped warm and cold searches at 10k articles and left those at 100k within the noise (BENCHMARKS.md, stop 23).
# Searches of the bundled seeds stay below it and skip numpy's import, about 45 ms of a cold search (a test checks one).
VECTOR_MIN_POSTINGS = 300


@dataclass(frozen=True)
class RankedDocument:
    """One matching document in result order: its stored fields and its relevance score."""

    id: str
    score: float
    stored: dict


def date_filter(date_from: str | None, date_to: str | None) -> wq.Query | None:
    """The filter for --from/--to: each takes YYYY, YYYY-MM or YYYY-MM-DD and both ends are inclusive."""
    if date_from is None and date_to is None:
        return None
    for value in (date_from, date_to):
        if value is not None and not isinstance(value, str):
            raise UsageError(f"a date must be a string (YYYY, YYYY-MM or YYYY-MM-DD), not {value!r}")
    start, end = date_span(date_from, date_to)  # an empty string is an invalid date, not a missing one
    if start > end:
        raise UsageError(f"--from {date_from} is after --to {date_to}")
    return date_range_query(start, end)


def _order(sort: str) -> tuple[sorting.MultiFacet, int]:
    """The sort facets, and where the (negated) score sits in each hit's sort key."""
    if sort == "relevance":
        return sorting.MultiFacet([sorting.ScoreFacet(), sorting.FieldFacet("id")]), 0
    newest_first = sort == "-date"
    facets = [sorting.FieldFacet("date", reverse=newest_first), sorting.ScoreFacet(), sorting.FieldFacet("id")]
    return sorting.MultiFacet(facets), 1


def validate_page(limit: int, offset: int, sort: str) -> None:
    for name, value in (("limit", limit), ("offset", offset)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise UsageError(f"{name} must be a whole number, not {value!r}")
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
    if sort == "relevance":
        ranked = _vector_top(searcher, query, offset + limit, filter_query)
        if ranked is None:
            ranked = _top_by_score(searcher, query, offset + limit, filter_query)
        if ranked is not None:
            total, top = ranked
            return total, [RankedDocument(article_id, round(score, 6), searcher.stored_fields(docnum))
                           for score, article_id, docnum in top[offset:offset + limit]]
    facet, score_slot = _order(sort)
    results = searcher.search(query, limit=max(1, offset + limit), sortedby=facet, filter=filter_query)
    total = len(results)
    documents = [
        RankedDocument(hit["id"], round(-hit.score[score_slot], 6), hit.fields())
        for hit in results[offset:offset + limit]
    ]
    return total, documents


def _top_by_score(searcher, query: wq.Query, count: int, filter_query: wq.Query | None):
    """The total and the first `count` matches as (score, id, docnum), best first and ties by id, kept in a heap
    (no sort key per match); None when a score tie straddles the cut, so that only sorting every match can say
    which documents come first.

    Every match is scored once, and counted on the way. Whoosh's pruning is off. Its matcher replacement, given
    the lowest score still on the page, rewrote the query for later segments: on a 100,000-article index that
    dropped better documents from the top ten of common Chinese words, and it undercounts the total. Its
    block-quality skipping, once replacement is off, gave the same pages there but was slower than scoring every
    match (it skipped little, and the total then needs a second pass)."""
    collector = collectors.TopCollector(limit=count + 1, usequality=False, replace=0)
    if filter_query is not None:
        collector = collectors.FilterCollector(collector, allow=filter_query)
    searcher.search_with_collector(query, collector)
    results = collector.results()
    scored = list(results.top_n)
    if len(scored) > count and count and scored[count - 1][0] == scored[count][0]:
        return None
    ids = searcher.reader().column_reader("id") if scored else None
    top = sorted(((score, ids[docnum], docnum) for score, docnum in scored[:count]),
                 key=lambda item: (-item[0], item[1]))
    return len(results), top


def _vector_top(searcher, query: wq.Query, count: int, filter_query: wq.Query | None):
    """The total and the first `count` matches as (score, id, docnum), from vector_search when the query is worth
    it and every node of it is supported (else None: Whoosh's matchers rank it)."""
    if not worth_vectorizing(searcher, query):
        return None
    from searchkit import vector_search  # numpy: imported only when a query needs it

    found = vector_search.matching_scores(searcher, query, filter_query)
    if found is None:
        return None
    docnums, scores = found
    top = vector_search.best(docnums, scores, count, searcher.reader().column_reader("id"))
    return len(docnums), top


def worth_vectorizing(searcher, query: wq.Query) -> bool:
    """True when the query's terms have VECTOR_MIN_POSTINGS postings or more (or it expands terms, which could be
    many): then array evaluation beats Whoosh's matchers by far more than numpy's import costs a cold search."""
    total = 0
    for node in query.leaves():
        if isinstance(node, (wq.MultiTerm, wq.Every)):
            return True
        fieldname = getattr(node, "fieldname", None)
        words = getattr(node, "words", None) or [getattr(node, "text", None)]
        if fieldname is None or words[0] is None:  # e.g. NumericRange: left to Whoosh
            continue
        for word in words:
            try:
                total += searcher.doc_frequency(fieldname, word)
            except (KeyError, ValueError, TypeError):  # a field or value the index cannot hold
                continue
        if total >= VECTOR_MIN_POSTINGS:
            return True
    return False


def count_matches(searcher, query: wq.Query, filter_query: wq.Query | None = None) -> int:
    """How many documents match the query (and pass the filter): as arrays when the query is worth it, else by
    walking Whoosh's matchers without scoring."""
    if worth_vectorizing(searcher, query):
        from searchkit import vector_search

        counted = vector_search.match_count(searcher, query, filter_query)
        if counted is not None:
            return counted
    matching = searcher.docs_for_query(query)
    if filter_query is None:
        return sum(1 for _ in matching)
    allowed = set(searcher.docs_for_query(filter_query))
    return sum(1 for docnum in matching if docnum in allowed)


FACETS = ("year", "month", "page", "column", "author")
_ORDERED_BY_VALUE = ("year", "month", "page")


@dataclass(frozen=True)
class FacetCount:
    value: str | int
    count: int


def validate_facets(names) -> list[str]:
    names = list(dict.fromkeys([names] if isinstance(names, str) else names))  # "year" is ["year"], as in batch
    for name in names:
        if name not in FACETS:
            raise UsageError(f"unknown facet '{name}' (use {', '.join(FACETS)})")
    return names


def _missing(facet: str, value) -> bool:
    """True for the value a document without one has in a facet's column: empty, or the page column's default."""
    return value in ("", None) or (facet == "page" and value == PAGE_COLUMN_DEFAULT)


def count_facets(searcher, query: wq.Query, names, filter_query: wq.Query | None = None) -> dict[str, list[FacetCount]]:
    """Counts per facet value over the whole result set (not just one page); missing values are left out."""
    names = validate_facets(names)
    if not names:
        return {}
    grouped = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in names}
    results = searcher.search(query, limit=1, groupedby=grouped, filter=filter_query)
    counted = {}
    for name in names:
        pairs = [(value, count) for value, count in results.groups(name).items() if not _missing(name, value)]
        if name in _ORDERED_BY_VALUE:
            pairs.sort(key=lambda pair: pair[0])
        else:
            pairs.sort(key=lambda pair: (-pair[1], str(pair[0])))
        counted[name] = [FacetCount(value, count) for value, count in pairs]
    return counted
