"""Bulk postings (postings.py) equal what the analyzers produce token by token, and the packed positions format."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import example, given, settings
from hypothesis import strategies as st

from searchkit.analysis import PAIR_MARK, chinese_exact_analyzer, chinese_word_analyzer, english_analyzer
from searchkit.posting_format import PackedPositions, pack_positions, unpack_positions
from searchkit.postings import (
    CHINESE_WORDS, ENGLISH_STEMS, EXACT_GRAMS, Vocabulary, forget_memoised_analysis, gram_key, gram_key_text,
    gram_postings,
)

# Han, kana, Latin, digits, punctuation, white space and a character outside the Basic Multilingual Plane
TEXT = st.text(alphabet=st.sampled_from(list("中國人民日报劳动模范的了，。！？ \n\tAbc１２3é-'’") + ["\U00020000"]),
               max_size=40)


def analyzer_postings(analyzer, text: str) -> dict[str, list[int]]:
    expected = defaultdict(list)
    for token in analyzer(text, positions=True, mode="index"):  # as Whoosh's writer calls it
        expected[token.text].append(token.pos)
    return {term: sorted(positions) for term, positions in expected.items()}  # as postings store them


def bulk_postings(analysis, text: str, vocabulary: Vocabulary | None = None) -> dict[str, list[int]]:
    """term → positions (or [None] * frequency for a field without positions) of the bulk analysis."""
    vocabulary = vocabulary or Vocabulary()
    postings = analysis.postings(text, vocabulary)
    terms = vocabulary.terms()
    found, start = {}, 0
    for key, count in zip(postings.keys.tolist(), postings.counts.tolist()):
        term = gram_key_text(key) if analysis.grams else terms[key]
        found[term] = [None] * count if postings.positions is None \
            else postings.positions[start:start + count].tolist()
        start += count
    return found


def test_bulk_postings_equal_the_analyzers_on_the_seed_articles(seed_articles):
    for article in seed_articles:
        assert bulk_postings(EXACT_GRAMS, article.body_zh) == analyzer_postings(chinese_exact_analyzer(), article.body_zh)
        assert bulk_postings(ENGLISH_STEMS, article.body_en) == analyzer_postings(english_analyzer(), article.body_en)
        words = analyzer_postings(chinese_word_analyzer(), article.body_zh)
        assert bulk_postings(CHINESE_WORDS, article.body_zh) == {word: [None] * len(found)
                                                               for word, found in words.items()}


def test_forgetting_the_memoised_analysis_empties_every_cache_and_changes_no_postings(seed_articles):
    import functools
    import sys

    def caches():
        return {f"{name}.{attr}": value.cache_info().currsize for name, module in list(sys.modules.items())
                if name.startswith("searchkit.") for attr, value in vars(module).items()
                if isinstance(value, functools._lru_cache_wrapper)}

    article = seed_articles[0]
    before = {analysis: bulk_postings(analysis, article.body_en + article.body_zh)
              for analysis in (CHINESE_WORDS, ENGLISH_STEMS)}
    filled = caches()
    assert filled["searchkit.analysis._english_term"] > 0 and filled["searchkit.jieba_rs_words._jieba_rs"] == 1
    forget_memoised_analysis()
    assert set(caches().values()) == {0}
    assert {analysis: bulk_postings(analysis, article.body_en + article.body_zh) for analysis in before} == before


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_bulk_grams_equal_the_exact_analyzer_for_any_text(text):
    assert bulk_postings(EXACT_GRAMS, text) == analyzer_postings(chinese_exact_analyzer(), text)
    assert EXACT_GRAMS.postings(text, Vocabulary()).length == sum(
        1 for _ in chinese_exact_analyzer()(text))


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_bulk_english_equals_the_english_analyzer_for_any_text(text):
    assert bulk_postings(ENGLISH_STEMS, text) == analyzer_postings(english_analyzer(), text)
    # pair terms do not lengthen the field; joined hyphenated words (co-operation as cooperation) do
    stems = sum(1 for token in english_analyzer()(text, mode="index") if not token.text.startswith(PAIR_MARK))
    assert ENGLISH_STEMS.postings(text, Vocabulary()).length == stems
    counted = PackedPositions(uncounted_prefix=PAIR_MARK).word_values(text, english_analyzer(), mode="index")
    assert sum(length for _, length, _, _ in counted) == stems  # what Whoosh's writer adds to the length


# Words joined by hyphens (co-operation, Kai-shek), in runs, after digits, acronyms and other punctuation.
HYPHENATED_TEXT = st.lists(st.sampled_from(["co", "operation", "Kai", "shek", "anti", "war", "-", "-", "\u2010",
                                            "\u2011", "—", " ", " ", "U.S.", "US", "it's", "3", "’", "(", ".",
                                            "中", "é", "\n"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(HYPHENATED_TEXT)
@example("é-é.é")  # e, e.e (ee), then e-e joined (ee) at 0: a term's positions out of order until sorted
def test_bulk_english_joins_hyphenated_words_as_the_analyzer_does(text):
    assert bulk_postings(ENGLISH_STEMS, text) == analyzer_postings(english_analyzer(), text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=2), min_size=2, max_size=2))
def test_gram_keys_sort_as_whoosh_sorts_the_terms_utf8_bytes(pair):
    first, second = pair
    assert gram_key_text(gram_key(first)) == first
    assert (gram_key(first) < gram_key(second)) == (first.encode("utf-8") < second.encode("utf-8"))


def test_one_vocabulary_keeps_ids_across_documents():
    vocabulary = Vocabulary()
    first = ENGLISH_STEMS.postings("labor model", vocabulary)
    second = ENGLISH_STEMS.postings("model labor labor", vocabulary)
    assert vocabulary.terms() == ["labor", "model"]
    assert first.keys.tolist() == second.keys.tolist() == [0, 1]
    assert second.counts.tolist() == [2, 1] and second.positions.tolist() == [1, 2, 0]


@given(st.lists(st.lists(st.sampled_from("abcdefg"), max_size=12), max_size=4))
def test_vocabulary_numbers_terms_in_order_of_first_sight(documents):
    vocabulary, seen = Vocabulary(), {}
    for terms in documents:
        keys = vocabulary.keys_of(terms).tolist()
        for term in terms:
            seen.setdefault(term, len(seen))
        assert keys == [seen[term] for term in terms]
    assert vocabulary.terms() == list(seen)


@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1)))
def test_packed_positions_round_trip(positions):
    value = pack_positions(positions)
    assert unpack_positions(value) == positions
    packed = PackedPositions()
    assert packed.decode_frequency(value) == len(positions)
    assert packed.decode_weight(value) == float(len(positions))


def test_packed_positions_from_an_analyzer():
    values = {term: value for term, _, _, value in PackedPositions().word_values("劳动 劳动", chinese_exact_analyzer())}
    assert unpack_positions(values["劳"]) == [0, 2] and unpack_positions(values["动劳"]) == [1]


@settings(max_examples=100, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=50))
def test_english_stem_spans_equal_the_analyzers_tokens(text, start):
    from searchkit.analysis import english_stem_spans

    expected = [(token.text, token.startchar, token.endchar)
                for token in english_analyzer()(text, chars=True, positions=True, start_char=start)]
    assert english_stem_spans(text, start) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("AbU.S.6,0001 ’'s-é中１，。\n…½")), max_size=40))
def test_english_word_spans_equal_the_tokenizers_tokens(text):
    from searchkit.acronyms import AMBIGUOUS_ACRONYMS, acronym_term
    from searchkit.analysis import EnglishTokenizer, english_word_spans

    acronym_terms = {acronym_term(word) for word in AMBIGUOUS_ACRONYMS}
    expected = [(token.text.replace(".", "") if token.text in acronym_terms else token.text, token.startchar,
                 token.endchar) for token in EnglishTokenizer()(text, chars=True)]  # U.S.: the word us
    assert english_word_spans(text) == expected


ACRONYM_TEXT = st.lists(st.sampled_from(["US", "U.S.", "U.S", "u.s.", "us", "Us", "WHO", "who", "AIDS", "IT", "it's",
                                         "USSR", "LET", "UNITE", "the", "Ａ", "ﬁ", "(", "“", "-", ".", ",", "’",
                                         "中", "\n", " ", " ", "6"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(ACRONYM_TEXT)
def test_acronym_terms_are_the_same_for_indexing_highlighting_and_queries(text):
    from searchkit.analysis import english_stem_spans, english_stems_of

    expected = [(token.text, token.startchar, token.endchar) for token in english_analyzer()(text, chars=True)]
    assert english_stem_spans(text) == expected
    assert english_stems_of(text) == [term for term, _, _ in expected]
