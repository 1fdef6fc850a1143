"""The jieba-only floor: time jieba precise mode segmenting all the Chinese titles and bodies of a corpus.

    python -m benchmarks.jieba_floor CORPUS

prints JSON: seconds (segmentation only: the files are parsed and jieba's dictionary is loaded before the clock
starts), init_seconds (dictionary load), parse_seconds, tokens, zh_chars and docs. This is the reference floor
for any jieba-based indexer; run it in a fresh process so nothing else shares the heap.
"""

from __future__ import annotations

import gc
import json
import logging
import sys
import time
from pathlib import Path

from searchkit.corpus import find_article_files, read_article


def chinese_texts(corpus: Path) -> list[str]:
    """Every non-empty Chinese title and body in the corpus, in file order."""
    texts = []
    for path in find_article_files(corpus):
        article = read_article(path, corpus)
        texts.extend(text for text in (article.title_zh, article.body_zh) if text)
    return texts


def segment_all(texts: list[str]) -> int:
    """Segment every text with jieba precise mode (HMM on, jieba's default); return the number of tokens."""
    import jieba

    tokens = 0
    for text in texts:
        for _ in jieba.cut(text, cut_all=False, HMM=True):
            tokens += 1
    return tokens


def measure_floor(corpus: Path) -> dict:
    import jieba

    started = time.perf_counter()
    texts = chinese_texts(corpus)
    parse_seconds = time.perf_counter() - started
    jieba.setLogLevel(logging.WARNING)
    started = time.perf_counter()
    jieba.initialize()
    init_seconds = time.perf_counter() - started
    gc.collect()
    started = time.perf_counter()
    tokens = segment_all(texts)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "init_seconds": init_seconds, "parse_seconds": parse_seconds, "tokens": tokens,
            "zh_chars": sum(len(text) for text in texts), "texts": len(texts)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m benchmarks.jieba_floor CORPUS", file=sys.stderr)
        return 2
    print(json.dumps(measure_floor(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
