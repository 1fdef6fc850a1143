"""Could alignment move from indexing to search time? Aligning a window of paragraphs around a snippet's paragraph,
against aligning the whole article, in the articles whose paragraphs do not pair one to one.

    python -m benchmarks.align_window CORPUS [--margin 2] [--paragraphs 3] [--limit N]

For each such article (those align.py aligns as a whole: about a fifth of a generated corpus), a few English
paragraphs (seeded) stand for a snippet's. The window holds `margin` English paragraphs either side of it, and the
Chinese paragraphs at the same share of the Chinese text's length, one more either side. It is aligned by the
same programme as the whole article. Prints how often the Chinese sentences aligned with the paragraph are the
same both ways, and the time of each (a search would pay the window's per hit shown). Measures only: searchkit
still aligns at index time.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import time
from itertools import accumulate
from pathlib import Path

from searchkit import align
from searchkit.align_units import first_sentences, lines, split_sentences_en, split_sentences_zh, visible_length
from searchkit.corpus import find_article_files, read_article

Pairs = list[tuple[int, int, int, int]]


def _chinese_of(pairs: Pairs, first: int, last: int) -> set[int]:
    """The Chinese sentences of the beads that hold one of the English sentences [first, last)."""
    return {j for i0, i1, j0, j1 in pairs if i0 < last and first < i1 for j in range(j0, j1)}


def _paragraph_ends(text: str, sentences: list, firsts: list[int]) -> list[int]:
    """The visible length of the text before each paragraph, and of all of it (the last)."""
    lengths = [visible_length(text[start:end]) for start, end in sentences]
    return list(accumulate((sum(lengths[a:b]) for a, b in zip(firsts, firsts[1:])), initial=0))


class _Article:
    """One article's sentences and paragraphs, as align.py cuts them."""

    def __init__(self, body_en: str, body_zh: str):
        self.body_en, self.body_zh = body_en, body_zh
        self.en, self.zh = split_sentences_en(body_en), split_sentences_zh(body_zh)
        self.en_firsts = first_sentences(self.en, lines(body_en))
        self.zh_firsts = first_sentences(self.zh, lines(body_zh))

    def is_plain(self) -> bool:
        return align._plain_pairs(self.body_en, self.body_zh, self.en, self.zh, self.en_firsts,
                                  self.zh_firsts) is not None

    def whole(self) -> Pairs:
        return align._aligned_article(self.body_en, self.body_zh, self.en, self.zh, self.en_firsts, self.zh_firsts)

    def window(self, paragraph: int, margin: int) -> Pairs:
        """The alignment of the paragraphs around English paragraph `paragraph`, in the article's sentence numbers."""
        en_ends = _paragraph_ends(self.body_en, self.en, self.en_firsts)
        zh_ends = _paragraph_ends(self.body_zh, self.zh, self.zh_firsts)
        english, chinese = len(self.en_firsts) - 1, len(self.zh_firsts) - 1
        start_share, end_share = (en_ends[p] / max(en_ends[-1], 1) for p in (paragraph, paragraph + 1))
        q0 = max(0, bisect.bisect_right(zh_ends, start_share * zh_ends[-1]) - 1)
        q1 = max(min(chinese, bisect.bisect_left(zh_ends, end_share * zh_ends[-1])), q0 + 1)
        p0, p1 = max(0, paragraph - margin), min(english, paragraph + 1 + margin)
        q0, q1 = max(0, q0 - margin - 1), min(chinese, q1 + margin + 1)
        s0, s1, t0, t1 = self.en_firsts[p0], self.en_firsts[p1], self.zh_firsts[q0], self.zh_firsts[q1]
        pairs = align._aligned_article(self.body_en, self.body_zh, self.en[s0:s1], self.zh[t0:t1],
                                       [i - s0 for i in self.en_firsts[p0:p1 + 1]],
                                       [j - t0 for j in self.zh_firsts[q0:q1 + 1]])
        return [(i0 + s0, i1 + s0, j0 + t0, j1 + t0) for i0, i1, j0, j1 in pairs]


def compare(corpus: Path, margin: int, paragraphs: int, limit: int | None, seed: int = 1) -> dict:
    """Window against whole-article alignment over the corpus's articles that are aligned as a whole."""
    chooser, articles, tried, same, whole_seconds, window_seconds = random.Random(seed), 0, 0, 0, 0.0, 0.0
    for path in find_article_files(corpus)[:limit]:
        parsed = read_article(path, corpus)
        article = _Article(parsed.body_en, parsed.body_zh)
        if len(article.en_firsts) < 2 or article.is_plain():
            continue
        articles += 1
        started = time.perf_counter()
        whole = article.whole()
        whole_seconds += time.perf_counter() - started
        count = len(article.en_firsts) - 1
        for paragraph in chooser.sample(range(count), min(paragraphs, count)):
            started = time.perf_counter()
            window = article.window(paragraph, margin)
            window_seconds += time.perf_counter() - started
            first, last = article.en_firsts[paragraph], article.en_firsts[paragraph + 1]
            tried, same = tried + 1, same + (_chinese_of(whole, first, last) == _chinese_of(window, first, last))
    return {"corpus": str(corpus), "margin": margin, "articles_aligned_whole": articles, "paragraphs_tried": tried,
            "same_chinese_sentences": same, "share_same": round(same / max(tried, 1), 4),
            "whole_ms_per_article": round(1000 * whole_seconds / max(articles, 1), 2),
            "window_ms_per_paragraph": round(1000 * window_seconds / max(tried, 1), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--margin", type=int, default=2)
    parser.add_argument("--paragraphs", type=int, default=3, help="English paragraphs tried per article")
    parser.add_argument("--limit", type=int, default=None, help="files read, in path order")
    options = parser.parse_args()
    print(json.dumps(compare(options.corpus, options.margin, options.paragraphs, options.limit), ensure_ascii=False))


if __name__ == "__main__":
    main()
