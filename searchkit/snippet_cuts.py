"""Where a snippet cuts a sentence too long to show whole: around its first match, at a clause boundary where one
is near, never inside a Latin word, a number or a match (for highlight.py)."""

from __future__ import annotations

from searchkit.numerals import NUMERAL_CHARACTERS

Span = tuple[int, int]


def trimmed(text: str, begin: int, end: int) -> Span | None:
    """The range without white space at either end; None if nothing else is in it."""
    piece = text[begin:end]
    stripped = piece.strip()
    if not stripped:
        return None
    offset = begin + (len(piece) - len(piece.lstrip()))
    return offset, offset + len(stripped)


def _in_latin_word(char: str) -> bool:
    return (char.isascii() and char.isalnum()) or char in "'’"  # Xi'an, don't


def _splits_a_word(text: str, cut: int) -> bool:
    """True when a cut (0 < cut < len(text)) splits a Latin word or a number, its separators included (Xi'|an,
    59,|278, 59|,278)."""
    before, after = text[cut - 1], text[cut]
    if before in ",.":
        return text[cut - 2:cut - 1].isdigit() and after.isdigit()
    if after in ",.":
        return before.isdigit() and text[cut + 1:cut + 2].isdigit()
    return _in_latin_word(before) and _in_latin_word(after)


def _word_edge(text: str, cut: int, step: int, low: int, high: int) -> int:
    """The cut moved by `step` until it splits no word or number, staying inside (low, high)."""
    while low < cut < high and _splits_a_word(text, cut):
        cut += step
    return cut


def snap_to_words(text: str, begin: int, end: int, limits: Span, anchor: Span | None = None) -> Span:
    """Move cut points off the middle of a Latin word or number (Chinese text may be cut anywhere): the beginning
    past it and the end back before it, unless that leaves out part of the match `anchor`: then out to take the
    word whole."""
    keep_from, keep_to = anchor or (end, begin)
    first = _word_edge(text, begin, 1, limits[0], end)
    if first > keep_from:
        first = _word_edge(text, begin, -1, limits[0], end)
    last = _word_edge(text, end, -1, first, limits[1])
    if last < keep_to:
        last = _word_edge(text, end, 1, first, limits[1])
    return first, last


# A cut inside a long sentence moves, by at most CLAUSE_REACH characters, to just after one of these (or just
# before an opening bracket), so that a snippet does not begin or end inside a word or a number (新华社三十日讯
# cut to 十日讯 reads as another date); failing that, it moves off the middle of a number.
CLAUSE_REACH = 12
_CLAUSE_END = frozenset("，、：；,:;）)】」』”》 \u3000\t\n")
_CLAUSE_OPENING = frozenset("（(【「『“《")
_NUMBER_CHARACTERS = frozenset("0123456789０１２３４５６７８９.,．，" + NUMERAL_CHARACTERS)


def _is_clause_cut(text: str, index: int) -> bool:
    """True after a clause end or before an opening bracket, but not inside a number (12,|345)."""
    return (text[index - 1] in _CLAUSE_END or text[index] in _CLAUSE_OPENING) and not _splits_a_word(text, index)


def _snap_to_clauses(text: str, begin: int, end: int, limits: Span, anchor: Span) -> Span:
    """Move cut points inside the sentence `limits` to the nearest clause boundary, never past the match
    `anchor`; where there is none near, off the middle of a number."""
    def nearest(cut: int, low: int, high: int) -> int:
        if not low < cut < high:
            return cut
        for distance in range(CLAUSE_REACH + 1):
            for candidate in (cut - distance, cut + distance):
                if low < candidate < high and _is_clause_cut(text, candidate):
                    return candidate
        while low < cut < high and text[cut - 1] in _NUMBER_CHARACTERS and text[cut] in _NUMBER_CHARACTERS:
            cut -= 1
        return cut

    begin = nearest(begin, limits[0], min(anchor[0], limits[1]) + 1)
    return begin, nearest(end, max(anchor[1], begin) - 1, limits[1])


def window_of(text: str, sentence: Span, spans: list[Span], max_chars: int, hint: int | None = None) -> Span:
    """Cut a long sentence down to about max_chars around the first of its matches whose window shows the most
    different matches (人民 林伯渠: not seven 人民 and no 林伯渠), at clause boundaries where it can; without a match,
    around `hint` (where the part of a translation lies that a snippet showed), else from its start."""
    start, end = sentence
    if end - start <= max_chars:
        return sentence
    inside = [span for span in spans if span[0] >= start and span[1] <= end]
    anchor, anchor_end = _richest_anchor(text, inside, sentence, max_chars) if inside else \
        (hint, hint) if hint is not None and start <= hint < end else (start, start)
    begin = max(start, min(anchor - max_chars // 3, end - max_chars))
    window = _snap_to_clauses(text, begin, min(end, max(begin + max_chars, anchor_end)), sentence,
                              (anchor, anchor_end))
    window = _off_matches(snap_to_words(text, *window, sentence, inside[0] if inside else None), inside)
    return trimmed(text, *window) or window


MAX_ANCHORS_TRIED = 64


def _richest_anchor(text: str, inside: list[Span], sentence: Span, max_chars: int) -> Span:
    """The match (of the first MAX_ANCHORS_TRIED, and each word's first) whose window holds the most different
    matched words, ties to the earliest; words compared in lower case, without a possessive (People's is people)."""
    def key(span: Span) -> str:
        return text[span[0]:span[1]].lower().removesuffix("'s").removesuffix("’s")

    def different(anchor: Span) -> int:
        begin = max(sentence[0], min(anchor[0] - max_chars // 3, sentence[1] - max_chars))
        return len({key(span) for span in inside if span[0] >= begin and span[1] <= begin + max_chars})

    firsts = {key(span): span for span in reversed(inside)}  # each word's first match, however far on
    if len(firsts) < 2:
        return inside[0]
    tried = sorted(set(inside[:MAX_ANCHORS_TRIED]) | set(firsts.values()))
    return max(tried, key=lambda anchor: (different(anchor), -anchor[0]))


def _off_matches(window: Span, spans: list[Span]) -> Span:
    """The window with a cut that falls inside a match (of the sentence's) moved out to take the whole match in:
    a snippet ending 中国人 … must not show half of 人民."""
    begin, end = window
    for start, stop in spans:
        if start < begin < stop:
            begin = start
        if start < end < stop:
            end = stop
    return begin, end
