import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.analysis import (
    COMMON_WORDS, PAIR_MARK, character_grams, chinese_exact_analyzer, chinese_word_analyzer, common_pairs,
    english_analyzer, english_stem_spans, english_stems_of, has_han, pair_term, phrase_lookup_terms,
)


def tokens(analyzer, text, **options):
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, **options)]


def test_english_keeps_words_whoosh_would_drop_as_stop_words():
    stems = [text for text, *_ in tokens(english_analyzer(), "The union may say it will go with us")]
    for word in ("us", "may", "will", "the", "it"):
        assert word in stems


def test_english_stems_folds_and_keeps_offsets():
    text = "Advanced PRODUCERS of Méi's U.S. 6,000 ＭＧＭ"
    result = tokens(english_analyzer(), text)
    assert [r[0] for r in result] == ["advanc", "produc", "of", "mei", "u.s.", "6000", "mgm"]
    assert [r[1] for r in result] == list(range(7))
    assert [text[s:e] for _, _, s, e in result] == ["Advanced", "PRODUCERS", "of", "Méi's", "U.S.", "6,000", "ＭＧＭ"]


@pytest.mark.parametrize("text, stems", [
    ("U.S. troops", ["u.s.", "troop"]),
    ("U.S troops", ["u.s.", "troop"]),  # the last dot left out, as queries often do
    ("the U.S.S.R", ["the", "ussr"]),
    ("U.S.-Japan", ["u.s.", "japan"]),
    ("N.B. the end", ["nb", "the", "end"]),
    ("Plan B.The end", ["plan", "b", "the", "end"]),  # a letter right after the dot: a missing space, two words
    ("Mr.Li", ["mr", "li"]),
])
def test_acronyms_are_one_word_with_or_without_their_last_dot(text, stems):
    assert [r[0] for r in tokens(english_analyzer(), text)] == stems
    assert english_stems_of(text) == stems


@pytest.mark.parametrize("text, stems", [
    ("The US said it would help us", ["the", "u.s.", "said", "it", "would", "help", "us"]),
    ("US troops, WHO officials and AIDS aid", ["u.s.", "troop", "w.h.o.", "offici", "and", "a.i.d.s.", "aid"]),
    ("Us and it", ["us", "and", "it"]),  # capitalised, not in capitals: the words
    ("IT", ["i.t."]),
    ("LET US UNITE AGAINST THE ENEMY", ["let", "us", "unit", "against", "the", "enemi"]),  # a shouted line
    ("LET U.S. TROOPS GO HOME", ["let", "u.s.", "troop", "go", "home"]),  # dots still count
    ("WE ARE\nThe US view", ["we", "are", "the", "u.s.", "view"]),  # only its own line counts
    ("the USSR and USA", ["the", "ussr", "and", "usa"]),
    ("The US's allies and the U.S.'s, U.N.'s", ["the", "u.s.", "alli", "and", "the", "u.s.", "un"]),  # possessives
    ("IT'S TIME, said the IT's chief", ["it", "time", "said", "the", "i.t.", "chief"]),  # IT'S: it is
    ("ＵＳ troops and Ｕ．Ｓ． ships", ["u.s.", "troop", "and", "u.s.", "ship"]),  # full-width letters
    ("U．S． and Ｕ.Ｓ.'s", ["u.s.", "and", "u.s."]),  # some of them full-width
    ("the 'US' said, 'WHO", ["the", "u.s.", "said", "w.h.o."]),  # in single quotes
    ("o'US", ["o'us"]),  # an apostrophe inside a word: no acronym
    ("中美US关系和美国US的", ["u.s.", "u.s."]),  # right after Chinese characters
])
def test_acronyms_spelled_like_common_words_are_terms_of_their_own(text, stems):
    assert [r[0] for r in tokens(english_analyzer(), text)] == stems
    assert english_stems_of(text) == stems
    assert [term for term, _, _ in english_stem_spans(text)] == stems


def test_acronym_terms_keep_their_offsets_in_text_that_folds():
    text = "Ｔhe US"  # a full-width letter before: folded offsets differ from the text's
    assert english_stem_spans(text, 10) == [("the", 10, 13), ("u.s.", 14, 16)]


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


@pytest.mark.parametrize("text, terms", [
    ("May 31st", ["may", "31"]), ("the 2nd, 3rd and 4th", ["the", "2", "3", "and", "4"]),
    ("21st Century", ["21", "centuri"]),
    ("first 1950s 3d", ["first", "1950s", "3d"]), ("4thly x31st", ["4thli", "x31st"]),
    ("the 1,000th day", ["the", "1000", "day"]), ("2,001st 1,000three", ["2001", "1000", "three"]),
])
def test_an_ordinal_number_is_indexed_as_its_number(text, terms):
    assert [token.text for token in english_analyzer()(text)] == terms
    assert english_stems_of(text) == terms
