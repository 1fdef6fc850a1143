"""suggest.py: the near-term scan behind English "did you mean" finds what Whoosh's own Damerau-Levenshtein scan
(IndexReader.terms_within) finds, on an index of one segment as of several."""

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.reading import IndexReader

from searchkit import Index
from searchkit.suggest import SPELLING_FIELD, terms_by_distance
from conftest import SEEDS


@pytest.fixture(scope="module")
def two_segment_index(tmp_path_factory):
    """The seeds indexed in two steps (30 files, then the rest): two segments, read through a MultiReader."""
    corpus, index_dir = tmp_path_factory.mktemp("corpus"), tmp_path_factory.mktemp("index")
    files = sorted(SEEDS.glob("*.txt"))
    for batch in (files[:30], files[30:]):
        for path in batch:
            shutil.copy(path, corpus / path.name)
        Index.build(index_dir, corpus)
    with Index.open(index_dir) as index:
        assert len(index._searcher.reader().leaf_readers()) == 2
        yield index


@pytest.fixture(scope="module", params=["one segment", "two segments"])
def any_index(request, seed_index, two_segment_index):
    return seed_index if request.param == "one segment" else two_segment_index


def _whoosh_buckets(reader, stem: str, max_distance: int) -> dict[int, set[str]]:
    """Whoosh's Damerau-Levenshtein scan once per distance, each distance's new terms apart. (A reader of one
    segment overrides terms_within with an automaton of plain Levenshtein distance: a transposition is two edits
    there, so suggestions used to depend on how many segments the index had.)"""
    buckets, seen = {}, {stem}
    for distance in range(1, max_distance + 1):
        near = set(IndexReader.terms_within(reader, SPELLING_FIELD, stem, distance, prefix=1)) - seen
        seen |= near
        if near:
            buckets[distance] = near
    return buckets


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_terms_by_distance_equal_terms_within_per_distance(any_index, data):
    reader = any_index._searcher.reader()
    words = sorted(term.decode() for term in reader.lexicon(SPELLING_FIELD) if term[:1].isalpha())
    word = data.draw(st.sampled_from(words))
    edits = data.draw(st.lists(st.tuples(st.integers(1, 12), st.sampled_from(list("aeiostx")),
                                         st.sampled_from(["insert", "delete", "replace", "swap"])), max_size=2))
    for position, letter, kind in edits:  # the first letter stays: suggestions share it
        position = min(position, len(word))
        if kind == "insert":
            word = word[:position] + letter + word[position:]
        elif kind == "delete" and len(word) > 2:
            word = word[:position] + word[position + 1:]
        elif kind == "replace":
            word = word[:position] + letter + word[position + 1:]
        elif position + 1 < len(word):
            word = word[:position] + word[position + 1] + word[position] + word[position + 2:]
    for max_distance in (1, 2):
        assert terms_by_distance(reader, word, max_distance) == _whoosh_buckets(reader, word, max_distance)


def test_a_transposition_is_one_edit(any_index):
    assert "labor" in terms_by_distance(any_index._searcher.reader(), "lbaor", 1).get(1, set())


@pytest.mark.parametrize("query", ["lbaor", "modle", "wokrers", "facotry", "teh"])
def test_suggestions_do_not_depend_on_the_number_of_segments(seed_index, two_segment_index, query):
    assert seed_index.search(query).suggestions == two_segment_index.search(query).suggestions


def test_a_transposed_common_word_is_suggested_first_on_one_segment_too(seed_index):
    """Whoosh's one-segment automaton counts "teh" → "the" as two edits and ranked "ten" first."""
    assert seed_index.search("teh").suggestions[0] == "the"


def test_a_long_query_gets_no_suggestions_and_few_rewrites_are_searched(seed_index):
    from searchkit import suggest as suggest_module
    from searchkit.query import parse_query

    words = "facotry wokrers nad lbaor teh goverment ot prodocers meting".split()
    assert len(words) > suggest_module.MAX_WORDS
    assert seed_index.search(" ".join(words)).suggestions == []
    searched = []

    def count_hits(rewrite):
        searched.append(rewrite)
        return 0  # no rewrite helps: every candidate would be searched without the bound
    query = " ".join(words[:suggest_module.MAX_WORDS])
    assert suggest_module.suggest(seed_index._searcher, query, parse_query(query), 0, count_hits,
                                  seed_index._segment) == []
    assert 0 < len(searched) == suggest_module.MAX_REWRITES_COUNTED


def test_lowercase_operators_are_suggested_in_capitals(seed_index):
    assert seed_index.search("苏联 or 罗马尼亚").suggestions[0] == "苏联 OR 罗马尼亚"


def test_a_short_word_the_archive_has_is_not_corrected(seed_index):
    assert seed_index.search("dog").suggestions == []
    assert seed_index.search("facotry").suggestions  # absent: corrected


@pytest.mark.parametrize("query, suggestion", [
    ("title:prodocers", "title:producers"), ('"advanced prodocers"', '"advanced producers"')])
def test_words_in_fields_and_phrases_are_corrected(seed_index, query, suggestion):
    assert seed_index.search(query).suggestions[0] == suggestion


