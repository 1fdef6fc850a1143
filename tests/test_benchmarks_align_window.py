"""benchmarks.align_window: a window of paragraphs aligned as align.py aligns a whole article."""

from __future__ import annotations

from pathlib import Path

from benchmarks.align_window import compare

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_a_window_as_wide_as_the_article_aligns_as_the_whole_article_does():
    result = compare(SEEDS, margin=1_000, paragraphs=2, limit=None)
    assert result["articles_aligned_whole"] > 5 and result["paragraphs_tried"] > 10
    assert result["same_chinese_sentences"] == result["paragraphs_tried"]


def test_a_narrow_window_is_counted_paragraph_by_paragraph():
    result = compare(SEEDS, margin=0, paragraphs=2, limit=None)
    assert 0 < result["same_chinese_sentences"] <= result["paragraphs_tried"]
    assert result["share_same"] == round(result["same_chinese_sentences"] / result["paragraphs_tried"], 4)
