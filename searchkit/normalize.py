"""Fold text for matching: NFKC, traditional→simplified, lowercase, no accents — with offsets back to the original."""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _t2s_converter():
    from opencc import OpenCC

    return OpenCC("t2s")


# Chinese characters (Han ideographs): extension A and the unified block, compatibility ideographs, and the
# supplementary planes 2 and 3 (extensions B onwards). The one definition searchkit's modules use.
HAN_RANGES = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
HAN_CHAR = re.compile(f"[{HAN_RANGES}]")
# Control characters and line separators: what a file name or a message shown on one line must not hold.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _is_han(char: str) -> bool:
    return HAN_CHAR.match(char) is not None


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def fold_char(char: str) -> str:
    """Fold one character: NFKC, traditional→simplified (character level), lowercase, no accents; an invisible
    format character (zero-width space, soft hyphen, word joiner, byte-order mark, bidirectional marks: Unicode
    category Cf) folds to nothing, as in NFKC_Casefold, so that text pasted from the web is found across it."""
    if unicodedata.category(char) == "Cf":
        return ""
    folded = unicodedata.normalize("NFKC", char)
    if any(_is_han(c) for c in folded):
        folded = _t2s_converter().convert(folded)
    folded = folded.lower()
    if not folded.isascii():
        folded = _strip_accents(folded)
    return folded


# Code points below this (planes 0 to 3: every script, and Chinese characters up to extension H) are folded
# ahead of time, once per machine: computing fold_char for each character of a search's first snippets cost a
# cold search some 10–25 ms (OpenCC, NFKC); reading the 12,601 that change from a cache file costs about 2 ms.
PRECOMPUTED_BELOW = 0x40000


def changed_folds() -> dict[int, str]:
    """fold_char of every code point below PRECOMPUTED_BELOW that folding changes (about 1 s)."""
    return {code: folded for code in range(PRECOMPUTED_BELOW) if (folded := fold_char(chr(code))) != chr(code)}


def _fold_table_name() -> str:
    """The cache file's name: it changes with anything folding depends on (this module's code, the Unicode
    version, OpenCC's package, the Python that marshals it)."""
    from searchkit.lexicon_cache import installed_version

    code = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=6).hexdigest()
    opencc = installed_version("opencc", "opencc_python_reimplemented")
    opencc = opencc if opencc != "0" else installed_version("opencc")  # OpenCC's own binding, if that is used
    return (f"fold-table-{code}-unicode{unicodedata.unidata_version}-opencc{opencc}-"
            f"{sys.implementation.cache_tag}.marshal")


def _fold_table_from(payload: bytes) -> dict[int, str]:
    """The table in a cache file's payload; ValueError if it is not one."""
    try:
        table = marshal.loads(payload)
    except (EOFError, TypeError, ValueError) as error:
        raise ValueError(f"not a fold table: {error}") from None
    if not isinstance(table, dict) or not all(type(k) is int and type(v) is str for k, v in table.items()):
        raise ValueError("not a fold table")
    return table


@lru_cache(maxsize=1)
def precomputed_folds() -> dict[int, str] | None:
    """changed_folds(), from the cache directory if an intact copy is there, else computed now and saved there.
    None when there is no cache directory it can be saved in: computing it in every process (about 1 s) would cost
    more than it saves, so each character is then folded on first sight."""
    from searchkit.lexicon_cache import cache_directory, cached_checked, writable_directory

    try:
        path = cache_directory() / _fold_table_name()
    except (OSError, RuntimeError):  # no home directory to keep a cache in
        return None
    def computed_if_it_can_be_kept() -> dict[int, str] | None:
        return changed_folds() if writable_directory(path.parent) else None

    return cached_checked(path, _fold_table_from, computed_if_it_can_be_kept, marshal.dumps)


