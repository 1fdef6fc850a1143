"""Property: a quoted string searched in Chinese (--lang zh, or any string with Chinese characters) matches exactly the articles whose folded Chinese text contains it.

"Folded" means NFKC, traditional→simplified, lowercase, accents removed and white space deleted, applied alike to
the article and the query. The expected set is a brute-force substring scan over every Chinese-bearing field.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from searchkit.analysis import has_han
from searchkit.normalize import exact_key

pytestmark = pytest.mark.usefixtures("ranking_path")  # every test on both ranking paths

CHINESE_FIELDS = ("title_zh", "body_zh", "author_zh", "column_zh", "entities")  # entities last: see brute_force
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


@lru_cache(maxsize=1)
def to_traditional():
    return OpenCC("s2t")


@lru_cache(maxsize=None)
def folded_fields(article) -> tuple[str, ...]:
    return tuple(exact_key(getattr(article, name)) for name in CHINESE_FIELDS)


def brute_force(articles, key: str) -> set[str]:
    """The articles whose folded Chinese text holds key. The Named Entities block counts for a key without Latin
    letters, digits or ASCII punctuation: its lines pair Chinese names with romanized and English ones."""
    fields = slice(None, -1) if any(char.isascii() for char in key) else slice(None)
    return {a.id for a in articles if any(key in folded for folded in folded_fields(a)[fields])}


def quoted_search(index, text: str, lang: str = "zh") -> set[str]:
    results = index.search(f'"{text}"', limit=1000, snippets=False, lang=lang)
    assert results.total == len(results.hits)
    return {hit.id for hit in results.hits}


@st.composite
def chinese_substrings(draw, articles):
    article = draw(st.sampled_from(articles))
    text = draw(st.sampled_from([article.title_zh, article.body_zh]))
    length = draw(st.integers(min_value=1, max_value=8))
    start = draw(st.integers(min_value=0, max_value=max(0, len(text) - length)))
    substring = text[start:start + length]
    if '"' in substring or not exact_key(substring):
        substring = "劳动"
    return substring


def test_exact_phrases_match_a_substring_scan(seed_articles, seed_index):
    @SETTINGS
    @given(chinese_substrings(seed_articles))
    def check(substring):
        assert quoted_search(seed_index, substring) == brute_force(seed_articles, exact_key(substring))

    check()


def test_exact_phrases_with_chinese_match_a_substring_scan_in_all_languages(seed_articles, seed_index):
    @SETTINGS
    @given(chinese_substrings(seed_articles).filter(has_han))
    def check(substring):
        assert quoted_search(seed_index, substring, "all") == brute_force(seed_articles, exact_key(substring))

    check()


def test_traditional_forms_match_the_same_articles(seed_articles, seed_index):
    round_trips = []

    @SETTINGS
    @given(chinese_substrings(seed_articles))
    def check(substring):
        traditional = to_traditional().convert(substring)
        found = quoted_search(seed_index, traditional)
        assert found == brute_force(seed_articles, exact_key(traditional))
        if exact_key(traditional) == exact_key(substring):
            round_trips.append(substring)
            assert found == brute_force(seed_articles, exact_key(substring))

    check()
    assert len(round_trips) >= 250  # nearly every traditional form folds back to the original text


def test_known_traditional_query_finds_simplified_article(seed_index):
    assert "003_cbd4eb143da268c1" in quoted_search(seed_index, "勞動模範代表大會")


# English: a quoted phrase matches exactly the articles where its stems follow one another in one English field.
# Phrases with common words are looked up through pair terms (analysis.CommonPairFilter); this checks the result
# is still exactly the stem-sequence scan.

@lru_cache(maxsize=None)
def english_field_stems(article) -> tuple[tuple[str, ...], ...]:
    from searchkit.analysis import english_stems_of
    from searchkit.indexer import article_document
    from searchkit.schema import LOGICAL_FIELDS

    document = article_document(article, "", "")
    return tuple(tuple(english_stems_of(document.get(f.english, ""))) for f in LOGICAL_FIELDS.values() if f.english)


def holds_run(stems: tuple[str, ...], run: tuple[str, ...]) -> bool:
    return any(stems[start:start + len(run)] == run for start in range(len(stems) - len(run) + 1))


def english_brute_force(articles, phrase: str) -> set[str]:
    from searchkit.analysis import english_stems_of

    run = tuple(english_stems_of(phrase))
    return {a.id for a in articles if any(holds_run(stems, run) for stems in english_field_stems(a))}


@st.composite
def english_phrases(draw, articles):
    """Runs of 1-4 words from an article's English, or common words mixed with its words (often absent)."""
    import re

    from searchkit.analysis import COMMON_WORDS

    article = draw(st.sampled_from(articles))
    words = re.findall(r"[A-Za-z]+", draw(st.sampled_from([article.title_en, article.body_en]))) or ["the"]
    length = draw(st.integers(min_value=1, max_value=4))
    start = draw(st.integers(min_value=0, max_value=max(0, len(words) - length)))
    run = words[start:start + length]
    if draw(st.booleans()):
        run[draw(st.integers(0, len(run) - 1))] = draw(st.sampled_from(COMMON_WORDS[:12]))
    return " ".join(run)


def test_english_phrases_match_a_stem_sequence_scan(seed_articles, seed_index):
    nonempty = []

    @SETTINGS
    @given(english_phrases(seed_articles))
    def check(phrase):
        expected = english_brute_force(seed_articles, phrase)
        assert quoted_search(seed_index, phrase, "en") == expected
        nonempty.append(bool(expected))

    check()
    assert sum(nonempty) >= 150  # most phrases occur somewhere: the check is not only about empty sets
