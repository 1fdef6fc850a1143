"""Number anchors for the sentence aligner: the numbers, months and days an English and a Chinese text mention
(1953 and 一九五三, May and 五月), so that a sentence pair sharing them is likely a translation."""

from __future__ import annotations

import re

from searchkit.numerals import chinese_number_below_10000

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_ZH_NUMERALS = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?[万亿]*")
_ZH_DIGITS = re.compile(r"\d+(?:\.\d+)?(?:万亿|万|亿)?")
_ZH_SCALES = {"万亿": 10**12, "亿": 10**8, "万": 10**4}
_DIGIT = re.compile(r"\d")
_EN_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:(st|nd|rd|th)\b)?"
                        r"(?:\s+(thousand|million|billion|trillion)\b)?", re.IGNORECASE)
_EN_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_EN_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_NUMBER_WORDS = frozenset(_EN_UNITS) | frozenset(_EN_TENS)
_EN_NUMBER_WORDS = re.compile(r"\b(?:(?:" + "|".join([*_EN_UNITS, *_EN_TENS, *_EN_SCALES])
                              + r")(?:[\s-]+(?:and[\s-]+)?|\b))+", re.IGNORECASE)
_MONTHS = {m: n for n, m in enumerate("january february march april may june july august september october "
                                      "november december".split(), 1)}
_EN_MONTH = re.compile(r"\b(January|February|March|April|June|July|August|September|October|November|December|"
                       r"May(?=\s+\d)|(?<=\bin |\bof |\bon )May|(?<=early |since |until )May)\b"
                       r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?")


def _number_token(value: float) -> str:
    return format(round(value, 6), ".12g")


def chinese_numeral_value(run: str) -> float | None:
    """The value of a run of Chinese numerals (一九五三 → 1953, 二十九 → 29, 六十八点五万 → 685000), else None."""
    suffix = next((s for s in _ZH_SCALES if run.endswith(s) and len(run) > len(s)), None)
    if suffix:
        inner = chinese_numeral_value(run[: -len(suffix)])
        return None if inner is None else inner * _ZH_SCALES[suffix]
    for unit, scale in (("亿", 10**8), ("万", 10**4)):  # 一万一千七百二十九: 1 × 10^4 + 1729
        high, found, low = run.rpartition(unit)
        if found and high:
            high_value, low_value = chinese_numeral_value(high), chinese_numeral_value(low.lstrip("零")) if low else 0
            return None if high_value is None or low_value is None else high_value * scale + low_value
    whole, _, decimals = run.partition("点")
    value = chinese_number_below_10000(whole)
    if value is None or (decimals and not all(c in "零〇一二三四五六七八九" for c in decimals)):
        return None
    fraction = chinese_number_below_10000(decimals) if decimals else None
    return float(f"{value}.{fraction:0{len(decimals)}d}") if fraction is not None else float(value)


def _chinese_anchor(value: float, following: str) -> list[str]:
    anchors = [_number_token(value)] if value >= 10 else []
    if following == "月" and 1 <= value <= 12:
        anchors.append(f"m{int(value)}")
    elif following in ("日", "号") and 1 <= value <= 31:
        anchors.append(f"d{int(value)}")
    return anchors


def chinese_number_anchors(text_zh: str) -> list[str]:
    """Number anchors of folded Chinese text: values of 10 and more ("1953"), months ("m5") and days ("d2")."""
    anchors = []
    for match in _ZH_DIGITS.finditer(text_zh):
        digits = match.group().rstrip("万亿")
        value = float(digits) * _ZH_SCALES.get(match.group()[len(digits):], 1)
        anchors += _chinese_anchor(value, text_zh[match.end():match.end() + 1])
    for match in _ZH_NUMERALS.finditer(text_zh):
        run, following = match.group(), text_zh[match.end():match.end() + 1]
        if following in ("月", "日", "号") or (len(run) > 1 and run.strip("十百千万亿")):
            value = chinese_numeral_value(run)
            anchors += _chinese_anchor(value, following) if value is not None else []
    return anchors


def english_number_anchors(text_en: str) -> list[str]:
    """Number anchors of English text: digits and number words (values of 10 and more), months ("m4") and days
    ("d30": ordinals and month days)."""
    anchors = []
    for match in _EN_DIGITS.finditer(text_en) if _DIGIT.search(text_en) else ():
        digits, decimals, ordinal, scale = match.groups()
        value = float(digits.replace(",", "") + (decimals or "")) * _EN_SCALES.get((scale or "").lower(), 1)
        anchors += [_number_token(value)] if value >= 10 else []
        anchors += [f"d{int(value)}"] if ordinal and 1 <= value <= 31 else []
    words = set(_WORD.findall(text_en.lower()))
    for match in _EN_NUMBER_WORDS.finditer(text_en) if not words.isdisjoint(_NUMBER_WORDS) else ():
        value = _english_words_value(match.group().lower())
        anchors += [_number_token(value)] if value is not None and value >= 10 else []
    for match in _EN_MONTH.finditer(text_en) if not words.isdisjoint(_MONTHS) else ():
        anchors.append(f"m{_MONTHS[match.group(1).lower()]}")
        if match.group(2) and 1 <= int(match.group(2)) <= 31:
            anchors.append(f"d{int(match.group(2))}")
    return anchors


def _english_words_value(words: str) -> float | None:
    """The value of spelled-out English number words ("five hundred and twenty-one" → 521); None if no digit
    word (a lone "hundred" or "million") is among them."""
    total, current, seen = 0, 0, False
    for word in re.findall(r"[a-z]+", words):
        if word in _EN_UNITS or word in _EN_TENS:
            current, seen = current + _EN_UNITS.get(word, 0) + _EN_TENS.get(word, 0), True
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _EN_SCALES:
            total, current = total + max(current, 1) * _EN_SCALES[word], 0
    return float(total + current) if seen else None
