"""Evaluate a compiled query with numpy, a segment at a time: Whoosh's matches and BM25F scores, without a Python
call per matching document.

Whoosh matches a query by walking a tree of matchers document by document; a word found in most of 100,000
articles costs hundreds of milliseconds of Python. Here each leaf reads its posting blocks whole (unpickling
them is C) into arrays of document numbers and weights, scores them with the BM25F formula as arrays, and the
tree is combined as dense per-document score and match arrays. The semantics are Whoosh's, node for node:
- Term: bm25(idf, tf, field length, average length) × boost; unscorable fields score their weight × boost;
- And / Or: the sum of the children's scores (a Not child matches every other live document and scores 1.0);
- AndNot scores its positive side (it excludes the other side's matches, even where Whoosh's AndNotMatcher
  misses one: see the tests), AndMaybe adds the optional side where it matches, Require scores its first;
- Prefix, TermRange, FuzzyTerm and other multi-term queries: an Or of their expanded terms, boosted (with
  constantscore, only where Whoosh's scores do not depend on the index's size, see _multi_term);
- Every: each live document scores its boost; ConstantScore and ScoreOffset (query_scores.py) as they say;
- phrases of adjacent words (phrase.AdjacentPhrase): documents where the words sit at consecutive positions,
  scored as the sum of the words' scores.
Scores agree with Whoosh's to rounding (Whoosh adds in the order of its matcher trees); tests compare them.
Other nodes (span and sloppy phrase queries, Whoosh's ConstantScoreQuery) raise Unsupported, and the caller
uses Whoosh's own matchers.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F
from whoosh.util.numeric import _length_byte_cache

from searchkit.block_reader import Postings, inlined_postings, read_blocks, sorted_unique
from searchkit.phrase import AdjacentPhrase
from searchkit.query_scores import ConstantScore, ScoreOffset

_BYTE_TO_LENGTH = np.array(_length_byte_cache, dtype=np.float64)
_SEGMENT_ARRAYS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # segment reader → live mask, lengths


class Unsupported(Exception):
    """The query holds a node this evaluator does not implement."""


@dataclass
class Matches:
    """One segment's matches: which documents match, and their scores (0 where they do not)."""

    mask: np.ndarray
    scores: np.ndarray


class SegmentEvaluator:
    """Evaluates queries on one segment; statistics (idf, average lengths) come from the whole index."""

    def __init__(self, searcher, subsearcher) -> None:
        if not isinstance(searcher.weighting, BM25F) or searcher.weighting._field_B:
            raise Unsupported("only BM25F with one B is implemented")
        self.searcher, self.subsearcher = searcher, subsearcher
        self.reader = subsearcher.reader()
        self.size = self.reader.doc_count_all()
        cached = _SEGMENT_ARRAYS.get(self.reader)
        if cached is None:  # what does not depend on the query is kept as long as the segment reader lives
            cached = _SEGMENT_ARRAYS[self.reader] = {"live": self._live_documents(), "lengths": {}}
        self.live, self._lengths = cached["live"], cached["lengths"]

    def _live_documents(self) -> np.ndarray:
        live = np.ones(self.size, dtype=bool)
        if self.reader.has_deletions():
            live[:] = False
            live[np.fromiter(self.reader.all_doc_ids(), dtype=np.int64)] = True
        return live

    def evaluate(self, query: wq.Query) -> Matches:
        handler = _HANDLERS.get(type(query))
        if handler is None:
            if isinstance(query, wq.MultiTerm) and not isinstance(query, wq.NumericRange):
                handler = _multi_term
            else:
                raise Unsupported(type(query).__name__)
        return handler(self, query)

    def none(self) -> Matches:
        return Matches(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    # ---- postings ---------------------------------------------------------------------------------------------------

    def postings(self, fieldname: str, term: bytes) -> Postings | None:
        if (fieldname, term) not in self.reader:
            return None
        info = self.reader.term_info(fieldname, term)
        if info.is_inlined():
            return inlined_postings(*info.inlined_postings())
        offset, length = info.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the length as struct.unpack's 1-tuple
            length = length[0]
        raw = self.reader._terms._postfile.get(offset, length)  # the segment's postings file (Whoosh 3 codec)
        return read_blocks(raw)

    def lengths(self, fieldname: str) -> np.ndarray:
        """Every document's field length as Whoosh scores it (the length byte decoded)."""
        if fieldname not in self._lengths:
            reader = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if reader is None:  # Whoosh's doc_field_length default
                self._lengths[fieldname] = np.ones(self.size)
            else:  # one byte per document from the column's start; documents past its end have the default 0
                raw = np.zeros(self.size, dtype=np.uint8)
                stored = min(reader._count, self.size)
                raw[:stored] = np.frombuffer(reader._dbfile.get(reader._basepos, stored), dtype=np.uint8)
                self._lengths[fieldname] = _BYTE_TO_LENGTH[raw]
        return self._lengths[fieldname]

    def term_scores(self, fieldname: str, term: bytes, postings: Postings) -> np.ndarray:
        """Whoosh's BM25F score of each posting (before the query's boost)."""
        if not self.searcher.schema[fieldname].scorable:
            return postings.weights
        weighting = self.searcher.weighting
        idf = self.searcher.idf(fieldname, term)
        average = self.searcher.avg_field_length(fieldname) or 1
        tf, fl = postings.weights, self.lengths(fieldname)[postings.ids]
        k1, b = weighting.K1, weighting.B
        return idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / average)))