class _FoldTable(dict):
    """A str.translate table that folds each code point on first sight and remembers it, and which of the
    characters seen fold to other than one character (… → ..., ½ → 1⁄2, a combining accent → nothing).
    Code points below PRECOMPUTED_BELOW are looked up in precomputed_folds() instead of folded one by one."""

    def __init__(self) -> None:
        super().__init__()
        self.non_unit: set[str] = set()
        self._non_unit_pattern: tuple[int, re.Pattern | None] = (0, None)

    def __missing__(self, code: int) -> str:
        table = precomputed_folds() if code < PRECOMPUTED_BELOW else None
        if table is None:
            folded = fold_char(chr(code))
        else:
            folded = table.get(code)
            folded = chr(code) if folded is None else folded  # "" (a combining accent) is a fold, not a miss
        if len(folded) != 1:  # known as non-unit before it is in the table, for other threads
            self.non_unit.add(chr(code))
        self[code] = folded
        return folded

    def non_unit_pattern(self) -> re.Pattern | None:
        """A character class of the non-unit characters seen so far (None while there are none)."""
        size, pattern = self._non_unit_pattern
        if size != len(self.non_unit):
            characters = sorted(self.non_unit)  # one reading: another thread may add while the pattern compiles
            pattern = re.compile("[" + "".join(map(re.escape, characters)) + "]")
            self._non_unit_pattern = (len(characters), pattern)
        return pattern


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


_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")


# Texts at least this long are folded once for a few uses: indexing folds each body for two analyses (words and
# grams, stems and joined words), which was half of the 0.58 s its folding took over 1,000 articles.
_REMEMBERED_FOLD_LENGTH = 1_000


def _folded_and_non_ascii(text: str) -> tuple[str, str]:
    """The folded text, and the characters of text that may fold to other than one character (the non-ASCII)."""
    return _remembered_fold(text) if len(text) >= _REMEMBERED_FOLD_LENGTH else _fold_with_non_ascii(text)


@lru_cache(maxsize=8)
def _remembered_fold(text: str) -> tuple[str, str]:
    return _fold_with_non_ascii(text)


def _fold_with_non_ascii(text: str) -> tuple[str, str]:
    """_folded_and_non_ascii. str.translate costs some 50 ns a character unless the whole string is ASCII, so
    mostly-ASCII text (English with curly quotes or an ideographic space) is lowered in ASCII runs and translated
    only between them."""
    if text.isascii():  # a flag on the string, no scan: ASCII folds to lower case one to one
        return text.lower(), ""
    if len(text.encode("utf-8", "surrogatepass")) - len(text) < len(text) // 4:  # few non-ASCII (1-3 bytes more)
        pieces = _NON_ASCII_RUN.split(text)  # ASCII, non-ASCII, ASCII, ...
        non_ascii = pieces[1::2]
        pieces[0::2] = [piece.lower() for piece in pieces[0::2]]
        pieces[1::2] = [piece.translate(_FOLD_TABLE) for piece in non_ascii]
        return "".join(pieces), "".join(non_ascii)
    return text.translate(_FOLD_TABLE), text


def fold(text: str) -> FoldedText:
    """Fold a whole string, keeping a map from folded offsets to original offsets."""
    folded, non_ascii = _folded_and_non_ascii(text)  # meets every non-ASCII character: the non-unit ones are known
    non_unit = _FOLD_TABLE.non_unit_pattern()
    if non_unit is None or not non_unit.search(non_ascii):
        return FoldedText(folded, len(text), None)
    offsets: list[int] = []
    unit_from = 0
    for match in non_unit.finditer(text):
        offsets.extend(range(unit_from, match.start()))
        offsets.extend([match.start()] * len(_FOLD_TABLE[ord(match.group())]))
        unit_from = match.end()
    offsets.extend(range(unit_from, len(text)))
    return FoldedText(folded, len(text), tuple(offsets))


def fold_string(text: str) -> str:
    """Fold a string when no offsets are needed (queries, comparisons)."""
    return _folded_and_non_ascii(text)[0]


def exact_key(text: str) -> str:
    """The form in which exact Chinese matching compares text: folded, with all white space removed."""
    return "".join(fold_string(text).split())
