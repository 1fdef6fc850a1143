"""Aligned passages: the part of a long bead that a snippet showed; the title stands in for a body's copy of its title
that no bead pairs."""

from __future__ import annotations

from searchkit import Index
from searchkit.aligned import aligned_passage, title_passage
from searchkit.compiler import MatchTargets
from searchkit.highlight import Snippet
from tests.conftest import built_index, marked

BODY_ZH = "瑞典客人到京\n新华社三十一日讯　瑞典作曲家今天到达北京。"
TITLES = ("瑞典客人到京", "Swedish Guests Arrive in Beijing")


def test_a_snippet_of_the_body_s_title_line_gets_the_other_title():
    snippet = Snippet("瑞典客人到京", sources=((0, 6),))
    found = title_passage(snippet, BODY_ZH, TITLES, [(25, 32)], MatchTargets(), "en")
    assert found.text == "Swedish Guests Arrive in Beijing" and marked(found) == ["Beijing"]


def test_a_heading_that_also_holds_the_author_still_counts_as_the_title():
    snippet = Snippet("为什么替吴晗打掩护？", sources=((0, 10),))
    found = title_passage(snippet, "为什么替吴晗打掩护？\n正文。", ("为什么替吴晗打掩护？史绍宾", "Why Cover Up?"), [],
                          MatchTargets(), "en")
    assert found.text == "Why Cover Up?"


def test_any_other_snippet_gets_no_title():
    body_line = Snippet("瑞典作曲家今天到达北京。", sources=((16, 28),))
    assert title_passage(body_line, BODY_ZH, TITLES, [], MatchTargets(), "en").text == ""
    assert title_passage(Snippet(""), BODY_ZH, TITLES, [], MatchTargets(), "en").text == ""
    assert title_passage(Snippet("瑞典", sources=((0, 2),)), "瑞典\n正文。", ("瑞典客人到京", "Swedish Guests"), [],
                         MatchTargets(), "en").text == ""  # a line that is a short part of the title only


def test_a_search_shows_the_english_title_beside_the_chinese_title_line(tmp_path):
    with Index.open(built_index(tmp_path, {"guests": {
            "title_en": TITLES[1], "title_zh": TITLES[0], "body_zh": BODY_ZH,
            "body_en": "Xinhua News Agency, May 31st - A Swedish composer arrived in Beijing today."}})) as index:
        hit = index.search("客人").hits[0]
    assert hit.snippet_zh.text == "瑞典客人到京"
    assert hit.aligned_en.text == TITLES[1]


def test_the_passage_aligned_with_a_part_of_a_long_sentence_is_cut_where_that_part_lies():
    english = ", ".join(f"clause {number} of the motion" for number in range(40)) + "."
    chinese = "，".join(f"第{number}条" for number in range(40)) + "。"
    beads = [("1-1", 0, len(english), 0, len(chinese))]
    start = chinese.index("第30条")  # a snippet cut from three quarters into the Chinese sentence
    snippet = Snippet(chinese[start:start + 20], sources=((start, start + 20),))
    found = aligned_passage(beads, snippet, "zh", english, [], MatchTargets())
    assert found.text.startswith("…") and "clause 30" in found.text  # not the sentence's first 320 characters


def _aligned(english: str, chinese: str, targets: MatchTargets, source_side: str = "en") -> Snippet:
    beads = [("1-1", 0, len(english), 0, len(chinese))]
    source, other = (english, chinese) if source_side == "en" else (chinese, english)
    return aligned_passage(beads, Snippet(source, sources=((0, len(source)),)), source_side, other, [], targets)


def test_a_number_is_marked_as_the_other_language_writes_it():
    years = _aligned("In 1950 the will of the people was clear.", "一九五〇年，人民的意志是明确的。",
                     MatchTargets(english_words={"1950"}))
    assert marked(years) == ["一九五〇"]
    times = _aligned("Production rose 29 times, to 1,290 tons.", "生产提高了二十九倍。",
                     MatchTargets(chinese_strings={"二十九倍", "29倍"}), source_side="zh")
    assert marked(times) == ["29"]  # not the 29 of 1,290


def test_the_party_is_marked_though_it_is_one_character():
    assert marked(_aligned("The Party's style of work.", "党的作风。", MatchTargets(english_words={"party"}))) == ["党"]


def test_a_phrase_without_a_translation_in_the_passage_has_its_words_marked():
    targets = MatchTargets(english_words={"will of the people"})
    assert "意志" in marked(_aligned("The will of the people is clear.", "人民的意志是明确的。", targets))
    drill = _aligned("He improved the drill bit.", "他改进了钻头，一点也不难。", MatchTargets(english_words={"drill bit"}))
    assert marked(drill) == ["钻头"]  # not 一点 for bit


def test_a_chinese_number_is_never_marked_inside_a_longer_one():
    passage = _aligned("In 1929, 129 and 29 times.", "一九二九年，一百二十九，二十九倍。", MatchTargets(english_words={"29"}))
    assert marked(passage) == ["二十九"]  # not 二九 of 一九二九, nor 二十九 of 一百二十九
    assert marked(_aligned("May 5.", "五月五日。", MatchTargets(english_words={"5"}))) == []  # one character: too much


def test_each_phrase_falls_back_to_its_own_words():
    both = _aligned("The drill bit and the will of the people.", "钻头和人民的意志。",
                    MatchTargets(english_words={"drill bit", "will of the people"}))
    assert marked(both) == ["钻头", "意志"]
