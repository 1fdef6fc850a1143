from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.analysis import (
    COMMON_WORDS, PAIR_MARK, character_grams, chinese_exact_analyzer, chinese_word_analyzer, common_pairs,
    english_analyzer, has_han, pair_term, phrase_lookup_terms,
)


def tokens(analyzer, text, **options):
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, **options)]


def test_english_keeps_words_whoosh_would_drop_as_stop_words():
    stems = [text for text, *_ in tokens(english_analyzer(), "The US may say it will go with us")]
    for word in ("us", "may", "will", "the", "it"):
        assert word in stems


def test_english_stems_folds_and_keeps_offsets():
    text = "Advanced PRODUCERS of Méi's U.S. 6,000 ＭＧＭ"
    result = tokens(english_analyzer(), text)
    assert [r[0] for r in result] == ["advanc", "produc", "of", "mei", "us", "6000", "mgm"]
    assert [r[1] for r in result] == list(range(7))
    assert [text[s:e] for _, _, s, e in result] == ["Advanced", "PRODUCERS", "of", "Méi's", "U.S.", "6,000", "ＭＧＭ"]


def test_english_tokenizer_skips_chinese_characters():
    assert [r[0] for r in tokens(english_analyzer(), "Beijing 北京 talks")] == ["beij", "talk"]


def test_chinese_words_have_sequential_positions_not_character_offsets():
    text = "全国先进生产者代表会议在北京召开"
    result = tokens(chinese_word_analyzer(), text)
    assert [r[1] for r in result] == list(range(len(result)))
    assert "".join(r[0] for r in result) == text  # precise mode: no overlapping search-mode words
    assert [text[s:e] for _, _, s, e in result] == [r[0] for r in result]


def test_chinese_words_fold_traditional_and_keep_original_offsets():
    text = "　　北約的“長矛”短程導彈"
    result = tokens(chinese_word_analyzer(), text)
    assert [r[0] for r in result] == ["北约", "的", "长矛", "短程", "导弹"]
    assert [text[s:e] for _, _, s, e in result] == ["北約", "的", "長矛", "短程", "導彈"]


def test_exact_analyzer_indexes_unigrams_and_bigrams_across_line_breaks():
    text = "导弹 ５\n李"
    result = tokens(chinese_exact_analyzer(), text)
    assert [(r[0], r[1]) for r in result] == [
        ("导", 0), ("导弹", 0), ("弹", 1), ("弹5", 1), ("5", 2), ("5李", 2), ("李", 3)]
    assert text[result[3][2]:result[3][3]] == "弹 ５"


def test_exact_analyzer_query_mode_yields_only_lookup_grams():
    result = tokens(chinese_exact_analyzer(), "劳动模范", mode="query")
    assert [(r[0], r[1]) for r in result] == [("劳动", 0), ("动模", 1), ("模范", 2)]
    assert character_grams("劳") == ["劳"]


def test_tokenize_false_yields_the_whole_value():
    for analyzer in (english_analyzer(), chinese_word_analyzer(), chinese_exact_analyzer()):
        assert [t.text for t in analyzer("整个 value", tokenize=False)] in (["整个 value"], ["整个 valu"])


def test_has_han():
    assert has_han("abc中") and not has_han("abc 123 ＭＧＭ")


def test_indexing_adds_pair_terms_of_adjacent_stems_with_a_common_word():
    text = "The Party of China met"
    found = tokens(english_analyzer(), text, mode="index")
    pairs = [(t, pos, text[s:e]) for t, pos, s, e in found if t.startswith(PAIR_MARK)]
    assert pairs == [(pair_term("the", "parti"), 0, "The Party"), (pair_term("parti", "of"), 1, "Party of"),
                     (pair_term("of", "china"), 2, "of China")]  # "china met": neither word is common
    assert [t for t, *_ in found if not t.startswith(PAIR_MARK)] == ["the", "parti", "of", "china", "met"]


def test_queries_and_highlighting_see_stems_only():
    for mode in ("", "query"):
        assert [t for t, *_ in tokens(english_analyzer(), "the party of china", mode=mode)] == [
            "the", "parti", "of", "china"]


def test_phrase_lookup_terms_pair_each_stem_with_the_next_when_either_is_common():
    assert phrase_lookup_terms(["the", "parti"]) == [pair_term("the", "parti")]
    assert phrase_lookup_terms(["econom", "growth", "of", "china"]) == [
        "econom", pair_term("growth", "of"), pair_term("of", "china")]
    assert phrase_lookup_terms(["great", "hall"]) == ["great", "hall"]
    assert phrase_lookup_terms(["hall"]) == ["hall"]


STEMS = st.lists(st.sampled_from(["the", "of", "a", "parti", "china", "hall", "great"]), max_size=30)


