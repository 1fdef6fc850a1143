"""benchmarks.jieba_floor: the floor and searchkit's two segmenters time the same texts and find the same words."""

from __future__ import annotations

from pathlib import Path

from benchmarks.jieba_floor import measure_floor

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_every_segmenter_cuts_the_seeds_into_as_many_words():
    floor, trie, rust = measure_floor(SEEDS), measure_floor(SEEDS, "trie"), measure_floor(SEEDS, "jieba-rs")
    assert (floor["segmenter"], trie["segmenter"], rust["segmenter"]) == ("jieba", "trie", "jieba-rs")
    assert floor["texts"] == trie["texts"] == rust["texts"] > 0
    assert floor["zh_chars"] == trie["zh_chars"] == rust["zh_chars"]
    assert floor["tokens"] == trie["tokens"] == rust["tokens"] > 1000