# ---- node handlers ----------------------------------------------------------------------------------------------------

def _term(evaluator: SegmentEvaluator, query: wq.Term) -> Matches:
    field = evaluator.searcher.schema[query.fieldname] if query.fieldname in evaluator.searcher.schema else None
    if field is None:
        return evaluator.none()
    try:
        term = field.to_bytes(query.text)
    except ValueError:
        return evaluator.none()
    return _scored_term(evaluator, query.fieldname, term, query.boost)


def _scored_term(evaluator: SegmentEvaluator, fieldname: str, term: bytes, boost: float) -> Matches:
    found = evaluator.none()
    postings = evaluator.postings(fieldname, term)
    if postings is None:
        return found
    scores = evaluator.term_scores(fieldname, term, postings)
    found.mask[postings.ids] = True
    found.scores[postings.ids] = scores * boost if boost != 1.0 else scores
    return found


def _not_mask(evaluator: SegmentEvaluator, query: wq.Not) -> np.ndarray:
    """The live documents that the negated query does not match."""
    return evaluator.live & ~match_mask(evaluator, query.query)


def _inverse(evaluator: SegmentEvaluator, query: wq.Not) -> Matches:
    mask = _not_mask(evaluator, query)
    return Matches(mask, mask.astype(np.float64))  # Whoosh's InverseMatcher: weight 1.0


def _children(evaluator: SegmentEvaluator, query) -> list[Matches]:
    return [_inverse(evaluator, sub) if isinstance(sub, wq.Not) else evaluator.evaluate(sub)
            for sub in query.subqueries]


def match_mask(evaluator: SegmentEvaluator, query: wq.Query) -> np.ndarray:
    """Which documents match, for a side whose scores nobody reads (what a Not, an AndNot or a Require excludes
    or requires, a filter): an AndMaybe's optional side is not read, and score wrappers and Or / And of such
    sides are combined as masks only."""
    if isinstance(query, wq.AndMaybe):
        return match_mask(evaluator, query.a)
    if isinstance(query, (ScoreOffset, ConstantScore)):
        return match_mask(evaluator, query.child)
    if type(query) in (wq.And, wq.Or) and query.subqueries and not getattr(query, "scale", None):
        masks = [_not_mask(evaluator, sub) if isinstance(sub, wq.Not) else match_mask(evaluator, sub)
                 for sub in query.subqueries]
        return (np.logical_or if type(query) is wq.Or else np.logical_and).reduce(masks)
    return evaluator.evaluate(query).mask


def _boosted(found: Matches, boost: float) -> Matches:
    if boost != 1.0:
        found.scores *= boost
    return found


def _and(evaluator: SegmentEvaluator, query: wq.And) -> Matches:
    children = _children(evaluator, query)
    mask = np.logical_and.reduce([child.mask for child in children])
    scores = np.add.reduce([child.scores for child in children])
    return _boosted(Matches(mask, np.where(mask, scores, 0.0)), query.boost)


