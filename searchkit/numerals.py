"""Chinese numerals ↔ Arabic digits, for query expansion: 1953年 also finds 一九五三年, 二十九倍 also finds 29倍.

Matching stays literal in the index (a quoted string is an exact substring); an unquoted query term is expanded
into its other written forms, and an article matching any of them matches.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

NUMERAL_CHARACTERS = "〇零一二三四五六七八九十百千万亿两"  # what Chinese numbers are written with (and 点, a decimal point)
_NUMERAL_RUN = re.compile(f"[{NUMERAL_CHARACTERS}]+")
_DIGIT_RUN = re.compile(r"\d+")
_UNIT_SEGMENT = re.compile(r"[^万亿]*[万亿]|[^万亿]+")
# A lone numeral character is a number only before one of these (五月, 三日, 十倍); elsewhere (统一, 一些) it is not.
_COUNTED_AFTER = frozenset("年月日号倍岁届次周天")
_DIGIT_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                 "九": 9}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}
_DIGIT_CHARACTERS = "〇一二三四五六七八九"
MAX_VARIANTS = 8


def is_chinese_numeral(word: str) -> bool:
    """True when the word is all Chinese numeral characters (三千, 五百万, 一九五三)."""
    return _NUMERAL_RUN.fullmatch(word) is not None


def chinese_number_below_10000(text: str) -> int | None:
    """一九五三 → 1953 (digit by digit), 五百二十一 → 521, 十一 → 11, 一百零五 → 105; None if not a number.

    Our own 20 lines rather than cn2an: importing cn2an costs about 100 ms on every cold search. The tests check
    this function against cn2an for every number below 10,000.
    """
    if all(char in _DIGIT_VALUES for char in text):
        return int("".join(str(_DIGIT_VALUES[char]) for char in text)) if text else None
    if not all(char in _DIGIT_VALUES or char in _UNIT_VALUES for char in text):
        return None
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if char in _DIGIT_VALUES:
            if digit is not None and _DIGIT_VALUES[char] != 0:
                return None  # two digits in a row inside a positional number
            digit = _DIGIT_VALUES[char] or None
        elif char in _UNIT_VALUES:
            unit = _UNIT_VALUES[char]
            if unit >= last_unit or (digit is None and unit != 10):
                return None  # 十十, or 百 without a digit (十 alone is ten: 十一)
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


@lru_cache(maxsize=100_000)
def numeral_as_digits(run: str) -> str | None:
    """Arabic digits for a run of Chinese numerals, keeping 万/亿 as units: 三千五百万 → 3500万, 一九五三 → 1953."""
    pieces = []
    for segment in _UNIT_SEGMENT.findall(run):
        unit = segment[-1] if segment[-1] in "万亿" else ""
        number = segment[:-1] if unit else segment
        value = chinese_number_below_10000(number) if number else None
        if value is None:  # 万一 (just in case) is no number
            return None
        pieces.append(f"{value}{unit}")
    converted = "".join(pieces)
    return converted if converted != run else None


def positional_chinese(number: int) -> str:
    """521 → 五百二十一, 105 → 一百零五, 11 → 十一, 35000000 → 三千五百万 (below 10^12)."""
    if number >= 10_000:
        high, low = divmod(number, 10_000)
        if high >= 10_000:
            return positional_chinese(high // 10_000) + "亿" + positional_chinese(number % 10**8).lstrip("零")
        tail = "" if low == 0 else ("零" if low < 1000 else "") + positional_chinese(low)
        return positional_chinese(high) + "万" + tail
    if number == 0:
        return "〇"
    text, pending_zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            text += ("零" if pending_zero and text else "") + _DIGIT_CHARACTERS[digit] + unit
            pending_zero = False
        elif text:
            pending_zero = True
    return text[1:] if text.startswith("一十") else text


def _chinese_forms(digits: str) -> set[str]:
    """Ways Chinese writes an Arabic number: digit by digit (一九五三, 一九〇五 / 一九零五) and positional."""
    forms = {"".join(_DIGIT_CHARACTERS[int(d)] for d in digits)}
    forms.add(next(iter(forms)).replace("〇", "零"))
    if len(digits) < 12 and not (len(digits) > 1 and digits.startswith("0")):
        forms.add(positional_chinese(int(digits)))
    return forms


def _numeral_runs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) for the runs of Chinese numerals that are numbers in this text."""
    runs = []
    for match in _NUMERAL_RUN.finditer(text):
        if len(match.group()) == 1 and (match.end() >= len(text) or text[match.end()] not in _COUNTED_AFTER):
            continue
        digits = numeral_as_digits(match.group())
        if digits:
            runs.append((match.start(), match.end(), digits))
    return runs


def numeral_variants(key: str) -> set[str]:
    """The other ways to write the numbers in a folded string: 1953年 → 一九五三年, 二十九倍 → 29倍."""
    variants = set()
    runs = _numeral_runs(key)
    if runs:
        pieces, last = [], 0
        for start, end, digits in runs:
            pieces += [key[last:start], digits]
            last = end
        variants.add("".join(pieces) + key[last:])
    matches = list(_DIGIT_RUN.finditer(key))
    if matches and len(matches) <= 3:
        options = [sorted(_chinese_forms(match.group())) for match in matches]
        for choice in list(product(*options))[:MAX_VARIANTS]:
            pieces, last = [], 0
            for match, form in zip(matches, choice):
                pieces += [key[last:match.start()], form]
                last = match.end()
            variants.add("".join(pieces) + key[last:])
    variants.discard(key)
    return variants
