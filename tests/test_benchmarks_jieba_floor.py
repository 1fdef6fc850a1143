"""benchmarks.jieba_floor: the floor and searchkit's trie segmenter time the same texts and find the same words."""

from __future__ import annotations

from pathlib import Path

from benchmarks.jieba_floor import measure_floor

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_both_segmenters_cut_the_seeds_into_as_many_words():
    floor, trie = measure_floor(SEEDS), measure_floor(SEEDS, "trie")
    assert floor["segmenter"] == "jieba" and trie["segmenter"] == "trie"
    assert floor["texts"] == trie["texts"] > 0 and floor["zh_chars"] == trie["zh_chars"]
    assert floor["tokens"] == trie["tokens"] > 1000
