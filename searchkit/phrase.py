"""Phrase queries whose words must sit at consecutive positions, matched with integer sets instead of span objects.

Whoosh turns every phrase into a SpanNear2 query, which builds a Span object per position of every word in every
candidate document and pairs them in Python. For the common case, words right next to each other (slop 1), an
article matches when some start position p has word k at p + k for every k: one set intersection per word. The
documents and scores are the same as SpanNear2's (and the spans, for fields that store positions only); other
slops, fields without positions and degrading phrases keep Whoosh's own matcher.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq
from whoosh.query import spans


class _AdjacentWordsMatcher(spans.SpanNear2.SpanNear2Matcher):
    """SpanNear2's matcher for slop 1, ordered: the spans are the start positions shared by every word, shifted."""

    def _get_spans(self):
        word_matchers = self.ms
        starts = set(word_matchers[0].value_as("positions"))
        for offset in range(1, len(word_matchers)):
            starts.intersection_update([position - offset for position in word_matchers[offset].value_as("positions")])
            if not starts:
                return []
        last = len(word_matchers) - 1
        return [spans.Span(start, start + last) for start in sorted(starts)]


class _AdjacentWords(spans.SpanNear2):
    def matcher(self, searcher, context=None):
        context = self._span_context(context)
        return _AdjacentWordsMatcher([q.matcher(searcher, context) for q in self.qs], slop=1, ordered=True,
                                     mindist=1)


class AdjacentPhrase(wq.Phrase):
    """wq.Phrase with the set-based matcher when the words must be adjacent (slop=1)."""

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        field = searcher.schema[fieldname] if fieldname in searcher.schema else None
        with_positions = field is not None and field.format and field.format.supports("positions")
        if self.slop != 1 or len(self.words) < 2 or not with_positions or getattr(self, "degrade", False):
            return super().matcher(searcher, context)  # Whoosh's own rules: other slops, errors, degrading
        reader, terms = searcher.reader(), []
        for word in self.words:
            try:
                known = (fieldname, field.to_bytes(word)) in reader
            except ValueError:
                known = False
            if not known:
                return matching.NullMatcher()  # a word the segment lacks: nothing here can match
            terms.append(wq.Term(fieldname, word))
        found = _AdjacentWords(terms).matcher(searcher, context)
        return matching.WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found


def span_near(queries: list[wq.Query], slop: int) -> spans.SpanNear2:
    """Whoosh's ordered SpanNear2, with the boost its constructor leaves unset: an Or that flattens a nested Or
    reads every child's boost."""
    near = spans.SpanNear2(queries, slop=slop, ordered=True)
    near.boost = 1.0
    return near