def _positions(stems: list[str]) -> dict[str, set[int]]:
    """term → positions of an indexed stem sequence: the stems and their common pairs."""
    found: dict[str, set[int]] = {}
    pairs, pair_positions = common_pairs(stems)
    for term, position in [*zip(stems, range(len(stems))), *zip(pairs, pair_positions)]:
        found.setdefault(term, set()).add(position)
    return found


@settings(max_examples=300, deadline=None)
@given(STEMS, STEMS.filter(bool).map(lambda stems: stems[:4]))
def test_phrase_of_lookup_terms_matches_exactly_where_the_stems_follow_each_other(text, phrase):
    """Matching the lookup terms at consecutive positions finds the phrase exactly where it occurs."""
    indexed, terms = _positions(text), phrase_lookup_terms(phrase)
    matched = {start for start in range(len(text))
               if all(start + offset in indexed.get(term, ()) for offset, term in enumerate(terms))}
    expected = {start for start in range(len(text)) if text[start:start + len(phrase)] == phrase}
    assert matched == expected


def test_common_words_are_lowercase_single_words():
    assert all(word == word.lower() and word.isalpha() for word in COMMON_WORDS)
    assert len(set(COMMON_WORDS)) == len(COMMON_WORDS)


_WORDS_STEMMING_CHANGES_MOST = ["dying", "lying", "tying", "skies", "skis", "idly", "gently", "early", "only",
                                "cries", "ties", "ies", "sses", "aed", "eing", "bed", "eed", "agreed", "generously",
                                "communism", "arsenal", "o'clock", "1990s", "us", "is", "ays", "by", "cry", "yes",
                                "U.S.", "a.e.d.", "6,000", "Méi's", "d’Estaing"]


def _assert_the_stem_keeps_its_initials(raw: str) -> None:
    from searchkit.analysis import _english_term, clean_english_token

    cleaned, stem = clean_english_token(raw), _english_term(raw)
    assert cleaned and stem, raw
    assert cleaned.startswith(stem[:2]) or stem[:2] == cleaned[:1] + "i", (raw, stem)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.sampled_from(_WORDS_STEMMING_CHANGES_MOST),
                 st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉüøß0123456789'’.,- ", max_size=16)))
def test_a_stem_keeps_the_first_two_letters_of_its_word(text):
    """What english_stem_spans' initials rely on: a word whose first letters match no wanted stem's is not
    stemmed, so a stem must start with its word's first two letters, or its first and i (dying → die), or be
    its first letter. Checked on the tokens the English analyzer finds in the folded text."""
    from searchkit.analysis import _ENGLISH_TOKEN
    from searchkit.normalize import fold_string

    for match in _ENGLISH_TOKEN.finditer(fold_string(text)):
        _assert_the_stem_keeps_its_initials(match.group())


def test_every_short_word_keeps_its_initials():
    """Short words are where a suffix rule could eat a second letter: every word of up to three letters (and
    apostrophes), and every four-letter one made of the letters English suffixes are made of."""
    from itertools import product

    from searchkit.analysis import _ENGLISH_TOKEN

    alphabet = "abcdefghijklmnopqrstuvwxyz'"
    words = ["".join(letters) for length in (1, 2, 3) for letters in product(alphabet, repeat=length)]
    words += ["".join(letters) for letters in product("aeiouydsgnlt'", repeat=4)]
    for word in words:
        if _ENGLISH_TOKEN.fullmatch(word):
            _assert_the_stem_keeps_its_initials(word)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Dying", "die", "the", "U.S.", "Méi's", "skies", "sky", "economic", "econ", "aed",
                                 "eing", "6,000", "北京", "co-operation", "\n", ",", "'s"]), max_size=25),
       st.sets(st.sampled_from(["die", "sky", "us", "econom", "e", "a", "the", "6000", "mei", "co"]), max_size=3),
       st.booleans())
def test_initials_leave_out_only_words_that_cannot_stem_to_a_wanted_stem(words, wanted, as_prefixes):
    """Wanted as whole stems or as prefixes: every word whose stem is wanted (or starts with a wanted prefix) is
    stemmed; the others keep their place, as UNSTEMMED."""
    from searchkit.analysis import UNSTEMMED, english_stem_spans
    from searchkit.compiler import MatchTargets
    from searchkit.highlight import _initials

    text = " ".join(words)
    targets = MatchTargets(english_prefixes=set(wanted)) if as_prefixes else MatchTargets(english_terms=set(wanted))
    every = english_stem_spans(text, 3)
    some = english_stem_spans(text, 3, _initials(targets))
    assert [(start, end) for _, start, end in some] == [(start, end) for _, start, end in every]
    for (stem, _, _), (kept, _, _) in zip(every, some):
        is_wanted = any(stem.startswith(w) for w in wanted) if as_prefixes else stem in wanted
        assert kept == stem or (kept == UNSTEMMED and not is_wanted)
