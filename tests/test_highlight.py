import re

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.analysis import english_stems_of
from searchkit.compiler import MatchTargets, compile_query
from searchkit.highlight import (
    chinese_match_spans, chinese_snippet, english_match_spans, english_snippet, make_snippet, sentence_ranges,
)
from searchkit.query import parse_query


def marked(snippet):
    text, out, last = snippet.text, [], 0
    for start, end in snippet.spans:
        out += [text[last:start], "[", text[start:end], "]"]
        last = end
    return "".join(out + [text[last:]])


def targets(query):
    return compile_query(parse_query(query)).targets


def test_sentences_end_at_chinese_and_english_marks_and_line_breaks():
    text = "第一句。第二句！“第三句？”第四句；Fifth one. Sixth!\nSeventh"
    pieces = [text[a:b] for a, b in sentence_ranges(text)]
    assert pieces == ["第一句。", "第二句！", "“第三句？”", "第四句；", "Fifth one.", "Sixth!", "Seventh"]


def test_a_chinese_phrase_is_one_span_even_across_spaces_and_traditional_forms():
    text = "他們是勞動  模範。"
    spans = chinese_match_spans(text, {"劳动模范"})
    assert [text[a:b] for a, b in spans] == ["勞動  模範"]


def test_an_english_phrase_is_one_span():
    text = "The advanced producers met advanced farmers."
    spans = english_match_spans(text, MatchTargets(english_phrases={("advanc", "produc")}))
    assert [text[a:b] for a, b in spans] == ["advanced producers"]


def test_an_english_phrase_runs_across_a_line_break_but_not_across_a_line_between():
    phrase = MatchTargets(english_phrases={("advanc", "produc")})
    across = "The most advanced\nproducers met."
    assert [across[a:b] for a, b in english_match_spans(across, phrase)] == ["advanced\nproducers"]
    skipped = "The most advanced\nfarmers and workers\nproducers met."  # the middle line holds no target
    assert english_match_spans(skipped, phrase) == []
    for between in ("", "先进生产者", "——"):  # no English word between: the index sees the words side by side
        text = f"The most advanced\n{between}\nproducers met."
        assert [text[a:b] for a, b in english_match_spans(text, phrase)] == [f"advanced\n{between}\nproducers"]


def test_snippet_picks_the_sentences_with_matches_and_marks_them():
    text = "无关的开头。" * 5 + "劳动模范代表大会开幕。" + "无关的中间。" * 5 + "五百名劳动模范出席。"
    snippet = chinese_snippet(text, targets("劳动模范"))
    assert marked(snippet) == "[劳动模范]代表大会开幕。 … 五百名[劳动模范]出席。"


def test_matches_beyond_32k_characters_are_highlighted():
    text = "Nothing here. " * 4000 + "The drill bit broke. " + "More filler. " * 100
    assert len(text) > 50_000
    snippet = english_snippet(text, targets('"drill bit"'))
    assert marked(snippet) == "The [drill bit] broke."
    chinese = "没有内容。" * 10_000 + "钻头坏了。"
    assert marked(chinese_snippet(chinese, targets("钻头"))) == "[钻头]坏了。"


def test_long_sentences_are_cut_around_the_match_on_word_boundaries():
    text = "word " * 200 + "target " + "word " * 200 + "."
    snippet = make_snippet(text, english_match_spans(text, MatchTargets(english_terms={"target"})), max_chars=120)
    assert "[target]" in marked(snippet)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert all(piece in ("word", "[target]") for piece in marked(snippet).strip("…").split())


def test_no_match_gives_the_lead_sentence_without_spans():
    snippet = english_snippet("First sentence. Second sentence.", targets("劳动"))
    assert snippet.text == "First sentence." and snippet.spans == ()


def test_negated_terms_are_not_highlighted():
    found = targets("劳动 -模范")
    assert found.chinese_strings == {"劳动"}


