"""Acronyms spelled like common words (US and us, WHO and who): which tokens of a text are the acronym, and the
term the English fields index for them, for analysis.py's tokenizer, its indexing path and highlighting.

Written in capitals, or with dots, they are indexed as their dotted lower-case form (u.s.), a term of its own, so
that US does not find "let us". In a line mostly in capitals (a shouted headline) capitals say nothing, and only
the dots count.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Iterator

from searchkit.normalize import HAN_CHAR, FoldedText

INSIDE_A_TOKEN = "'’.,"  # a word after one of these may be the end of a token (o'clock, 1,000, u.s.)

AMBIGUOUS_ACRONYMS = ("us", "who", "aids", "it")
AMBIGUOUS_TOKENS = frozenset(token for word in AMBIGUOUS_ACRONYMS  # as the tokenizer reads them, folded
                             for token in (word, ".".join(word), ".".join(word) + "."))
_SHOUTED_MIN_LETTERS = 4  # other letters a line needs before it can count as written in capitals
_SHOUTED_SHARE = 0.6
_SHOUTED_WINDOW = 80  # characters either side of the word that tell whether its line is in capitals
_CAPITAL_LETTER, _SMALL_LETTER = re.compile("[A-Z]"), re.compile("[a-z]")
_ASCII_HINTS = sorted({hint for word in AMBIGUOUS_ACRONYMS for hint in (word.upper(), ".".join(word)[:3],
                                                                         ".".join(word.upper())[:3])})
_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}  # ＵＳ, Ｕ．Ｓ．: ASCII's full-width forms
_FULL_WIDTH_CHAR = re.compile("[\uff01-\uff5e]")
_ANY_WIDTH_HINT = re.compile("(?=" + "|".join("".join(f"[{re.escape(char + char.translate(_FULL_WIDTH))}]"
                                                      for char in hint) for hint in _ASCII_HINTS) + ")")
_POSSESSIVE_ENDINGS = ("'s", "’s")  # US's: the acronym; IT'S (it is) is not read as one


# What the acronyms typed as such mean, to look up their translations: CC-CEDICT also glosses 我们 as "us".
_MEANINGS = {"us": "united states", "who": "world health organization", "it": "information technology"}


def acronym_meaning(text: str) -> str | None:
    """What a query word typed as one of the ambiguous acronyms (US, U.S., WHO, IT) means, for looking up its
    translations; None for other text (us, who, Beijing)."""
    return _MEANINGS.get(typed_acronym(text) or "")


def typed_acronym(text: str) -> str | None:
    """The lower-case word of a query word typed as one of the ambiguous acronyms (AIDS, U.S., US's), else None."""
    written = text.strip()
    for ending in _POSSESSIVE_ENDINGS:
        written = written.removesuffix(ending)
    return _written_acronym(_half_width(written))


def _written_acronym(written: str) -> str | None:
    """The lower-case word of one of AMBIGUOUS_ACRONYMS written as an acronym, with dots (U.S., u.s.) or in
    capitals (US), in half-width letters; else None. Whether its line is shouted is not looked at."""
    word = written.replace(".", "")
    return word.lower() if word.lower() in AMBIGUOUS_ACRONYMS and ("." in written or word.isupper()) else None


def _half_width(written: str) -> str:
    return written if written.isascii() else unicodedata.normalize("NFKC", written)  # ＵＳ → US


def acronym_term(word: str) -> str:
    """The term of an ambiguous acronym (us → u.s.)."""
    return ".".join(word) + "."


def _acronym_at(value: str, start: int, end: int) -> str | None:
    """The acronym term of the token value[start:end] when it is one of AMBIGUOUS_ACRONYMS written as an acronym:
    with dots (U.S., u.s.), or in capitals in a line not mostly in capitals; else None."""
    written = _half_width(value[start:end])
    word = _written_acronym(written)
    if word is None or ("." not in written and _in_capitals(value, start, end)):
        return None
    return acronym_term(word)


def acronym_of(value: str, folded: FoldedText, token: re.Match) -> str | None:
    """The acronym term of a token (a match in folded.text) when it is one of AMBIGUOUS_ACRONYMS written as an
    acronym in value, and nothing before it could belong to a token (english_stems_of cuts the text there)."""
    start, end = token.start(), token.end()
    before = folded.text[start - 1] if start else " "
    if token.group() not in AMBIGUOUS_TOKENS:  # perhaps a possessive (US's): the acronym is the token without it
        if not token.group().endswith(_POSSESSIVE_ENDINGS):  # folded: 'S is 's too (IT'S is told apart below)
            return None
        end = _possessive_start(value, folded, token)
        if folded.text[start:end] not in AMBIGUOUS_TOKENS:
            return None
    if _word_character(before) or (before in INSIDE_A_TOKEN and not _opening_quote(folded.text, start - 1)):
        return None
    return _acronym_at(value, folded.original_start(start), folded.original_end(end))


def _word_character(char: str) -> bool:
    """True for a character that may make the acronym the end of a longer word: a letter or digit other than
    Chinese (中美US关系 holds the acronym), or the underscore."""
    return (char.isalnum() or char == "_") and not HAN_CHAR.match(char)


def _opening_quote(text: str, at: int) -> bool:
    """True when text[at] is an apostrophe that opens a quotation ('US'): no word character just before it."""
    return text[at] in "'’" and (at == 0 or not _word_character(text[at - 1]))


def _possessive_start(value: str, folded: FoldedText, token: re.Match) -> int:
    """Where the possessive 's ending the token starts in folded.text (as written in value, with a small s), or
    the token's end when it has none."""
    end = token.end()
    written_ending = value[folded.original_start(end - 2):folded.original_end(end)]
    return end - 2 if written_ending in _POSSESSIVE_ENDINGS else end


def _in_capitals(value: str, start: int, end: int) -> bool:
    """True when the letters around value[start:end] (up to _SHOUTED_WINDOW characters either side, in its line)
    are mostly capitals."""
    line_start = max(value.rfind("\n", max(0, start - _SHOUTED_WINDOW), start) + 1, start - _SHOUTED_WINDOW)
    line_end = value.find("\n", end, end + _SHOUTED_WINDOW)
    around = value[line_start:start] + " " + value[end:line_end if line_end >= 0 else end + _SHOUTED_WINDOW]
    capitals, small = len(_CAPITAL_LETTER.findall(around)), len(_SMALL_LETTER.findall(around))
    return capitals + small >= _SHOUTED_MIN_LETTERS and capitals >= _SHOUTED_SHARE * (capitals + small)


def may_hold_acronyms(value: str) -> bool:
    """True when the text may hold an ambiguous acronym (a cheap test before any token is looked at)."""
    if any(hint in value for hint in _ASCII_HINTS):
        return True
    return _holds_full_width(value) and _ANY_WIDTH_HINT.search(value) is not None


def candidate_positions(value: str, folded: FoldedText) -> list[int]:
    """Ascending positions in folded.text where an ambiguous acronym may start (a cheap search of value)."""
    if not _holds_full_width(value):
        return _folded_positions(folded, {at for hint in _ASCII_HINTS for at in _occurrences(value, hint)})
    return _folded_positions(folded, {match.start() for match in _ANY_WIDTH_HINT.finditer(value)})  # U．S．


def _holds_full_width(value: str) -> bool:
    """True when the text holds a full-width form of an ASCII character (Ｕ, ．): its acronyms may be written so."""
    return not value.isascii() and _FULL_WIDTH_CHAR.search(value) is not None


def _folded_positions(folded: FoldedText, positions: set[int]) -> list[int]:
    """The positions in folded.text of the characters at these positions of the original text (those that fold to
    at least one character), ascending."""
    if folded.offsets is None:
        return sorted(positions)
    found = ((bisect_left(folded.offsets, position), position) for position in sorted(positions))
    return [index for index, position in found if index < len(folded.offsets) and folded.offsets[index] == position]


def _occurrences(text: str, part: str) -> Iterator[int]:
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)
