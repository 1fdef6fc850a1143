"""Fold text for matching: NFKC, traditional→simplified, lowercase, accents, Chinese numerals — with offsets back."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s_converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def fold_char(char: str) -> str:
    """Fold one character: NFKC, traditional→simplified (character level), lowercase, no accents."""
    folded = unicodedata.normalize("NFKC", char)
    if any(_is_han(c) for c in folded):
        folded = _t2s_converter().convert(folded)
    folded = folded.lower()
    if not folded.isascii():
        folded = _strip_accents(folded)
    return folded


class _FoldTable(dict):
    """A str.translate table that folds each code point on first sight and remembers it."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


@dataclass(frozen=True)
class FoldedText:
    """Folded text plus, for each folded character, the offset of the original character it came from."""

    text: str
    original_length: int
    offsets: tuple[int, ...] | None  # None means one-to-one

    def original_start(self, folded_index: int) -> int:
        if self.offsets is None:
            return folded_index
        if folded_index >= len(self.offsets):
            return self.original_length
        return self.offsets[folded_index]

    def original_end(self, folded_end: int) -> int:
        """The original offset just past the character that ends at folded_end (exclusive)."""
        if folded_end <= 0:
            return 0
        if self.offsets is None:
            return folded_end
        return self.offsets[folded_end - 1] + 1


def fold(text: str) -> FoldedText:
    """Fold a whole string, keeping a map from folded offsets to original offsets."""
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text) and all(len(_FOLD_TABLE[ord(c)]) == 1 for c in set(text)):
        return FoldedText(folded, len(text), None)
    offsets: list[int] = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(_FOLD_TABLE[ord(char)]))
    return FoldedText(folded, len(text), tuple(offsets))


def fold_string(text: str) -> str:
    """Fold a string when no offsets are needed (queries, comparisons)."""
    return text.translate(_FOLD_TABLE)


def exact_key(text: str) -> str:
    """The form in which exact Chinese matching compares text: folded, numerals as digits, no white space."""
    return "".join(fold_chinese(text).text.split())


# --- Chinese numerals -------------------------------------------------------------------------------------------

_NUMERAL_RUN = re.compile(r"[〇零一二三四五六七八九十百千万亿两]+")
_UNIT_SEGMENT = re.compile(r"[^万亿]*[万亿]|[^万亿]+")
# A lone numeral character is a number only before one of these (五月, 三日, 十倍); elsewhere (统一, 一些) it is not.
_COUNTED_AFTER = frozenset("年月日号倍岁届次周天")


_DIGIT_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                 "九": 9}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}


def chinese_number_below_10000(text: str) -> int | None:
    """一九五三 → 1953 (digit by digit), 五百二十一 → 521, 十一 → 11, 一百零五 → 105; None if not a number.

    Our own 20 lines rather than cn2an: importing cn2an costs about 100 ms on every cold search. The tests check
    this function against cn2an for every number below 10,000.
    """
    if all(char in _DIGIT_VALUES for char in text):
        return int("".join(str(_DIGIT_VALUES[char]) for char in text)) if text else None
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


def _numeral_value(run: str) -> str | None:
    value = chinese_number_below_10000(run)
    return None if value is None else str(value)


@lru_cache(maxsize=100_000)
def numeral_as_digits(run: str) -> str | None:
    """Arabic digits for a run of Chinese numerals, keeping 万/亿 as units: 三千五百万 → 3500万, 一九五三 → 1953."""
    pieces = []
    for segment in _UNIT_SEGMENT.findall(run):
        unit = segment[-1] if segment[-1] in "万亿" else ""
        number = segment[:-1] if unit else segment
        value = _numeral_value(number) if number else None
        if value is None:  # 万一 (just in case) is no number
            return None
        pieces.append(value + unit)
    converted = "".join(pieces)
    return converted if converted != run else None


def _numeral_replacements(text: str) -> list[tuple[int, int, str]]:
    replacements = []
    for match in _NUMERAL_RUN.finditer(text):
        run = match.group()
        if len(run) == 1 and (match.end() >= len(text) or text[match.end()] not in _COUNTED_AFTER):
            continue
        digits = numeral_as_digits(run)
        if digits:
            replacements.append((match.start(), match.end(), digits))
    return replacements


def _replace_numerals(folded: FoldedText) -> FoldedText:
    replacements = _numeral_replacements(folded.text)
    if not replacements:
        return folded
    pieces: list[str] = []
    sources: list[int] = []  # for each new character, its index in folded.text
    last = 0
    for start, end, digits in replacements:
        pieces.append(folded.text[last:start])
        sources.extend(range(last, start))
        pieces.append(digits)
        sources.extend(min(start + i, end - 1) for i in range(len(digits) - 1))
        sources.append(end - 1)
        last = end
    pieces.append(folded.text[last:])
    sources.extend(range(last, len(folded.text)))
    offsets = tuple(folded.original_start(index) for index in sources)
    return FoldedText("".join(pieces), folded.original_length, offsets)


def fold_chinese(text: str) -> FoldedText:
    """Fold Chinese text and write its numerals in Arabic digits: 一九五三年 and １９５３年 both become 1953年."""
    return _replace_numerals(fold(text))