def test_spans_point_into_the_snippet_text():
    text = "　　北京市召開工業勞動模範代表大會。\n　　勞動模範們發言。"
    snippet = chinese_snippet(text, MatchTargets(chinese_strings={"劳动模范"}))
    assert [snippet.text[a:b] for a, b in snippet.spans] == ["勞動模範", "勞動模範"]


def test_prefix_and_fuzzy_terms_are_highlighted():
    text = "Producers produce products; the prodigal son."
    spans = english_match_spans(text, targets("produc*"))
    assert [text[a:b] for a, b in spans] == ["Producers", "produce", "products"]
    spans = english_match_spans(text, targets("prodigl~"))
    assert [text[a:b] for a, b in spans] == ["prodigal"]


def test_acronyms_and_grouped_numbers_are_highlighted():
    text = "Talks with the U.S. side.\nThey built 6,000 houses.\nNothing here."
    spans = english_match_spans(text, MatchTargets(english_terms={"u.s.", "6000"}))
    assert [text[a:b] for a, b in spans] == ["U.S.", "6,000"]
    assert english_match_spans("Let us go.", MatchTargets(english_terms={"u.s."})) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab U.S.Mr N。！？；!?;.\n\t\u3000\"'”’」』）)") + ["Mrs", "Dr", "Ms", "St", "No", "U.N."]),
                max_size=40).map("".join))
def test_sentence_ends_are_those_of_the_plain_rules(text):
    """The pattern is written to begin with one character class (fast); it finds what the rules, written plainly
    with look-behinds before the full stop, find."""
    import re

    from searchkit.highlight import _SENTENCE_END

    plain = re.compile(r"[。！？；!?;]+[”’\"'」』）)]*|(?<!\b[A-Z])(?<!\bMr|\bMs|\bDr|\bSt|\bNo)(?<!\bMrs)(?<!\bU\.S)"
                       r"(?<!\bU\.N)\.(?=\s)|\.[”’\"']+|\n")
    assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _collapsed(text):
    import re

    return re.sub(r"\s+", " ", text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab中。 \n\t\u3000\xa0")), max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=6), st.integers(0, 30), st.integers(0, 30))
def test_compacting_moves_every_offset_to_the_length_of_the_compacted_text_before_it(text, spans, first, last):
    from searchkit.highlight import _compact

    start, end = sorted((min(first, len(text)), min(last, len(text))))
    spans = [tuple(sorted((min(a, len(text)), min(b, len(text))))) for a, b in spans]
    compacted, rebased = _compact(text, (start, end), spans)
    assert compacted == _collapsed(text[start:end])
    assert rebased == [(len(_collapsed(text[start:a])), len(_collapsed(text[start:b]))) for a, b in spans
                       if a >= start and b <= end]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("甲乙丙丁")), min_size=1, max_size=8), min_size=1, max_size=8),
       st.sets(st.sampled_from(["甲", "乙", "丙丁"])))
def test_a_snippet_is_the_sentence_with_most_distinct_matches_then_the_one_adding_most(sentences, strings):
    text = "。".join(sentences) + "。"
    spans = chinese_match_spans(text, strings)
    whole = sentence_ranges(text)

    def inside(number):
        start, end = whole[number]
        return [text[a:b] for a, b in spans if start <= a and b <= end]

    ranked = [number for number in sorted(range(len(whole)), key=lambda n: (-len(set(inside(n))), -len(inside(n)), n))
              if inside(number)]
    expected = sorted(ranked[:1] + _adding_most(ranked, {n: set(inside(n)) for n in ranked})) or [0]
    snippet = make_snippet(text, spans, max_chars=400)
    assert list(snippet.sources) == [whole[number] for number in expected]


def test_a_line_whose_only_match_is_dying_lying_or_tying_is_searched():
    """lying stems to lie: the line must be stemmed although it holds no "lie"."""
    from searchkit.compiler import MatchTargets
    from searchkit.highlight import english_match_spans

    text = "Nothing here.\nHe was lying on a bed.\nNor here."
    (span,) = english_match_spans(text, MatchTargets(english_terms={"lie"}))
    assert text[slice(*span)] == "lying"
    text = "Nothing here.\nAt ten o’clock.\n"
    (span,) = english_match_spans(text, MatchTargets(english_terms={"o'clock"}))
    assert text[slice(*span)] == "o’clock"


