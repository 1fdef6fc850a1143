"""Read article header lines and values: dates written in the ways archives write them, pages, columns."""

from __future__ import annotations

import datetime
import re

from searchkit.numerals import chinese_number_below_10000
from searchkit.schema import MAX_PAGE


class InvalidHeaderValue(ValueError):
    """A header value written in no known way; its message says which (invalid date '…')."""


# What may follow a date: a weekday (星期四, (Thursday)) or a time (T00:00:00, 00:00:00).
_DATE_TAIL = (r"(?:\s*[(（]?\s*(?:(?:星期|礼拜|周)[一二三四五六日天]|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
              r"\s*[)）]?|T\d{1,2}(?::\d{2})?(?::\d{2}(?:\.\d+)?)?Z?|\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE = re.compile(r"^(\d{4})\s*[-/.年－／．]\s*(\d{1,2})\s*[-/.月－／．]\s*(\d{1,2})\s*日?" + _DATE_TAIL + "$",
                   re.IGNORECASE)
_CHINESE_NUMERAL_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
                                   + _DATE_TAIL + "$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])")  # a month's name or its abbreviation
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"  # Thursday, March 1, 1956
_ENGLISH_DATES = (  # May 8, 1956 / Mar. 1 1956; 8 May 1956 / 1st March, 1956
    (re.compile(rf"^{_WEEKDAY}{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.IGNORECASE), (3, 1, 2)),
    (re.compile(rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})$", re.IGNORECASE), (3, 2, 1)),
)


# 19560301, in an English header only (eight digits alone on a Chinese line may be a number)
_COMPACT_DATE = re.compile(r"^(1[89]\d\d|20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
_CHINESE_PAGE_LINE = re.compile(r"^第\s*(\d+|[〇零一二三四五六七八九十]+)\s*版\s*(.*)$")
_CHINESE_COLUMN_LINE = re.compile(r"^[专專]\s*[栏欄]\s*[：:]\s*(.*)$")  # 专栏, and 專欄 in traditional text


def chinese_header_fields(line: str) -> dict | None:
    """The fields a stripped Chinese header line gives (date, page + section, or column); None for other text."""
    if is_date(line):
        return {"date_text": line}
    page_match = _CHINESE_PAGE_LINE.match(line)
    if page_match:
        section = page_match.group(2).strip()
        if section.startswith(("(", "（")) and section.endswith((")", "）")):
            section = section[1:-1].strip()
        return {"page": chinese_page_number(page_match.group(1)), "section": section}
    column_match = _CHINESE_COLUMN_LINE.match(line)
    if column_match:
        return {"column": column_match.group(1).strip()}
    return None


def is_date(line: str) -> bool:
    """True for a stripped Chinese header line that is a date (1956年3月1日, 1956-03-01, 一九五六年三月一日)."""
    return bool(_DATE.match(line) or _CHINESE_NUMERAL_DATE.match(line))


# 3, 3 (International News), p. 3, 3, 4 (the first); not 1,000 or 3/4
_LEADING_NUMBER = re.compile(r"^(?:p(?:age|g)?\.?\s*)?(\d+)(?![,，]\d{3}\b)(?:\s*[(（,，:：\-–—].*)?$", re.IGNORECASE)


def english_page(value: str) -> int:
    """The page number of an English header's `Page:` value: 3, 3 (International News), p. 3 or 第3版."""
    match = _LEADING_NUMBER.match(value.strip()) or _CHINESE_PAGE_LINE.match(value.strip())
    number = chinese_page_number(match.group(1)) if match else None
    if not number:  # no page 0: pages count from 1
        too_large = match is not None and match.group(1).isdecimal() and int(match.group(1)) > MAX_PAGE
        raise InvalidHeaderValue(f"invalid page '{value}'" + (f" (larger than {MAX_PAGE})" if too_large else ""))
    return number


def iso_date(value: str) -> str:
    """YYYY-MM-DD from `1956-05-08` (also 1956-5-8, 1956/05/08, 1956年5月8日, full-width digits, a weekday or a
    time after it), 19560508, 一九五六年五月八日, May 8, 1956, 8 May 1956 or either with a weekday before it."""
    try:
        return datetime.date(*_year_month_day(value.strip())).isoformat()
    except ValueError:
        raise InvalidHeaderValue(f"invalid date '{value}'") from None


def _year_month_day(text: str) -> tuple[int, int, int]:
    """The date's numbers; ValueError when it is written in none of the known ways."""
    if match := _DATE.match(text) or _COMPACT_DATE.match(text):
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    if match := _CHINESE_NUMERAL_DATE.match(text):
        year, month, day = (chinese_number_below_10000(part) for part in match.groups()[:3])
        if year is not None and month is not None and day is not None:
            return year, month, day
    for pattern, (year, month, day) in _ENGLISH_DATES:
        if match := pattern.match(text):
            return (int(match.group(year)), _MONTHS.index(match.group(month).lower()[:3]) + 1,
                    int(match.group(day)))
    raise ValueError(text)


def chinese_page_number(text: str) -> int | None:
    """5, ５, 五, 十二 or 二十四 as an int; None for a run of numerals that is not a number (十十) or for a number
    larger than any page the index holds (MAX_PAGE)."""
    number = int(text) if text.isdecimal() else chinese_number_below_10000(text)
    return number if number is not None and number <= MAX_PAGE else None
