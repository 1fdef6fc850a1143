"""Read the benchmark query mix (searchkit syntax) into a small tree that each peer translates into its own syntax.

searchkit's query strings stay the source of truth. This reader covers the forms benchmarks/queries.py produces:
bare words, "quoted strings", OR, AND, NOT / a leading -, and one date:[A TO B] range (a year, month or day per
end, * for an open end). AND binds tighter than OR, as in searchkit, so `a OR b NOT c` is a OR (b AND NOT c).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from searchkit.normalize import HAN_CHAR
from searchkit.query import date_bounds

_TOKEN = re.compile(r'"(?P<quoted>[^"]*)"|date:\[(?P<lo>\S+) TO (?P<hi>\S+)\]|(?P<bare>\S+)')


@dataclass(frozen=True)
class Leaf:
    """One word or quoted string; chinese when it holds a Han character."""

    text: str
    quoted: bool

    @property
    def chinese(self) -> bool:
        return bool(HAN_CHAR.search(self.text))


@dataclass
class Group:
    """Leaves that must all match (must) and leaves that must not (must_not)."""

    must: list[Leaf] = field(default_factory=list)
    must_not: list[Leaf] = field(default_factory=list)


@dataclass
class PeerQuery:
    """OR of AND-groups, plus an optional inclusive date range as full YYYY-MM-DD strings (None: open end)."""

    groups: list[Group]
    date_from: str | None = None
    date_to: str | None = None

    @property
    def has_date(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def leaves(self) -> list[Leaf]:
        return [leaf for group in self.groups for leaf in group.must + group.must_not]


def range_start(value: str) -> str | None:
    """The first day a year, month or day denotes; None for *."""
    return None if value == "*" else date_bounds(value)[0]


def range_end(value: str) -> str | None:
    """The last day a year, month or day denotes; None for *."""
    return None if value == "*" else date_bounds(value)[1]


def parse_peer_query(query: str) -> PeerQuery:
    """The tree of a mix query; raises ValueError on a form this reader does not cover (such as parentheses)."""
    result = PeerQuery(groups=[Group()])
    negate_next = False
    for match in _TOKEN.finditer(query):
        if match.group("lo") is not None:
            result.date_from, result.date_to = range_start(match.group("lo")), range_end(match.group("hi"))
            continue
        bare = match.group("bare")
        if bare == "OR":
            result.groups.append(Group())
            continue
        if bare in ("AND", "NOT"):
            negate_next = negate_next or bare == "NOT"
            continue
        if bare is not None and ("(" in bare or ")" in bare or ":" in bare):
            raise ValueError(f"query form not covered by the peer translation: {query!r}")
        leaf, negated = _leaf(match)
        target = result.groups[-1].must_not if (negate_next or negated) else result.groups[-1].must
        target.append(leaf)
        negate_next = False
    result.groups = [group for group in result.groups if group.must or group.must_not]
    return result


def _leaf(match: re.Match) -> tuple[Leaf, bool]:
    if match.group("quoted") is not None:
        return Leaf(match.group("quoted"), True), False
    bare = match.group("bare")
    if bare.startswith("-") and len(bare) > 1:
        return Leaf(bare[1:], False), True
    return Leaf(bare, False), False


def strip_quotes(query: str) -> str:
    """The text of a single-leaf query: a quoted string without its quotes, else the query itself."""
    query = query.strip()
    return query[1:-1] if len(query) >= 2 and query[0] == query[-1] == '"' else query