def test_every_word_starts_with_one_of_its_stems_line_probes():
    """What the line test relies on, for stems and for prefixes of any length of them: the words of the seeds and of
    the WMT sentence pairs, every short word of letters and apostrophes, and four-letter words of the letters
    suffixes are made of."""
    import gzip
    from itertools import product
    from pathlib import Path

    from searchkit.analysis import _ENGLISH_TOKEN, _english_term, clean_english_token
    from searchkit.highlight import line_probes
    from searchkit.normalize import fold_string

    root = Path(__file__).resolve().parent.parent
    texts = [path.read_text(encoding="utf-8") for path in (root / "seeds").rglob("*.txt")]
    with gzip.open(root / "benchmarks" / "data" / "wmt_pairs.tsv.gz", "rt", encoding="utf-8") as pairs:
        texts.append(pairs.read())
    words = {match.group() for text in texts for match in _ENGLISH_TOKEN.finditer(fold_string(text))}
    alphabet = "abcdefghijklmnopqrstuvwxyz'"
    words |= {"".join(letters) for length in (1, 2, 3) for letters in product(alphabet, repeat=length)}
    words |= {"".join(letters) for letters in product("aeiouydsgnlt'", repeat=4)}
    words |= {"dying", "lying", "tying", "using", "aging", "icing", "eying", "skies", "crying", "flies"}
    for word in filter(_ENGLISH_TOKEN.fullmatch, words):
        cleaned, stem = clean_english_token(word), _english_term(word)
        as_in_lines = cleaned.replace(".", "").replace(",", "")
        for wanted in {stem[:length] for length in range(1, len(stem) + 1)}:  # the stem, or a prefix of it
            assert any(as_in_lines.startswith(probe) for probe in line_probes(wanted)), (word, wanted)


def _adding_most(ranked, found):
    """The second sentence: of those after the first in ranked order, the first with the most matches the first
    sentence lacks (none when there is no other)."""
    rest = ranked[1:]
    return [max(rest, key=lambda number: len(found[number] - found[ranked[0]]))] if rest else []


