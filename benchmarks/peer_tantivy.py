"""Peer tantivy-py: Chinese pre-segmented by jieba (precise mode) and indexed with tantivy's whitespace tokenizer.

Chinese fields hold jieba's precise-mode words joined with spaces (white-space tokens dropped) under the
`whitespace` tokenizer; English fields use `en_stem`; the date is an integer YYYYMMDD fast field. A Chinese query
piece is segmented by jieba the same way: a quoted string becomes a phrase of its words, an unquoted one requires
every word; an English piece is a term or phrase on the English fields. Pieces are parsed with tantivy's query
parser and combined with BooleanQuery (Must / MustNot / Should). A hit returns its stored id and title.
"""

from __future__ import annotations

import logging
from pathlib import Path

import tantivy

from benchmarks.peer_queries import Leaf, PeerQuery, parse_peer_query
from benchmarks.peers import CHINESE_FIELDS, ENGLISH_FIELDS, peer_fields

NAME = "tantivy-py"
WRITER_HEAP_BYTES = 256_000_000


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def jieba_words(text: str) -> list[str]:
    """jieba precise-mode words of text, white space dropped."""
    return [word for word in _jieba().cut(text, cut_all=False, HMM=True) if word.strip()]


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title_en", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body_en", tokenizer_name="en_stem")
    for name in CHINESE_FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace")
    builder.add_integer_field("day", indexed=True, fast=True)
    return builder.build()


def _day(date: str) -> int:
    return int(date.replace("-", "")) if date else 0


def _document(article) -> tantivy.Document:
    values = peer_fields(article)
    document = {name: " ".join(jieba_words(values[name])) for name in CHINESE_FIELDS}
    document.update({name: values[name] for name in ("id",) + ENGLISH_FIELDS})
    return tantivy.Document(day=_day(values["date"]), **document)


def build(articles, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True)
    ix = tantivy.Index(_schema(), path=str(out_dir))
    writer = ix.writer(heap_size=WRITER_HEAP_BYTES)
    for article in articles:
        writer.add_document(_document(article))
    writer.commit()
    writer.wait_merging_threads()
    return {}


def leaf_query_text(leaf: Leaf) -> str:
    """The tantivy query-parser text of one piece: a "phrase" when quoted, else every word required."""
    words = jieba_words(leaf.text) if leaf.chinese else leaf.text.split()
    if leaf.quoted:
        return '"' + " ".join(words) + '"'
    return " AND ".join(f'"{word}"' for word in words)


class Searcher:
    def __init__(self, out_dir: Path) -> None:
        self._ix = tantivy.Index.open(str(out_dir))
        self._searcher = self._ix.searcher()
        _jieba().initialize()

    def _leaf(self, leaf: Leaf) -> tantivy.Query:
        text = leaf_query_text(leaf)
        if not text.strip('" '):
            return tantivy.Query.empty_query()
        fields = list(CHINESE_FIELDS if leaf.chinese else ENGLISH_FIELDS)
        return self._ix.parse_query(text, fields)

    def to_query(self, query: PeerQuery) -> tantivy.Query:
        must, must_not, should = tantivy.Occur.Must, tantivy.Occur.MustNot, tantivy.Occur.Should
        groups = [tantivy.Query.boolean_query([(must, self._leaf(leaf)) for leaf in group.must]
                                              + [(must_not, self._leaf(leaf)) for leaf in group.must_not])
                  for group in query.groups]
        combined = groups[0] if len(groups) == 1 else tantivy.Query.boolean_query([(should, g) for g in groups])
        if not query.has_date:
            return combined
        days = tantivy.Query.range_query(self._ix.schema, "day", tantivy.FieldType.Integer,
                                         _day(query.date_from) if query.date_from else None,
                                         _day(query.date_to) if query.date_to else None)
        return tantivy.Query.boolean_query([(must, combined), (must, days)])

    def search(self, query: str, limit: int) -> list[str]:
        result = self._searcher.search(self.to_query(parse_peer_query(query)), limit, count=False)
        return [self._searcher.doc(address)["id"][0] for _, address in result.hits]

    def close(self) -> None:
        self._searcher = None
