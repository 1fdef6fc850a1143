import pytest

from searchkit.normalize import exact_key, fold, fold_chinese, fold_string


def test_traditional_folds_to_simplified():
    assert fold_string("勞動模範 經濟發展") == "劳动模范 经济发展"


def test_full_width_digits_and_latin_fold_to_half_width_lowercase():
    assert fold_string("１９８９年ＭＧＭ") == "1989年mgm"


def test_accents_are_removed():
    assert fold_string("Méi Zhì Lǐ Chūnhuá") == "mei zhi li chunhua"


def test_offsets_are_identity_when_lengths_match():
    folded = fold("北約的長矛")
    assert folded.text == "北约的长矛"
    assert folded.offsets is None
    assert folded.original_start(3) == 3 and folded.original_end(5) == 5


def test_offsets_map_expanded_characters_back_to_their_source():
    text = "面积５㎡的房"  # ㎡ folds to two characters: m2
    folded = fold(text)
    assert folded.text == "面积5m2的房"
    start = folded.text.index("的")
    assert text[folded.original_start(start)] == "的"
    assert text[folded.original_start(3):folded.original_end(5)] == "㎡"


def test_exact_key_removes_all_white_space():
    assert exact_key("互相学习  共同\n提高\u3000！") == "互相学习共同提高!"


@pytest.mark.parametrize("chinese, digits", [
    ("一九五三年", "1953年"),
    ("二十九倍", "29倍"),
    ("五百二十一名", "521名"),
    ("二〇〇三年", "2003年"),
    ("三千五百万元", "3500万元"),
    ("一亿二千万", "1亿2000万"),
    ("五月一日", "5月1日"),
    ("１９８９年", "1989年"),
])
def test_numerals_become_digits(chinese, digits):
    assert fold_chinese(chinese).text == digits


@pytest.mark.parametrize("text", ["统一", "万一", "一些", "十分重要", "千千万万", "一个人"])
def test_words_that_merely_contain_numeral_characters_stay(text):
    assert fold_chinese(text).text == text


def test_numeral_offsets_cover_the_original_run():
    text = "共二十九倍"
    folded = fold_chinese(text)
    assert folded.text == "共29倍"
    assert text[folded.original_start(1):folded.original_end(3)] == "二十九"
    assert text[folded.original_start(3):folded.original_end(4)] == "倍"


def test_chinese_numbers_agree_with_cn2an_below_10000():
    import cn2an

    from searchkit.normalize import chinese_number_below_10000

    for number in range(10_000):
        written = cn2an.an2cn(number)
        assert chinese_number_below_10000(written) == number, written
        if written.startswith("一十"):
            assert chinese_number_below_10000(written[1:]) == number  # 十五 as well as 一十五


@pytest.mark.parametrize("text", ["十十", "千千", "百"])
def test_malformed_numerals_are_not_numbers(text):
    from searchkit.normalize import chinese_number_below_10000

    assert chinese_number_below_10000(text) is None
