"""How Chinese query strings are cut into the words every match must contain."""

from __future__ import annotations

import pytest

from searchkit.query_words import merge_single_characters


@pytest.mark.parametrize("words, merged", [
    (["吴晗", "海", "瑞"], ["吴晗", "海瑞"]),  # a run of characters is one word, not glued to the word before it
    (["海", "瑞", "吴晗"], ["海瑞", "吴晗"]),
    (["海", "瑞", "罢", "官"], ["海瑞罢官"]),
    (["三千", "五百", "万"], ["三千五百万"]),  # a number is one word
    (["一", "千", "五百"], ["一千五百"]),
    (["统", "一"], ["统一"]),
    (["统", "一", "战线"], ["统一", "战线"]),
    (["人民", "的"], ["人民的"]),  # a lone character joins its neighbour
    (["北京", "的", "人民"], ["北京的", "人民"]),
    (["的", "人民"], ["的人民"]),
    (["十四", "时"], ["十四时"]),
    (["1953", "年"], ["1953年"]),
    (["5", "月份"], ["5月份"]),
    (["第", "5"], ["第5"]),
    (["Beijing", "劳动模范"], ["Beijing", "劳动模范"]),
    (["Beijing", "的"], ["Beijing", "的"]),
    (["的"], ["的"]),
    ([], []),
])
def test_words_cut_too_fine_are_joined(words, merged):
    assert merge_single_characters(words) == merged


def test_the_characters_are_kept_in_order():
    words = ["北京", "模", "范", "三", "千", "工人", "的", "大会", "a", "上"]
    assert "".join(merge_single_characters(words)) == "".join(words)
