"""Exact-string correctness: the brute-force expected sets, and recall / precision of a system's result sets.

The expected set of a zh_phrase or zh_char query is searchkit's own definition (README, "Quoted"): the articles
whose folded Chinese text — exact_key of title_zh, body_zh, author_zh, column_zh or entities — contains
exact_key of the query string. Every system is scored against that set. A second, looser yardstick (`raw`) is the
plain substring scan of the same fields without any folding, to tell a peer's definitional differences (folded
numerals, traditional forms, white space) from misses caused by its tokenisation.
"""

from __future__ import annotations

from typing import Callable, Iterable

from benchmarks.peer_queries import strip_quotes
from searchkit.corpus import Article
from searchkit.normalize import exact_key

TRUTH_FIELDS = ("title_zh", "body_zh", "author_zh", "column_zh", "entities")
CHECKED_KINDS = ("zh_phrase", "zh_char")
CORRECTNESS_LIMIT = 100_000
EXAMPLES_KEPT = 3


class SubstringTruth:
    """Brute-force substring scans over the Chinese fields of every article, folded and raw."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._folded, self._raw = [], []
        for article in articles:
            self._folded.append((article.id, tuple(exact_key(getattr(article, name)) for name in TRUTH_FIELDS)))
            self._raw.append((article.id, tuple(getattr(article, name) for name in TRUTH_FIELDS)))

    @staticmethod
    def _scan(rows, needle: str) -> set[str]:
        return {article_id for article_id, texts in rows if any(needle in text for text in texts)}

    def expected(self, query: str) -> set[str]:
        """searchkit's definition: exact_key(query) in exact_key(field) for some Chinese field."""
        return self._scan(self._folded, exact_key(strip_quotes(query)))

    def expected_raw(self, query: str) -> set[str]:
        """The unfolded yardstick: the query string as written in some field as written."""
        return self._scan(self._raw, strip_quotes(query))


def score(expected: set[str], found: set[str]) -> dict:
    """Recall and precision of one result set (1.0 when there is nothing to find / nothing was returned)."""
    right = len(expected & found)
    return {"expected": len(expected), "found": len(found), "right": right,
            "recall": right / len(expected) if expected else 1.0,
            "precision": right / len(found) if found else 1.0, "exact": expected == found}


def summarize(scores: list[dict], queries: list[str]) -> dict:
    """Means, minima, micro averages and the number of exactly right sets over some scored queries."""
    if not scores:
        return {"queries": 0, "recall_mean": None, "precision_mean": None, "recall_min": None,
                "precision_min": None, "recall_micro": None, "precision_micro": None, "exact_sets": 0,
                "examples": []}
    expected, found, right = (sum(s[key] for s in scores) for key in ("expected", "found", "right"))
    worst = sorted(zip(scores, queries), key=lambda pair: (pair[0]["recall"] + pair[0]["precision"], pair[1]))
    return {
        "queries": len(scores),
        "recall_mean": round(sum(s["recall"] for s in scores) / len(scores), 4),
        "precision_mean": round(sum(s["precision"] for s in scores) / len(scores), 4),
        "recall_min": round(min(s["recall"] for s in scores), 4),
        "precision_min": round(min(s["precision"] for s in scores), 4),
        "recall_micro": round(right / expected, 4) if expected else 1.0,
        "precision_micro": round(right / found, 4) if found else 1.0,
        "exact_sets": sum(s["exact"] for s in scores),
        "examples": [{"query": q, **{k: s[k] for k in ("expected", "found", "right")}}
                     for s, q in worst[:EXAMPLES_KEPT] if not s["exact"]],
    }


def checked_queries(mix: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (kind, query) pairs whose correctness is checked: zh_phrase and zh_char."""
    return [(kind, query) for kind, query in mix if kind in CHECKED_KINDS]


def evaluate(search: Callable[[str, int], list[str]], mix: list[tuple[str, str]], truth: SubstringTruth,
             expected_cache: dict | None = None) -> dict:
    """Run every checked query with a large limit and score the sets, per kind, against both yardsticks."""
    cache = {} if expected_cache is None else expected_cache
    per_kind: dict[str, dict[str, list]] = {}
    errors = []
    for kind, query in checked_queries(mix):
        if query not in cache:
            cache[query] = (truth.expected(query), truth.expected_raw(query))
        expected, expected_raw = cache[query]
        try:
            found = set(search(query, CORRECTNESS_LIMIT))
        except Exception as error:  # a peer that cannot run a query scores it as an empty set
            errors.append({"query": query, "error": f"{type(error).__name__}: {error}"[:300]})
            found = set()
        bucket = per_kind.setdefault(kind, {"scores": [], "raw": [], "queries": []})
        bucket["scores"].append(score(expected, found))
        bucket["raw"].append(score(expected_raw, found))
        bucket["queries"].append(query)
    by_kind = {kind: {**summarize(b["scores"], b["queries"]), "raw": _brief(summarize(b["raw"], b["queries"]))}
               for kind, b in per_kind.items()}
    every = [s for b in per_kind.values() for s in b["scores"]]
    every_query = [q for b in per_kind.values() for q in b["queries"]]
    return {"by_kind": by_kind, "overall": summarize(every, every_query), "errors": errors}


def _brief(summary: dict) -> dict:
    return {key: summary[key] for key in ("recall_mean", "precision_mean", "exact_sets")}
