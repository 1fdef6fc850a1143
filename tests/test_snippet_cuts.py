"""Where a snippet cuts a long sentence: off words, numbers and matches, at clause boundaries where it can."""

from searchkit.snippet_cuts import snap_to_words, window_of


def test_cuts_keep_off_words_with_apostrophes_and_white_space():
    text = "in Xi'an today"
    assert snap_to_words(text, 0, 6, (0, len(text))) == (0, 3)  # not "in Xi'"
    assert snap_to_words(text, 5, len(text), (0, len(text))) == (8, len(text))  # not "an today"
    long_text = "x " * 50 + "Xi'an is far from the MATCH, as everyone in the whole of the province knows well."
    anchor, inside = long_text.index("MATCH"), long_text.index("Xi'an") + 3  # a cut there would leave "an"
    begin, end = window_of(long_text, (0, len(long_text)), [(anchor, anchor + 5)], 3 * (anchor - inside))
    assert long_text[begin:].startswith("Xi'an is far") and long_text[end - 1] != " "


def test_an_english_cut_keeps_off_the_middle_of_a_number_with_separators():
    text = "have reached 59,278,000 yuan and 3.5 tons"
    limits = (0, len(text))
    for cut in range(text.index("59") + 1, text.index(" yuan")):  # 59|,278 and 59,|278 are inside the number
        assert snap_to_words(text, 0, cut, limits) == (0, text.index("59"))
        assert snap_to_words(text, cut, len(text), limits)[0] == text.index(" yuan")
    assert snap_to_words(text, 0, text.index(".5") + 1, limits) == (0, text.index("3.5"))
    assert snap_to_words("in 1953, then", 0, 8, (0, 13)) == (0, 8)  # a comma after a number is a clause end
    sentence = "In Handan alone, 118 subscriptions have reached 59,278,000 yuan, said the MATCH report of the bank."
    anchor = sentence.index("MATCH")
    for budget in range(20, 90):
        begin, end = window_of(sentence, (0, len(sentence)), [(anchor, anchor + 5)], budget)
        assert not sentence[begin:end].startswith(("278", "000", ",")), sentence[begin:end]
        assert not sentence[:end].endswith(("59", "59,", "278")), sentence[begin:end]


def test_a_long_chinese_sentence_is_cut_at_a_clause_boundary_or_off_a_number():
    clauses = "【新华社北京二十九日电】日本一代表团今日到京，受到各界欢迎，代表团团长发表谈话，表示愿意发展两国关系，"
    text = clauses * 4 + "双方就贸易问题进行了会谈。"
    anchor = text.index("贸易")
    for budget in range(40, 121, 3):  # wherever the budget puts the cut, it moves to a clause boundary
        begin, end = window_of(text, (0, len(text)), [(anchor, anchor + 2)], budget)
        assert begin == 0 or text[begin - 1] in "，】" or text[begin] == "【", text[begin:begin + 10]
        assert begin <= anchor and end >= anchor + 2
    numbers = "据统计共有一千二百三十四万五千六百七十八人参加了这次运动" * 3 + "，大会在北京举行。"
    anchor = numbers.index("大会")
    for budget in range(30, 60):
        begin, _ = window_of(numbers, (0, len(numbers)), [(anchor, anchor + 2)], budget)
        inside_number = numbers[begin - 1] in "一二三四五六七八九十百千万" and numbers[begin] in "一二三四五六七八九十百千万"
        assert not inside_number, numbers[begin - 2:begin + 6]


def test_a_cut_never_leaves_out_a_match_inside_a_long_number():
    """A comma between digits is no clause end, and a cut that would drop a match inside a number takes the number
    whole instead (found in review: 12,345,678,901,278 with the match 278 lost it)."""
    text = "这一年全省的储蓄存款总额已经达到了12,345,678,901,278元，比上年增长了百分之三十以上，成绩很大。"
    for match in ("278", "345", "901"):
        start = text.index(match)
        for budget in range(8, 60):
            begin, end = window_of(text, (0, len(text)), [(start, start + 3)], budget)
            assert begin <= start and end >= start + 3, (match, budget, text[begin:end])
            assert not text[begin - 1:begin + 1].replace(",", "").isdigit() or begin == 0, text[begin:end]
    english = "They saved 12,345,678 yuan, which the MATCH said was a record for the whole of the province."
    start = english.index("MATCH")
    assert snap_to_words(english, english.index("345"), len(english), (0, len(english)), (start, start + 5))[0] \
        == english.index(" yuan")  # no match in the number: the cut moves past it
    inside = english.index("678")
    assert snap_to_words(english, english.index("345"), len(english), (0, len(english)), (inside, inside + 3)) \
        == (english.index("12,"), len(english))  # the match is in it: the number is taken whole


def test_a_long_sentence_is_cut_around_the_part_with_the_most_different_matches_however_far_on():
    from searchkit.snippet_cuts import window_of

    text = "people " * 100 + "the will of all"
    spans = [(7 * number, 7 * number + 6) for number in range(100)] + [(text.index("will"), text.index("will") + 4)]
    begin, end = window_of(text, (0, len(text)), spans, 60)
    assert begin < text.index("will") < end  # past the 64 first matches of people


def test_a_sentence_without_matches_is_cut_around_its_hint():
    from searchkit.snippet_cuts import window_of

    text = "，".join(f"第{number}条" for number in range(40))
    begin, end = window_of(text, (0, len(text)), [], 30, hint=text.index("第30条"))
    assert begin <= text.index("第30条") < end and begin > 0
