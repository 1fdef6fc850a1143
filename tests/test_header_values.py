"""Header values: dates in the ways archives write them, page numbers and Chinese header lines."""

from __future__ import annotations

import pytest

from searchkit.header_values import InvalidHeaderValue, chinese_header_fields, english_page, is_date, iso_date


@pytest.mark.parametrize("written, iso", [
    ("1956-03-01", "1956-03-01"), ("1956/3/1", "1956-03-01"), ("1956年3月1日", "1956-03-01"),
    ("１９５６－０３－０１", "1956-03-01"), ("1956年3月1日 星期四", "1956-03-01"), ("1956-03-01 (Thursday)", "1956-03-01"),
    ("1956-03-01T08:00:00Z", "1956-03-01"), ("一九五〇年十二月三十一日", "1950-12-31"), ("Dec. 31, 1950", "1950-12-31"),
    ("31st December 1950", "1950-12-31"), ("September 9 1976", "1976-09-09"), ("Sept. 9, 1976", "1976-09-09"),
    ("Sep 9, 1976", "1976-09-09"), ("June 1, 1956", "1956-06-01"), ("may 8, 1956", "1956-05-08"),
])
def test_dates(written, iso):
    assert iso_date(written) == iso


@pytest.mark.parametrize("written", ["1956-02-30", "01/03/1956", "1956-03", "unknown", "Smarch 1, 1956",
                                     "Junk 5, 1956", "Mayday 1, 1956", "Janust 1, 1956",
                                     "1956-03-01 and more", "一九五六年十三月一日"])
def test_dates_written_in_no_known_way(written):
    with pytest.raises(InvalidHeaderValue, match=f"invalid date '{written}'"):
        iso_date(written)


@pytest.mark.parametrize("written, page", [("3", 3), (" 12 ", 12), ("3 (International News)", 3), ("4, Theory", 4)])
def test_pages(written, page):
    assert english_page(written) == page


@pytest.mark.parametrize("written", ["two", "A3", "", "3rd", "4294967296"])
def test_pages_written_in_no_known_way(written):
    with pytest.raises(InvalidHeaderValue, match="invalid page"):
        english_page(written)


@pytest.mark.parametrize("line, fields", [
    ("1956年3月1日", {"date_text": "1956年3月1日"}),
    ("第3版(国际新闻)", {"page": 3, "section": "国际新闻"}),
    ("第二十四版（理论）", {"page": 24, "section": "理论"}),
    ("专栏：国际简讯", {"column": "国际简讯"}),
    ("專欄：國際簡訊", {"column": "國際簡訊"}),
    ("1956年3月1日，北京下雪。", None),  # text that starts with a date is text
    ("张三", None),
])
def test_chinese_header_lines(line, fields):
    assert chinese_header_fields(line) == fields
    assert is_date(line) == ("date_text" in (fields or {}))


def test_a_chinese_page_larger_than_the_index_holds_is_no_page():
    from searchkit.header_values import chinese_page_number
    from searchkit.schema import MAX_PAGE

    assert chinese_page_number("５") == 5 and chinese_page_number("二十四") == 24
    assert chinese_page_number(str(MAX_PAGE)) == MAX_PAGE
    assert chinese_page_number(str(MAX_PAGE + 1)) is None
    assert chinese_page_number("4294967296") is None
