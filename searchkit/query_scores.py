"""Whoosh query wrappers that set or shift a query's score: ConstantScore and ScoreOffset.

Both wrap the child's matcher, so the child is matched once and scores the same way in every search (Whoosh's
ConstantScoreQuery lists every match up front, and scores the child's own score when results are sorted). Their
matchers opt out of Whoosh's pruning: its thresholds would be compared with the child's unshifted qualities.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq


class _ScoreMatcher(matching.WrappingMatcher):
    """The child's matches with score() = rescore(child's score); no block-quality skipping, no pruning."""

    def __init__(self, child, amount: float) -> None:
        super().__init__(child)
        self.amount = amount

    def copy(self):
        return self.__class__(self.child.copy(), self.amount)

    def _replacement(self, newchild):
        return self.__class__(newchild, self.amount)

    def replace(self, minquality=0):
        replaced = self.child.replace(0)
        return replaced if isinstance(replaced, matching.NullMatcherClass) else self._replacement(replaced)

    def supports_block_quality(self):
        return False

    def score(self):
        return self.rescore(self.child.score())

    def max_quality(self):
        return self.rescore(self.child.max_quality())

    def rescore(self, score: float) -> float:
        raise NotImplementedError


class _ConstantMatcher(_ScoreMatcher):
    def rescore(self, score: float) -> float:
        return self.amount


class _OffsetMatcher(_ScoreMatcher):
    def rescore(self, score: float) -> float:
        return score + self.amount


class _ScoreWrapper(wq.WrappingQuery):
    """A wrapping query with an amount, normalized through to its child; its own boost stays 1.0 (And and Or read
    it when they flatten nested queries) and a boost given to it goes to the child."""

    boost = 1.0
    matcher_class: type[_ScoreMatcher]

    def __init__(self, child: wq.Query, amount: float) -> None:
        super().__init__(child)
        self.amount = amount

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.child!r}, {self.amount!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.child == other.child and self.amount == other.amount

    def __hash__(self) -> int:
        return hash(type(self).__name__) ^ hash(self.child) ^ hash(self.amount)

    def _rewrap(self, child: wq.Query) -> "_ScoreWrapper":
        return self.__class__(child, self.amount)

    def normalize(self) -> wq.Query:
        child = self.child.normalize()
        return child if child is wq.NullQuery else self._rewrap(child)

    def with_boost(self, boost: float) -> "_ScoreWrapper":
        return self if boost == 1.0 else self._rewrap(self.child.with_boost(self.child.boost * boost))

    def matcher(self, searcher, context=None):
        found = self.child.matcher(searcher, context)
        return found if isinstance(found, matching.NullMatcherClass) else self.matcher_class(found, self.amount)


class ConstantScore(_ScoreWrapper):
    """The child's matches, each scored `amount`."""

    matcher_class = _ConstantMatcher


class ScoreOffset(_ScoreWrapper):
    """The child's matches with `amount` added to each score: Or([child, ConstantScore(child, amount)]) without
    matching the child twice."""

    matcher_class = _OffsetMatcher