def _reference_sources(text, spans):
    """make_snippet's choice written plainly over every trimmed sentence: a span belongs to the last sentence
    starting at or before it; if it ends beyond that sentence, the fragment runs to the end of the last sentence
    starting before the span's end; overlapping fragments are joined."""
    from bisect import bisect_right

    sentences = sentence_ranges(text)
    starts = [start for start, _ in sentences]
    matched, reaches = {}, {}
    for start, end in spans:
        number = bisect_right(starts, start) - 1
        if number >= 0:
            matched.setdefault(number, []).append(text[start:end].lower())
            if end > sentences[number][1]:
                last = sentences[bisect_right(starts, end - 1) - 1]
                reaches[number] = max(reaches.get(number, 0), last[1])
    things = {n: {" ".join(english_stems_of(text)) or text for text in matched[n] if text} for n in matched}
    ranked = sorted(matched, key=lambda n: (-len(things[n]), -len(matched[n]), n))
    chosen = []
    best = ranked[:1] + _adding_most(ranked, things)
    fragments = [(sentences[n][0], max(sentences[n][1], reaches.get(n, 0))) for n in best]
    for start, end in sorted(fragments):
        if chosen and start < chosen[-1][1]:
            chosen[-1] = (chosen[-1][0], max(chosen[-1][1], end))
        else:
            chosen.append((start, end))
    return chosen or sentences[:1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab中。. \n\t\u3000")), max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=5))
def test_a_snippet_chooses_the_sentences_the_plain_rule_chooses_for_any_spans(text, spans):
    """Spans may start or end in white space or blank lines: sentences are trimmed lazily, the choice is the same."""
    spans = [tuple(sorted((min(a, len(text)), min(b, len(text))))) for a, b in spans]
    assert list(make_snippet(text, spans, max_chars=10_000).sources) == _reference_sources(text, spans)


def test_spans_in_blank_sentences_or_white_space():
    assert make_snippet("Hi.\n\nfoo", [(3, 4)]).text == "Hi."
    assert make_snippet("a. \n", [(2, 3)]).text == "a."
    assert make_snippet("   ", [(0, 1)]).text == ""
    assert make_snippet("Hi.  foo", [(3, 3)]).text == "Hi."


def test_a_quotation_across_sentences_is_shown_and_marked_whole():
    text = "北京市工业劳动模范代表大会，于六日在中山公园中山堂揭幕。出席劳动模范代表五百二十一人。大会的目的是总结经验。"
    snippet = make_snippet(text, chinese_match_spans(text, {"揭幕。出席"}), max_chars=120)
    assert [snippet.text[a:b] for a, b in snippet.spans] == ["揭幕。出席"]
    english = "It opened in Zhongshan Park. Five hundred attended.\nThe aim was to sum up."
    start = english.index("Park")
    snippet = make_snippet(english, [(start, start + len("Park. Five hundred"))])
    assert snippet.text == "It opened in Zhongshan Park. Five hundred attended."
    assert [snippet.text[a:b] for a, b in snippet.spans] == ["Park. Five hundred"]


def test_a_match_longer_than_the_snippet_is_kept_whole():
    text = "甲" * 50 + "。" + "乙" * 300 + "。" + "丙" * 50 + "。"
    snippet = make_snippet(text, [(40, 200)], max_chars=120)
    assert [snippet.text[a:b] for a, b in snippet.spans] == [text[40:200]]


def test_a_hyphenated_word_is_found_on_its_line_by_the_joined_query_word():
    text = "Trade rose.\nEconomic co-operation grew, in 1950-1955.\nNothing else."
    spans = english_match_spans(text, targets("cooperation"))
    assert [text[a:b] for a, b in spans] == ["co-operation"]
    spans = english_match_spans(text, targets('"economic cooperation"'))
    assert [text[a:b] for a, b in spans] == ["Economic co-operation"]


def test_the_sentence_with_the_whole_string_outranks_those_with_one_of_its_words():
    """An unquoted 人民服务 also matches 人民 and 服务; the sentence holding the whole string must be shown."""
    from searchkit.highlight import chinese_match_spans, make_snippet

    text = "人民日报出版了。广大人民欢迎。人民的报纸。我们的口号是：全心全意为人民服务！"
    strings = {"人民服务", "人民", "服务"}
    snippet = make_snippet(text, chinese_match_spans(text, strings), max_fragments=1, max_chars=60, strings=strings)
    assert [snippet.text[a:b] for a, b in snippet.spans] == ["人民服务"]


def test_a_cut_in_a_long_sentence_never_halves_a_match():
    from searchkit.highlight import chinese_match_spans, make_snippet

    text = "人民" + "乙" * 37 + "人民" + "丙" * 60 + "。"
    snippet = make_snippet(text, chinese_match_spans(text, {"人民"}), max_fragments=1, max_chars=40)
    assert [snippet.text[a:b] for a, b in snippet.spans] == ["人民", "人民"]


def test_a_long_sentence_holding_every_word_shows_each_of_them():
    filler = "，".join(f"各人民团体第{number}号" for number in range(30))  # 人民 over and over, 林伯渠 far on
    text = f"{filler}，互选林伯渠为秘书长。另一句也有人民。"
    spans = [(m.start(), m.end()) for m in re.finditer("人民|林伯渠", text)]
    snippet = make_snippet(text, spans, max_chars=120, strings={"人民", "林伯渠"})
    shown = {snippet.text[a:b] for a, b in snippet.spans}
    assert shown == {"人民", "林伯渠"}  # not a second sentence with 人民 only, and a window without the name
