import pytest

from searchkit.numerals import chinese_number_below_10000, numeral_as_digits, numeral_variants, positional_chinese


@pytest.mark.parametrize("chinese, digits", [
    ("一九五三年", "1953年"), ("二十九倍", "29倍"), ("五百二十一名", "521名"), ("二〇〇三年", "2003年"),
    ("三千五百万元", "3500万元"), ("一亿二千万", "1亿2000万"), ("五月一日", "5月1日"),
])
def test_chinese_numerals_have_a_digit_spelling(chinese, digits):
    assert digits in numeral_variants(chinese)


@pytest.mark.parametrize("digits, chinese", [
    ("1953年", "一九五三年"), ("29倍", "二十九倍"), ("521名", "五百二十一名"), ("2003年", "二〇〇三年"),
    ("3500万", "三千五百万"), ("1905", "一九零五"), ("10", "十"),
])
def test_digits_have_chinese_spellings(digits, chinese):
    assert chinese in numeral_variants(digits)


@pytest.mark.parametrize("text", ["统一", "万一", "一些", "十分重要", "千千万万", "一个人"])
def test_words_that_merely_contain_numeral_characters_have_no_variants(text):
    assert numeral_variants(text) == set()


def test_chinese_numbers_agree_with_cn2an_below_10000():
    import cn2an

    for number in range(10_000):
        written = cn2an.an2cn(number)
        assert chinese_number_below_10000(written) == number, written
        assert chinese_number_below_10000(positional_chinese(number)) == number
        if written.startswith("一十"):
            assert chinese_number_below_10000(written[1:]) == number  # 十五 as well as 一十五


@pytest.mark.parametrize("text", ["十十", "千千", "百"])
def test_malformed_numerals_are_not_numbers(text):
    assert chinese_number_below_10000(text) is None
    assert numeral_as_digits(text) is None


def test_large_positional_numbers():
    assert positional_chinese(35_000_000) == "三千五百万"
    assert positional_chinese(120_000_000) == "一亿二千万"
    assert positional_chinese(10_005) == "一万零五"
