"""The jieba-only floor: time jieba precise mode segmenting all the Chinese titles and bodies of a corpus.

    python -m benchmarks.jieba_floor CORPUS [--segmenter jieba|trie|jieba-rs]

prints JSON: seconds (segmentation only: the files are parsed and jieba's dictionary is loaded before the clock
starts), init_seconds and init_rss_mb (loading the dictionary: time, and growth of this process's RSS; Linux),
parse_seconds, tokens, zh_chars, texts and segmenter. With jieba (the
default) this is the reference floor for any jieba-based indexer; --segmenter trie times searchkit's own
segmenter instead (jieba_trie.TrieTokenizer: jieba's words over a trie of its dictionary, which searches use), and
--segmenter jieba-rs the one indexing uses (jieba_rs_words: jieba's words computed by jieba-rs), on the same texts.
Run it in a fresh process so nothing else shares the heap.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import time
from pathlib import Path

from benchmarks.measure import rss_bytes
from searchkit.corpus import find_article_files, read_article


def chinese_texts(corpus: Path) -> list[str]:
    """Every non-empty Chinese title and body in the corpus, in file order."""
    texts = []
    for path in find_article_files(corpus):
        article = read_article(path, corpus)
        texts.extend(text for text in (article.title_zh, article.body_zh) if text)
    return texts


def segment_all(texts: list[str], tokenizer) -> int:
    """Segment every text in precise mode (HMM on, jieba's default); return the number of tokens."""
    tokens = 0
    for text in texts:
        for _ in tokenizer.cut(text, cut_all=False, HMM=True):
            tokens += 1
    return tokens


class JiebaRsTokenizer:
    """jieba_rs_words.jieba_words with jieba.Tokenizer's cut and initialize."""

    def initialize(self) -> None:
        from searchkit.jieba_rs_words import jieba_words

        jieba_words("初始化")  # jieba-rs reads its dictionary on first use

    def cut(self, text: str, cut_all: bool = False, HMM: bool = True) -> list[str]:
        from searchkit.jieba_rs_words import jieba_words

        return jieba_words(text)


def loaded_tokenizer(segmenter: str):
    """jieba.dt, searchkit's TrieTokenizer or its jieba-rs words, with the dictionary loaded."""
    if segmenter == "jieba-rs":
        tokenizer = JiebaRsTokenizer()
    elif segmenter == "trie":
        from searchkit.jieba_trie import TrieTokenizer

        tokenizer = TrieTokenizer()
    else:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.dt
    tokenizer.initialize()
    return tokenizer


def measure_floor(corpus: Path, segmenter: str = "jieba") -> dict:
    started = time.perf_counter()
    texts = chinese_texts(corpus)
    parse_seconds = time.perf_counter() - started
    import jieba  # imported before the RSS is read, so that the growth is the dictionary's (and the trie module's)

    rss_before, started = rss_bytes(os.getpid()), time.perf_counter()
    tokenizer = loaded_tokenizer(segmenter)
    init_seconds, init_rss_mb = time.perf_counter() - started, (rss_bytes(os.getpid()) - rss_before) / 2**20
    gc.collect()
    started = time.perf_counter()
    tokens = segment_all(texts, tokenizer)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "init_seconds": init_seconds, "init_rss_mb": round(init_rss_mb, 1),
            "parse_seconds": parse_seconds, "tokens": tokens,
            "zh_chars": sum(len(text) for text in texts), "texts": len(texts), "segmenter": segmenter}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--segmenter", choices=("jieba", "trie", "jieba-rs"), default="jieba")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    print(json.dumps(measure_floor(args.corpus, args.segmenter)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
