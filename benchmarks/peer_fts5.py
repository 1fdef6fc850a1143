"""Peer sqlite-fts5: one FTS5 table with tokenize='trigram' over the Chinese and English text.

A word or quoted string of 3+ characters is an FTS5 MATCH (a trigram phrase: a case-insensitive substring
match) on the Chinese columns when it holds a Han character, else on the English columns. Trigrams cannot match a
1-2 character string, so such a string is a LIKE '%x%' scan of those columns. A query made only of MATCH pieces
runs as one MATCH expression ordered by FTS5's bm25 rank; a query with a LIKE piece runs as SQL boolean logic over
per-piece conditions, unranked (rowid order). Dates are an UNINDEXED column compared as YYYY-MM-DD text.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks.peer_queries import Group, Leaf, PeerQuery, parse_peer_query
from benchmarks.peers import CHINESE_FIELDS, ENGLISH_FIELDS, peer_fields

NAME = "sqlite-fts5"
DATABASE = "fts5.sqlite"
COLUMNS = ("id", "date") + CHINESE_FIELDS + ENGLISH_FIELDS
MIN_TRIGRAM_CHARS = 3


def build(articles, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True)
    connection = sqlite3.connect(out_dir / DATABASE)
    try:
        connection.execute(
            f"CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, date UNINDEXED, "
            f"{', '.join(CHINESE_FIELDS + ENGLISH_FIELDS)}, tokenize='trigram')")
        rows = ([peer_fields(article)[name] for name in COLUMNS] for article in articles)
        with connection:
            connection.executemany(f"INSERT INTO docs VALUES ({', '.join('?' * len(COLUMNS))})", rows)
        with connection:
            connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    finally:
        connection.close()
    return {}


def _columns(leaf: Leaf) -> tuple[str, ...]:
    return CHINESE_FIELDS if leaf.chinese else ENGLISH_FIELDS


def _matchable(leaf: Leaf) -> bool:
    return len(leaf.text) >= MIN_TRIGRAM_CHARS


def match_expression(leaf: Leaf) -> str:
    """{columns} : "text" — a trigram phrase restricted to the leaf's language columns."""
    quoted = leaf.text.replace('"', '""')
    return "{" + " ".join(_columns(leaf)) + '} : "' + quoted + '"'


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _group_match(group: Group) -> str:
    text = " AND ".join(match_expression(leaf) for leaf in group.must)
    return "(" + text + "".join(f" NOT {match_expression(leaf)}" for leaf in group.must_not) + ")"


def _leaf_condition(leaf: Leaf, params: list) -> str:
    if _matchable(leaf):
        params.append(match_expression(leaf))
        return "rowid IN (SELECT rowid FROM docs WHERE docs MATCH ?)"
    columns = _columns(leaf)
    params.extend([_like_pattern(leaf.text)] * len(columns))
    return "(" + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in columns) + ")"


def _group_condition(group: Group, params: list) -> str:
    parts = [_leaf_condition(leaf, params) for leaf in group.must]
    parts += ["NOT " + _leaf_condition(leaf, params) for leaf in group.must_not]
    return "(" + " AND ".join(parts) + ")"


def _date_condition(query: PeerQuery, params: list) -> str:
    text = ""
    if query.date_from:
        text += " AND date >= ?"
        params.append(query.date_from)
    if query.date_to:
        text += " AND date <= ?"
        params.append(query.date_to)
    return text


def fts5_sql(query: PeerQuery, limit: int) -> tuple[str, list]:
    """The SELECT for a query: one ranked MATCH when every piece is a MATCH, else unranked SQL logic."""
    params: list = []
    if all(_matchable(leaf) for leaf in query.leaves()) and all(group.must for group in query.groups):
        params.append(" OR ".join(_group_match(group) for group in query.groups))
        where = "docs MATCH ?" + _date_condition(query, params)
        order = " ORDER BY rank"
    else:
        where = "(" + " OR ".join(_group_condition(group, params) for group in query.groups) + ")"
        where += _date_condition(query, params)
        order = ""
    params.append(limit)
    return f"SELECT id, title_en FROM docs WHERE {where}{order} LIMIT ?", params


class Searcher:
    def __init__(self, out_dir: Path) -> None:
        self._connection = sqlite3.connect(Path(out_dir) / DATABASE)

    def search(self, query: str, limit: int) -> list[str]:
        sql, params = fts5_sql(parse_peer_query(query), limit)
        return [row[0] for row in self._connection.execute(sql, params)]

    def close(self) -> None:
        self._connection.close()