@pytest.mark.parametrize("query", ['"北京劳动模范"', "“北京劳动模范”"])
def test_a_quoted_chinese_string_without_matches_is_suggested_as_its_words(seed_index, query):
    assert seed_index.search(query).total == 0
    assert "北京 劳动模范" in seed_index.search(query).suggestions


@pytest.mark.parametrize("query, suggestion", [('"劳动，"', '"劳动"'), ('"，劳动模范。"', '"劳动模范"')])
def test_a_quoted_string_with_pasted_punctuation_is_suggested_without_it(seed_index, query, suggestion):
    result = seed_index.search(query)
    assert result.total == 0 and result.suggestions[0] == suggestion


@pytest.mark.parametrize("query", ["三千五百万", "二十一点二亿", '"三千五百万"'])
def test_a_chinese_number_is_not_suggested_cut_into_parts(seed_index, query):
    assert not any(" " in suggestion.strip('"') for suggestion in seed_index.search(query).suggestions)


@pytest.mark.parametrize("query, suggestion", [
    ("Bejing", "Beijing"), ("Beiijng", "Beijing"), ("runnign", "running"), ("imperailism", "imperialism"),
    ('"advanced prodocers"', '"advanced producers"')])
def test_a_word_one_edit_from_a_known_word_is_corrected_although_their_stems_are_far_apart(seed_index, query,
                                                                                         suggestion):
    assert seed_index.search(query).suggestions[0] == suggestion  # Bejing stems to beje, Beijing to beij


def test_a_long_word_is_not_corrected_to_a_function_word(seed_index):
    assert not any(suggestion.lower() == "being" for suggestion in seed_index.search("Bejing").suggestions)


def test_a_long_query_of_repeated_words_gets_no_suggestions(seed_index):
    assert seed_index.search("labor " * 9 + "ab").suggestions == []


def test_a_long_quoted_phrase_counts_its_words(seed_index):
    phrase = '"facotry wokrers modle lbaor teh goverment peple prodocers meting"'
    assert seed_index.search(phrase).suggestions == []


@pytest.mark.parametrize("query", ['title:"北京劳动模范"', '"北京劳动模范"~3'])
def test_a_quoted_string_with_a_field_or_slack_is_not_unquoted(seed_index, query):
    assert all(" " not in suggestion.strip('"') for suggestion in seed_index.search(query).suggestions)


def test_operators_inside_quotes_stay_words(seed_index):
    assert seed_index.search('"labour and modle" 苏联  or 罗马尼亚').suggestions[:1] == [
        '"labour and modle" 苏联  OR 罗马尼亚']


@pytest.mark.parametrize("query, suggested", [('"1949年"', "1949年"), ("“1949年” 政府", "1949年 政府")])
def test_a_quoted_number_with_no_hits_suggests_its_unquoted_form(seed_index, query, suggested):
    """Quoted, 1949年 is exact; the seeds write 一九四九年, which the unquoted number also finds."""
    result = seed_index.search(query)
    assert result.total == 0 and result.suggestions[0] == suggested
    assert seed_index.search(suggested).total > 0


def test_a_quoted_string_without_numerals_is_not_unquoted(seed_index):
    assert "劳动模范代表大会北京" not in seed_index.search('"劳动模范代表大会北京"').suggestions


@pytest.mark.parametrize("typed, wanted, unwanted", [
    ("milet", "millet", {"meeting", "mining"}), ("Imleda", "Imelda", {"Immediately"}),
    ("prodocers", "producers", {"production", "promote"}),
])
def test_a_suggested_word_is_at_most_two_edits_from_the_word_as_typed(seed_index, typed, wanted, unwanted):
    suggestions = seed_index.search(typed, snippets=False).suggestions
    assert suggestions[0] == wanted and not unwanted & set(suggestions)


def test_a_cross_language_search_gets_suggestions_counted_with_cross(seed_index):
    assert seed_index.search("treatty", cross=True, lang="zh", snippets=False).suggestions[:1] == ["treaty"]


@pytest.mark.parametrize("query", ["steel", "Nanking", "Anhui"])
def test_a_real_word_or_name_the_archive_lacks_is_not_taken_for_a_typo(seed_index, query):
    result = seed_index.search(query, snippets=False)
    assert result.total == 0 and result.suggestions == []  # not still, Banking, Anti


def test_a_chinese_word_of_two_characters_is_not_suggested_cut_to_one(seed_index):
    result = seed_index.search("粮食", snippets=False)
    assert result.total == 0 and not any(len(suggestion) == 1 for suggestion in result.suggestions)  # 粮, 食


@pytest.mark.parametrize("typo, wanted", [("Shangai", "Shanghai"), ("Xinuha", "Xinhua")])
def test_a_slip_in_a_pinyin_name_is_still_corrected(seed_index, typo, wanted):
    assert wanted in seed_index.search(typo, snippets=False).suggestions  # it still reads as pinyin


def test_a_chinese_string_is_not_suggested_cut_to_one_character_after_its_punctuation(seed_index):
    assert "粮" not in seed_index.search("粮。", snippets=False).suggestions


def test_a_word_in_the_other_spelling_is_no_typo():
    from searchkit.suggest import _known_word

    assert _known_word("plowing") and not _known_word("plowwing")  # ploughing's American spelling