def _or(evaluator: SegmentEvaluator, query: wq.Or) -> Matches:
    if query.scale:
        raise Unsupported("Or with a coordination scale")
    children = _children(evaluator, query)
    mask = np.logical_or.reduce([child.mask for child in children])
    return _boosted(Matches(mask, np.add.reduce([child.scores for child in children])), query.boost)


def _and_not(evaluator: SegmentEvaluator, query: wq.AndNot) -> Matches:
    positive = evaluator.evaluate(query.a)
    mask = positive.mask & ~match_mask(evaluator, query.b)
    return _boosted(Matches(mask, np.where(mask, positive.scores, 0.0)), query.boost)


def _and_maybe(evaluator: SegmentEvaluator, query: wq.AndMaybe) -> Matches:
    required, optional = evaluator.evaluate(query.a), evaluator.evaluate(query.b)
    scores = np.where(required.mask, required.scores + optional.scores, 0.0)
    return _boosted(Matches(required.mask, scores), query.boost)


def _require(evaluator: SegmentEvaluator, query: wq.Require) -> Matches:
    scored = evaluator.evaluate(query.a)
    mask = scored.mask & match_mask(evaluator, query.b)
    return _boosted(Matches(mask, np.where(mask, scored.scores, 0.0)), query.boost)


def _every(evaluator: SegmentEvaluator, query: wq.Every) -> Matches:
    if query.fieldname not in (None, "", "*"):
        raise Unsupported("Every over one field")
    return Matches(evaluator.live.copy(), evaluator.live * float(query.boost))


def _null(evaluator: SegmentEvaluator, query) -> Matches:
    return evaluator.none()


def _constant(evaluator: SegmentEvaluator, query: ConstantScore) -> Matches:
    found = evaluator.evaluate(query.child)
    return Matches(found.mask, np.where(found.mask, query.amount, 0.0))


def _offset(evaluator: SegmentEvaluator, query: ScoreOffset) -> Matches:
    found = evaluator.evaluate(query.child)
    return Matches(found.mask, np.where(found.mask, found.scores + query.amount, 0.0))


def _multi_term(evaluator: SegmentEvaluator, query: wq.MultiTerm) -> Matches:
    """An Or of the expanded terms, boosted. With constantscore, Whoosh scores each match 1 (on indexes of up to
    5,000 documents) or the terms' summed scores (on larger ones): the same only where each term scores its weight
    1.0 (unscorable fields) and the boost is 1."""
    if getattr(query, "constantscore", False) and (query.boost != 1.0 or evaluator.searcher.schema[query.field()].scorable):
        raise Unsupported("constant-score expansion of a scored field")
    found = evaluator.none()
    for fieldname, term in query.expanded_terms(evaluator.reader):
        each = _scored_term(evaluator, fieldname, term, query.boost)
        found.mask |= each.mask
        found.scores += each.scores
    return found


def _adjacent_phrase(evaluator: SegmentEvaluator, query: AdjacentPhrase) -> Matches:
    if query.slop != 1 or len(query.words) < 2 or getattr(query, "degrade", False):
        raise Unsupported("phrase with slop")
    schema = evaluator.searcher.schema
    if query.fieldname not in schema or not schema[query.fieldname].format.supports("positions"):
        raise Unsupported("phrase on a field without positions")
    field = schema[query.fieldname]
    terms = [field.to_bytes(word) for word in query.words]
    postings = [evaluator.postings(query.fieldname, term) for term in terms]
    if any(found is None for found in postings):
        return evaluator.none()
    candidates = postings[0].ids
    for found in postings[1:]:
        candidates = _sorted_intersection(candidates, found.ids)
    matching = _with_adjacent_positions(candidates, postings)
    found = evaluator.none()
    found.mask[matching] = True
    for term, each in zip(terms, postings):
        rows = np.searchsorted(each.ids, matching)
        found.scores[matching] += evaluator.term_scores(query.fieldname, term, each)[rows]
    return _boosted(found, query.boost)


