"""The peer systems searchkit is measured against: their registry, the text they index, and a build command.

    python -m benchmarks.peers build NAME CORPUS OUT_DIR

parses the corpus and builds peer NAME's index in OUT_DIR (replaced), then prints JSON with parse_seconds and
index_seconds. The harness runs it in a fresh process under benchmarks.measure, so a peer's build time is the
whole process, start-up included, as it is for `searchkit index`.

Every peer indexes the same text: title_zh, body_zh and other_zh (author_zh, column_zh and the named entities:
the other Chinese fields searchkit searches), title_en and body_en, plus the date. Each peer module has NAME,
build(articles, out_dir) and a Searcher(out_dir) with search(query, limit) -> ids (best first) and close().
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import time
from pathlib import Path

from searchkit.corpus import Article, find_article_files, read_article

PEER_MODULES = {
    "naive-whoosh": "benchmarks.peer_whoosh",
    "sqlite-fts5": "benchmarks.peer_fts5",
    "tantivy-py": "benchmarks.peer_tantivy",
}
CHINESE_FIELDS = ("title_zh", "body_zh", "other_zh")
ENGLISH_FIELDS = ("title_en", "body_en")


def peer_module(name: str):
    return importlib.import_module(PEER_MODULES[name])


def peer_available(name: str) -> bool:
    """False when the peer's library is not installed (tantivy is the optional `bench` extra)."""
    try:
        peer_module(name)
    except ImportError:
        return False
    return True


def peer_fields(article: Article) -> dict[str, str]:
    """The text fields every peer indexes for one article."""
    other = "\n".join(text for text in (article.author_zh, article.column_zh, article.entities) if text)
    return {"id": article.id, "date": article.date, "title_zh": article.title_zh, "body_zh": article.body_zh,
            "other_zh": other, "title_en": article.title_en, "body_en": article.body_en}


def read_corpus(corpus: Path) -> list[Article]:
    corpus = Path(corpus)
    return [read_article(path, corpus) for path in find_article_files(corpus)]


def build_peer(name: str, corpus: Path, out_dir: Path) -> dict:
    """Parse the corpus and build peer name's index in out_dir; the timings of the two steps."""
    module = peer_module(name)
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir) if out_dir.is_dir() else out_dir.unlink()
    started = time.perf_counter()
    articles = read_corpus(corpus)
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    details = module.build(articles, out_dir) or {}
    return {"parse_seconds": parse_seconds, "index_seconds": time.perf_counter() - started, **details}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 4 or argv[0] != "build" or argv[1] not in PEER_MODULES:
        print(f"usage: python -m benchmarks.peers build {{{','.join(PEER_MODULES)}}} CORPUS OUT_DIR",
              file=sys.stderr)
        return 2
    print(json.dumps(build_peer(argv[1], Path(argv[2]), Path(argv[3]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
