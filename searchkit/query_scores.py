"""Whoosh query wrappers that set or shift a query's score: ConstantScore and ScoreOffset."""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq


class _ConstantMatcher(matching.WrappingMatcher):
    def __init__(self, child, constant: float) -> None:
        super().__init__(child)
        self.constant = constant

    def copy(self):
        return self.__class__(self.child.copy(), self.constant)

    def _replacement(self, newchild):
        return self.__class__(newchild, self.constant)

    def score(self):
        return self.constant

    def max_quality(self):
        return self.constant

    def block_quality(self):
        return self.constant


class ConstantScore(wq.WrappingQuery):
    """The child's matches, each scored `constant`, in every search. Whoosh's ConstantScoreQuery scores the
    child's own score instead whenever a filter is in play, and lists every match up front."""

    boost = 1.0  # And and Or read it when they flatten nested queries

    def __init__(self, child: wq.Query, constant: float) -> None:
        super().__init__(child)
        self.constant = constant

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.child == other.child and self.constant == other.constant

    def __hash__(self) -> int:
        return hash(self.child) ^ hash(self.constant)

    def _rewrap(self, child: wq.Query) -> "ConstantScore":
        return self.__class__(child, self.constant)

    def matcher(self, searcher, context=None):
        found = self.child.matcher(searcher, context)
        if isinstance(found, matching.NullMatcherClass):
            return found
        return _ConstantMatcher(found, self.constant)


class _OffsetMatcher(matching.WrappingMatcher):
    def __init__(self, child, offset: float) -> None:
        super().__init__(child)
        self.offset = offset

    def copy(self):
        return self.__class__(self.child.copy(), self.offset)

    def _replacement(self, newchild):
        return self.__class__(newchild, self.offset)

    def score(self):
        return self.child.score() + self.offset

    def max_quality(self):
        return self.child.max_quality() + self.offset

    def block_quality(self):
        return self.child.block_quality() + self.offset


class ScoreOffset(wq.WrappingQuery):
    """The child's matches with `offset` added to each score. Unlike Or([child, ConstantScore(child, offset)]),
    the child is matched once: ConstantScoreQuery lists every matching document up front, a second pass."""

    boost = 1.0

    def __init__(self, child: wq.Query, offset: float) -> None:
        super().__init__(child)
        self.offset = offset

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.child == other.child and self.offset == other.offset

    def __hash__(self) -> int:
        return hash(self.child) ^ hash(self.offset)

    def _rewrap(self, child: wq.Query) -> "ScoreOffset":
        return self.__class__(child, self.offset)

    def matcher(self, searcher, context=None):
        found = self.child.matcher(searcher, context)
        if isinstance(found, matching.NullMatcherClass):
            return found
        return _OffsetMatcher(found, self.offset)