def _with_adjacent_positions(candidates: np.ndarray, postings: list[Postings]) -> np.ndarray:
    """The candidate documents where word k occurs at p + k for some p and every k. Each word's (document,
    start) keys come out sorted and unique (candidates and each posting's positions ascend), so the keys of
    successive words intersect without sorting."""
    keys = None
    for offset, each in enumerate(postings):
        rows = np.searchsorted(each.ids, candidates)
        positions, counts = each.positions(rows)
        documents = np.repeat(np.arange(len(candidates), dtype=np.int64), counts)
        valid = positions >= offset  # a phrase starting before the text's first position cannot match
        starts = documents[valid] * (1 << 32) + (positions[valid] - offset)
        keys = starts if keys is None else _sorted_intersection(keys, starts)
        if not len(keys):
            return candidates[:0]
    return candidates[sorted_unique(keys >> 32)]


def _sorted_intersection(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The values in both sorted arrays of unique values: binary search from the shorter one when they differ
    much in size, else one merge (a stable sort of two sorted runs is a merge)."""
    if len(first) > len(second):
        first, second = second, first
    if not len(first):
        return first
    if 8 * len(first) < len(second):
        where = np.minimum(np.searchsorted(second, first), len(second) - 1)
        return first[second[where] == first]
    merged = np.sort(np.concatenate([first, second]), kind="stable")
    return merged[1:][merged[1:] == merged[:-1]]


_HANDLERS = {
    wq.Term: _term, wq.And: _and, wq.Or: _or, wq.AndNot: _and_not, wq.AndMaybe: _and_maybe, wq.Require: _require,
    wq.Every: _every, type(wq.NullQuery): _null, ConstantScore: _constant, ScoreOffset: _offset,
    AdjacentPhrase: _adjacent_phrase,
}


# ---- whole index ------------------------------------------------------------------------------------------------------

def _segment_matches(searcher, query: wq.Query, filter_query: wq.Query | None, scored: bool):
    """Per segment: its first document number, its live matches that pass the filter (a mask) and, when scored,
    every document's score (else None, and the query is evaluated as a mask only). Raises Unsupported."""
    for subsearcher, offset in searcher.subsearchers or [(searcher, 0)]:  # None for one segment
        evaluator = SegmentEvaluator(searcher, subsearcher)
        found = evaluator.evaluate(query) if scored else None
        mask = (found.mask if found is not None else match_mask(evaluator, query)) & evaluator.live
        if filter_query is not None:
            mask &= match_mask(evaluator, filter_query)
        yield offset, mask, found.scores if found is not None else None


def matching_scores(searcher, query: wq.Query, filter_query: wq.Query | None = None):
    """(document numbers, scores) of every live match in the index, in document order; None when some node of
    the query (or of the filter) is unsupported."""
    docnums, scores = [], []
    try:
        for offset, mask, segment_scores in _segment_matches(searcher, query, filter_query, scored=True):
            local = np.flatnonzero(mask)
            docnums.append(local + offset)
            scores.append(segment_scores[local])
    except (Unsupported, AttributeError):  # AttributeError: a Whoosh whose reader internals differ
        return None
    return np.concatenate(docnums), np.concatenate(scores)


def match_count(searcher, query: wq.Query, filter_query: wq.Query | None = None) -> int | None:
    """How many live documents match the query (and pass the filter), from masks alone; None when some node of
    either is unsupported."""
    try:
        return sum(int(np.count_nonzero(mask))
                   for _, mask, _ in _segment_matches(searcher, query, filter_query, scored=False))
    except (Unsupported, AttributeError):
        return None


def best(docnums: np.ndarray, scores: np.ndarray, count: int, ids) -> list[tuple[float, str, int]]:
    """The first `count` matches as (score, id, docnum): highest score first, ties by id (ids: docnum → id)."""
    if count <= 0 or not len(docnums):
        return []
    if count < len(scores):
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        chosen = np.flatnonzero(scores >= threshold)  # every tie at the cut, so ids can order them
    else:
        chosen = np.arange(len(scores))
    ranked = sorted(((float(scores[row]), ids[int(docnums[row])], int(docnums[row])) for row in chosen.tolist()),
                    key=lambda item: (-item[0], item[1]))
    return ranked[:count]
