"""Peer naive-whoosh: Whoosh with jieba's ChineseAnalyzer, the recipe in jieba's README, plus English fields.

Chinese fields are TEXT(analyzer=jieba.analyse.ChineseAnalyzer()) (jieba search mode, character offsets as
positions); English fields use Whoosh's StemmingAnalyzer. Queries go through Whoosh's MultifieldParser over all
five text fields, quoted strings as its phrases, the date range as a date:[A TO B] term range. Stored: id, date and
the two titles (a hit returns its id and title, no snippet). Written like searchkit's fresh build: one writer with
limitmb=256, committed with optimize=True.
"""

from __future__ import annotations

import logging
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer
from whoosh.qparser import MultifieldParser

from benchmarks.peer_queries import Leaf, PeerQuery, parse_peer_query
from benchmarks.peers import CHINESE_FIELDS, ENGLISH_FIELDS, peer_fields

NAME = "naive-whoosh"


def _schema() -> fields.Schema:
    import jieba
    from jieba.analyse import ChineseAnalyzer

    jieba.setLogLevel(logging.WARNING)
    chinese, english = ChineseAnalyzer(), StemmingAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True), date=fields.ID(stored=True),
        title_zh=fields.TEXT(analyzer=chinese, stored=True), body_zh=fields.TEXT(analyzer=chinese),
        other_zh=fields.TEXT(analyzer=chinese),
        title_en=fields.TEXT(analyzer=english, stored=True), body_en=fields.TEXT(analyzer=english),
    )


def build(articles, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True)
    ix = index.create_in(str(out_dir), _schema())
    writer = ix.writer(limitmb=256)
    for article in articles:
        writer.add_document(**{name: value for name, value in peer_fields(article).items() if value})
    writer.commit(optimize=True)
    return {}


def _leaf_text(leaf: Leaf) -> str:
    return f'"{leaf.text}"' if leaf.quoted else leaf.text


def whoosh_query_text(query: PeerQuery) -> str:
    """The query in Whoosh's parser syntax: (a b NOT c) OR (d), AND date:[from TO to]."""
    groups = []
    for group in query.groups:
        parts = [_leaf_text(leaf) for leaf in group.must] + [f"NOT {_leaf_text(leaf)}" for leaf in group.must_not]
        groups.append("(" + " ".join(parts) + ")")
    text = " OR ".join(groups)
    if query.has_date:
        text = f"({text}) AND date:[{query.date_from or ''} TO {query.date_to or ''}]"
    return text


class Searcher:
    def __init__(self, out_dir: Path) -> None:
        self._ix = index.open_dir(str(out_dir))
        self._searcher = self._ix.searcher()
        self._parser = MultifieldParser(list(CHINESE_FIELDS + ENGLISH_FIELDS), schema=self._ix.schema)

    def search(self, query: str, limit: int) -> list[str]:
        parsed = self._parser.parse(whoosh_query_text(parse_peer_query(query)))
        results = self._searcher.search(parsed, limit=limit)
        return [hit.fields()["id"] for hit in results]  # fields(): every stored field, as a result page would

    def close(self) -> None:
        self._searcher.close()
