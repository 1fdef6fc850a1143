"""The Python API: searchkit.Index opens an index and answers searches; the CLI is built on it."""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from searchkit.aligned import aligned_passage, beads_of_groups, title_passage
from searchkit.article import Article
from searchkit.compiler import compile_query
from searchkit.cross import ArticleTexts, found_in
from searchkit.errors import ArticleNotFoundError, UsageError
from searchkit.fuzzy import index_fuzzy_expander
from searchkit.highlight import (
    CHINESE_SNIPPET_CHARS, ENGLISH_SNIPPET_CHARS, Snippet, Span, chinese_match_spans, english_match_spans,
    make_snippet,
)
from searchkit.generations import index_size_bytes, open_whoosh_index, reading
from searchkit.query import parse_query
from searchkit.query_words import index_segmenter
from searchkit.searcher import FacetCount, count_facets, count_matches, date_filter, rank, validate_facets
from searchkit.suggest import suggest

if TYPE_CHECKING:  # building imports the parser and the writers: a search does not
    from searchkit.indexer import IndexSummary, ProgressCallback

DEFAULT_INDEX_DIR = Path("index")
DEFAULT_CORPUS_DIR = Path("seeds")
INDEX_ENV_VAR = "SEARCHKIT_INDEX"


def default_index_dir() -> Path:
    """--index, else $SEARCHKIT_INDEX, else ./index (callers pass --index themselves)."""
    return Path(os.environ.get(INDEX_ENV_VAR) or DEFAULT_INDEX_DIR)


@dataclass(frozen=True)
class Hit:
    """One ranked search result with a snippet in each language."""

    id: str
    rank: int
    score: float
    date: str
    page: int | None
    title_en: str
    title_zh: str
    snippet_en: Snippet
    snippet_zh: Snippet
    aligned_zh: Snippet = Snippet("")  # the Chinese aligned with snippet_en
    aligned_en: Snippet = Snippet("")  # the English aligned with snippet_zh
    translated_from: tuple[dict, ...] = ()  # with cross: {"term", "translation", "kind", "matched"} found here
    title_spans_en: tuple[Span, ...] = ()  # the query's matches in title_en
    title_spans_zh: tuple[Span, ...] = ()

    def to_json(self) -> dict:
        return {
            "id": self.id, "rank": self.rank, "score": self.score, "date": self.date, "page": self.page,
            "title_en": self.title_en, "title_zh": self.title_zh,
            "title_spans_en": [list(span) for span in self.title_spans_en],
            "title_spans_zh": [list(span) for span in self.title_spans_zh],
            "snippet_en": self.snippet_en.text, "snippet_zh": self.snippet_zh.text,
            "spans_en": [list(span) for span in self.snippet_en.spans],
            "spans_zh": [list(span) for span in self.snippet_zh.spans],
            "aligned_zh": self.aligned_zh.text, "aligned_spans_zh": [list(span) for span in self.aligned_zh.spans],
            "aligned_en": self.aligned_en.text, "aligned_spans_en": [list(span) for span in self.aligned_en.spans],
            "translated_from": list(self.translated_from),
        }


@dataclass(frozen=True)
class AlignedPair:
    """One bead of an article's alignment: its kind (1-1, 2-1, 1-2, 3-1, ..., 1-0, 0-1) and the text on each side."""

    kind: str
    en: str
    zh: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "en": self.en, "zh": self.zh}


@dataclass(frozen=True)
class Results:
    """One page of results: the total over all matches, and the hits on this page."""

    query: str
    total: int
    offset: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # Chinese words that --lang en could not look up
    translations: list[dict] = field(default_factory=list)  # with cross: {"term", "translation", "kind"} sought

    def to_json(self) -> dict:
        document = {"query": self.query, "total": self.total, "offset": self.offset,
                    "hits": [hit.to_json() for hit in self.hits]}
        if self.ignored:
            document["ignored"] = self.ignored
        if self.translations:
            document["translations"] = self.translations
        if self.facets:
            document["facets"] = {name: [{"value": c.value, "count": c.count} for c in counts]
                                  for name, counts in self.facets.items()}
        document["suggestions"] = self.suggestions
        return document


