"""Tests for searchkit.number_anchors: numbers, months and days that meet across the two languages."""

from searchkit import number_anchors
from searchkit.normalize import fold_string


def test_chinese_numerals():
    assert number_anchors.chinese_numeral_value("一九五三") == 1953
    assert number_anchors.chinese_numeral_value("二十九") == 29
    assert number_anchors.chinese_numeral_value("五百二十一") == 521
    assert number_anchors.chinese_numeral_value("一万一千七百二十九亿") == 1_172_900_000_000
    assert number_anchors.chinese_numeral_value("六十八点五万") == 685_000
    assert number_anchors.chinese_numeral_value("统一") is None


def test_number_anchors_meet_across_languages():
    assert number_anchors.chinese_number_anchors("一九五三年的生产计划，提高效率二十九倍") == ["1953", "29"]
    assert number_anchors.chinese_number_anchors(fold_string("１９５３年５月２８日")) == ["1953", "m5", "28", "d28"]
    assert number_anchors.chinese_number_anchors("统一战线，一些同志") == []  # 统一 is no number
    assert number_anchors.english_number_anchors("Five hundred and twenty-one labor models attended in 1953; 29 times.") \
        == ["1953", "29", "521"]
    assert number_anchors.english_number_anchors("On May 2nd, more than 230,000 workers saved 1,172.9 billion yuan.") \
        == ["d2", "230000", "1.1729e+12", "m5", "d2"]
    assert number_anchors.chinese_number_anchors("五月二日，二十三万多人节约了一万一千七百二十九亿元") \
        == ["m5", "d2", "230000", "1.1729e+12"]
