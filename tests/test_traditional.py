"""Traditional characters whose simplified form depends on the word (為著 → 为着, 計畫 → 计划)."""

from __future__ import annotations

import pytest

from searchkit import Index
from searchkit.query import And, Or, Phrase, Term, parse_query
from searchkit.traditional import simplified_by_word, traditional_words_as_either

from conftest import write_article


@pytest.mark.parametrize("typed, converted", [
    ("為著鞏固國內和平", "为着巩固国内和平"),
    ("他瞪著眼睛說", "他瞪着眼睛说"),
    ("周恩來瞭解情況", "周恩来了解情况"),  # 周 and 台 are traditional too (週 and 臺 fold to them)
    ("台灣計畫", "台湾计划"),
    ("計畫", "计划"),
])
def test_words_that_fold_differently_by_word_are_converted(typed, converted):
    assert simplified_by_word(typed) == converted


@pytest.mark.parametrize("typed", ["著名", "显著", "著", "原著", "土著", "瞪著眼睛", "勞動模範", "劳动模范", "北京",
                                   "Beijing", "1953年", ""])
def test_text_that_folds_the_same_either_way_or_may_be_simplified_has_no_second_reading(typed):
    """著 with no traditional character beside it may be simplified Chinese (原著): an exact "著" stays exact."""
    assert simplified_by_word(typed) is None


def test_the_query_tree_searches_either_reading_and_keeps_the_rest():
    tree = traditional_words_as_either(parse_query('瞭解情況 "為著鞏固" 北京 title:計畫 produc*'))
    assert tree == And((Or((Term("瞭解情況"), Term("了解情况"))), Or((Phrase("為著鞏固"), Phrase("为着巩固"))), Term("北京"),
                        Or((Term("計畫", "title"), Term("计划", "title"))), Term("produc", None, "prefix")))


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    write_article(corpus, "a.txt", title_zh="计划", body_zh="为着巩固国内和平，大家要了解情况。")
    write_article(corpus, "b.txt", title_zh="著名作家", body_zh="他瞪着眼睛说。原著很好。")
    write_article(corpus, "c.txt", title_zh="旧文", body_zh="为著巩固国内和平。")  # an old text writing 著
    index_dir = tmp_path_factory.mktemp("index")
    Index.build(index_dir, corpus)
    with Index.open(index_dir) as opened:
        yield opened


@pytest.mark.parametrize("query, expected", [
    ('"為著鞏固國內和平"', ["a", "c"]),  # either reading: the modern text, and the old one that writes 著
    ("為著鞏固", ["a", "c"]),
    ('"他瞪著眼睛說"', ["b"]),
    ("瞭解情況", ["a"]),
    ('title:"計畫"', ["a"]),
    ('"著名"', ["b"]),
    ('"著"', ["b", "c"]),  # exact: not the 着 of a and b's 瞪着
])
def test_traditional_queries_find_the_simplified_text(index, query, expected):
    results = index.search(query, limit=10)
    assert sorted(hit.id for hit in results.hits) == expected
    assert results.suggestions == []


def test_the_converted_reading_is_highlighted(index):
    hit = index.search('"他瞪著眼睛說"').hits[0]
    assert hit.snippet_zh.text[slice(*hit.snippet_zh.spans[0])] == "他瞪着眼睛说"


def test_under_lang_en_only_the_typed_form_is_named_as_left_out(index):
    assert index.search("瞭解情況 Beijing", lang="en").ignored == ["瞭解", "情况"]  # its words; not 了解 as well