@dataclass(frozen=True)
class Stats:
    documents: int
    date_min: str | None
    date_max: str | None
    index_bytes: int
    path: str

    def to_json(self) -> dict:
        return {"documents": self.documents, "date_min": self.date_min, "date_max": self.date_max,
                "index_bytes": self.index_bytes, "path": self.path}


def _reads_index(method):
    """One reader at a time (Whoosh's searcher is not thread-safe: threads sharing it got wrong totals and false
    damage reports), never after close; failures to read the index's files inside the method become
    IndexDamagedError (see generations.reading)."""
    @functools.wraps(method)
    def reading_method(self, *args, **kwargs):
        with self._lock:
            if self._closed:
                raise UsageError(f"the index at {self.path} is closed")
            with reading(self.path):
                if not self._generation.is_dir():  # rebuilt since: Whoosh opens some files lazily, and read
                    self._attach(open_whoosh_index(self.path))  # the removed ones as empty (ids of "")
                return method(self, *args, **kwargs)
    return reading_method


class Index:
    """An open searchkit index. Use Index.open(path); close it (or use `with`) when done. Threads may share one:
    its searches take turns. It reads the index as it was when opened, through updates, and the new one after a
    rebuild (which removes the old generation)."""

    def __init__(self, path: Path, whoosh_ix) -> None:
        self.path = Path(path)
        self._lock, self._closed, self._searcher = threading.RLock(), False, None
        self._attach(whoosh_ix)

    def _attach(self, whoosh_ix) -> None:
        """Read this Whoosh index (the live generation) from now on."""
        if self._searcher is not None:
            self._searcher.close()
        self._whoosh_ix, self._generation = whoosh_ix, Path(whoosh_ix.storage.folder)
        self._searcher = whoosh_ix.searcher()
        self._segment = index_segmenter(self._searcher.reader())
        self._fuzzy = index_fuzzy_expander(self._searcher.reader())

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "Index":
        path = Path(path) if path is not None else default_index_dir()
        with reading(path):
            return cls(path, open_whoosh_index(path))

    @staticmethod
    def build(path: str | os.PathLike, corpus: str | os.PathLike, *, rebuild: bool = False,
              procs: int | None = None, progress: ProgressCallback | None = None) -> IndexSummary:
        """Create or incrementally update the index at path from the corpus directory.

        procs: indexing processes; by default one per core when there are enough files to share.
        Also builds, the first time on a machine, the lexicon tables searches read (a few seconds, once), so
        that the first search does not.
        """
        from searchkit.indexer import build_index

        summary = build_index(Path(path), Path(corpus), rebuild=rebuild, procs=procs, progress=progress)
        from searchkit.lexicon import prepare_search_tables  # after the build: its workers are gone by now

        prepare_search_tables()
        return summary

    def close(self) -> None:
        """Release the index's files; closing again does nothing."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._searcher.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @_reads_index
    def search(self, query: str, *, limit: int = 10, offset: int = 0, lang: str = "all",
               date_from: str | None = None, date_to: str | None = None, sort: str = "relevance",
               facets: Iterable[str] = (), snippets: bool = True, suggestions: bool = True,
               cross: bool = False) -> Results:
        """Run a query (see the README for the syntax) and return one page of ranked hits.

        facets: any of year, month, page, column, author; counted over all matches.
        suggestions: when there are fewer than 3 hits, add 'did you mean' rewrites of the query.
        cross: also search the other language with CC-CEDICT translations and pinyin names of the terms.
        """
        facets = validate_facets(facets)
        tree = parse_query(query)
        compiled = compile_query(tree, lang, self._segment, cross, self._fuzzy)
        filter_query = date_filter(date_from, date_to)
        total, documents = rank(self._searcher, compiled.query, limit=limit, offset=offset, sort=sort,
                                filter_query=filter_query)
        hits = [self._hit(document, number, compiled, snippets)
                for number, document in enumerate(documents, offset + 1)]
        counts = count_facets(self._searcher, compiled.query, facets, filter_query)
        did_you_mean = suggest(self._searcher, query, tree, total, self._counter(lang, filter_query, cross),
                               self._segment) if suggestions else []
        sought = [{"term": t.term, "translation": t.translation, "kind": t.kind}
                  for t in dict.fromkeys(compiled.translations)]  # each once, in the order first sought
        return Results(query, total, offset, hits, counts, did_you_mean, compiled.ignored, sought)

    def _counter(self, lang: str, filter_query, cross: bool):
        def count_hits(query: str) -> int:  # a rewrite is searched as the query was, --cross included
            compiled = compile_query(parse_query(query), lang, self._segment, cross, fuzzy=self._fuzzy)
            return count_matches(self._searcher, compiled.query, filter_query)

        return count_hits

    @staticmethod
    def _hit(document, number: int, compiled, snippets: bool) -> Hit:
        article, targets = document.stored["article"], compiled.targets
        texts = ArticleTexts(article)
        translated = tuple({"term": t.term, "translation": t.translation, "kind": t.kind, "matched": found}
                           for t in compiled.translations if (found := found_in(t, texts)))
        hit = Hit(document.id, number, document.score, article["date"], article["page"], article["title_en"],
                  article["title_zh"], Snippet(""), Snippet(""), translated_from=translated)
        if not snippets:
            return hit
        names = {entry["matched"] for entry in translated if entry["kind"] == "name"}  # 阎万存 for Yan Wancun
        if names - targets.chinese_strings:  # this article's characters for a name: marked like typed strings
            targets = replace(targets, chinese_strings=targets.chinese_strings | names)
        body_en, body_zh = article["body_en"], article["body_zh"]
        matches_en = english_match_spans(body_en, targets)  # found once, for the snippet and the aligned passage
        matches_zh = chinese_match_spans(body_zh, targets.chinese_strings)
        snippet_en = make_snippet(body_en, matches_en, max_chars=ENGLISH_SNIPPET_CHARS)
        snippet_zh = make_snippet(body_zh, matches_zh, max_chars=CHINESE_SNIPPET_CHARS, strings=targets.chinese_strings)
        beads = beads_of_groups(document.stored.get("alignment_groups", []), body_en, body_zh, snippet_en.sources,
                                snippet_zh.sources)
        titles = (hit.title_en, hit.title_zh)
        title_spans_en = english_match_spans(hit.title_en, targets)
        title_spans_zh = chinese_match_spans(hit.title_zh, targets.chinese_strings)
        aligned_zh = aligned_passage(beads, snippet_en, "en", body_zh, matches_zh, targets)
        aligned_en = aligned_passage(beads, snippet_zh, "zh", body_en, matches_en, targets)
        return replace(hit, snippet_en=snippet_en, snippet_zh=snippet_zh, title_spans_en=tuple(title_spans_en),
                       title_spans_zh=tuple(title_spans_zh),
                       aligned_zh=aligned_zh if aligned_zh.text else title_passage(
                           snippet_en, body_en, titles, title_spans_zh, targets, "zh"),
                       aligned_en=aligned_en if aligned_en.text else title_passage(
                           snippet_zh, body_zh, titles[::-1], title_spans_en, targets, "en"))

    @_reads_index
    def get(self, article_id: str) -> Article:
        """The whole article with this id."""
        return Article(**self._stored(article_id)["article"])

    @_reads_index
    def parallel(self, article_id: str) -> list[AlignedPair]:
        """The article as aligned beads in document order; together they hold all of both bodies."""
        stored = self._stored(article_id)
        body_en, body_zh = stored["article"]["body_en"], stored["article"]["body_zh"]
        return [AlignedPair(kind, body_en[en_start:en_end], body_zh[zh_start:zh_end]) for kind, en_start, en_end,
                zh_start, zh_end in beads_of_groups(stored.get("alignment_groups", []), body_en, body_zh)]

    def _stored(self, article_id: str) -> dict:
        stored = self._searcher.document(id=article_id)
        if stored is None:
            raise ArticleNotFoundError(f"no article with id '{article_id}'")
        return stored

    @_reads_index
    def stats(self) -> Stats:
        reader = self._searcher.reader()
        dates = []
        if reader.doc_count():  # an index with no segment has no columns to read
            dates_column = reader.column_reader("date")  # per live document: the lexicon keeps deleted ones' dates
            dates = [date for date in (dates_column[docnum] for docnum in reader.all_doc_ids()) if date]
        return Stats(self._searcher.doc_count(), min(dates, default=None), max(dates, default=None),
                     index_size_bytes(self.path), str(self.path))
