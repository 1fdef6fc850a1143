"""Pinyin for names: toneless keys, romanized names split into pinyin syllables, Chinese text spelled in pinyin."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from types import CodeType

from searchkit.normalize import fold_string

_NOT_NAME_SYLLABLES = frozenset({"m", "n", "ng", "hm", "hng", "r", "ê", "er"})


def _toneless(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("ü", "u").replace("Ü", "U"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def pinyin_key(chinese: str) -> str:
    """Toneless pinyin of a Chinese text, lowercase, no separators (李富春 → "lifuchun"); non-Han dropped."""
    from searchkit.pinyin_phrases import lazy_pinyin, pypinyin_package

    syllables = lazy_pinyin(fold_string(chinese), style=pypinyin_package().Style.NORMAL, v_to_u=False,
                            errors="ignore")
    return "".join(s.replace("v", "u") for s in syllables if s.isascii() and s.isalpha()).lower()


def latin_name_key(text: str) -> str:
    """A romanized name as a pinyin key: accents, case, spaces, hyphens and apostrophes removed."""
    return "".join(c for c in _toneless(text) if c.isalnum())


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable a character is read as, less the interjections that are no name's part.
    Kept in the cache directory: building it from pypinyin's table costs a search some 60 ms."""
    from searchkit.lexicon_cache import cached_table

    return frozenset(cached_table(f"pinyin-syllables-{_rules_digest()}", _build_syllables)[_SYLLABLES_KEY])


_SYLLABLES_KEY = "syllables"


def _rules_digest() -> str:
    """A digest of what the cached tables are built with besides pypinyin (whose version their names carry
    already): a change to the syllables left out or to the toneless form builds them again."""
    rules = repr((sorted(_NOT_NAME_SYLLABLES), _code_text(_toneless.__code__)))
    return hashlib.sha256(rules.encode()).hexdigest()[:8]


def _code_text(code: CodeType) -> str:
    """A function's compiled code as text that is the same in every process (a nested code object's repr holds
    its address)."""
    constants = [_code_text(value) if isinstance(value, CodeType) else repr(value) for value in code.co_consts]
    return repr((code.co_code, code.co_names, constants))


def _build_syllables() -> dict[str, tuple[str, ...]]:
    """The syllable table, built from pypinyin's table directly: no character → readings map is kept (it held
    some 13 MB in each indexing worker)."""
    from searchkit.pinyin_phrases import single_character_readings

    every = {_toneless(reading) for readings in single_character_readings().values()
             for reading in readings.split(",")}
    every = {reading for reading in every if reading.isalpha() and reading.isascii()}
    return {_SYLLABLES_KEY: tuple(sorted(every - _NOT_NAME_SYLLABLES))}


@lru_cache(maxsize=20_000)
def pinyin_syllables(latin: str) -> tuple[str, ...]:
    """A romanized word or name split into the fewest pinyin syllables ("Fuchun" → fu, chun); () if it is not
    pinyin. Hyphens, apostrophes and spaces are syllable boundaries ("Xi'an" → xi, an)."""
    known, syllables = _syllables(), ()
    for part in re.split(r"[-'’\s]+", _toneless(latin)):
        if not part:
            continue
        if not part.isascii() or not part.isalpha() or len(part) > 24:
            return ()
        best: list[tuple[str, ...] | None] = [()] + [None] * len(part)
        for end in range(1, len(part) + 1):
            options = [best[s] + (part[s:end],) for s in range(max(0, end - 6), end)
                       if best[s] is not None and part[s:end] in known]
            best[end] = min(options, key=len, default=None)
        if not best[-1]:
            return ()
        syllables += best[-1]
    return syllables


def spelled_pinyin(text_zh: str) -> str:
    """A Chinese text as the space-separated main (first-listed) toneless readings of its characters, "|" for
    anything else: what names are looked up in (李富春 → " li fu chun ")."""
    return " " + text_zh.translate(_spelling_table())


class _SpellingTable(dict):
    """str.translate table, filled as characters are met: a character with a reading → its main reading and a
    space; any other → "| ". The readings are interned, so each syllable's string is held once."""

    def __init__(self, main_readings: Mapping[str, tuple[str, ...]]) -> None:
        super().__init__()
        self._main_readings = main_readings

    def __missing__(self, code: int) -> str:
        reading = self._main_readings.get(chr(code))
        spelled = sys.intern(reading[0] + " ") if reading else "| "
        self[code] = spelled
        return spelled


@lru_cache(maxsize=1)
def _spelling_table() -> _SpellingTable:
    """Kept in the cache directory, so that a search spelling a text need not import pypinyin (some 40 ms)."""
    from searchkit.lexicon_cache import cached_table

    return _SpellingTable(cached_table(f"main-readings-{_rules_digest()}", _build_main_readings))


def _build_main_readings() -> dict[str, tuple[str, ...]]:
    """Each character pypinyin reads → (its main (first-listed) reading, toneless)."""
    from searchkit.pinyin_phrases import single_character_readings

    return {chr(code): (_toneless(readings.partition(",")[0]),) for code, readings in
            single_character_readings().items() if readings}


_LETTERS = "a-zA-ZÀ-ÿāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_NAME = re.compile(rf"[A-Z][{_LETTERS}]*(?:['’-][{_LETTERS}]+)*")


def romanized_names(text_en: str) -> list[tuple[str, ...]]:
    """Runs of capitalized words that read as pinyin, as syllable tuples (two or more): Li Fuchun → li fu chun."""
    names, run, run_end = [], (), -1
    for match in _NAME.finditer(text_en):
        syllables = pinyin_syllables(match.group())
        if syllables and run and text_en[run_end:match.start()] in (" ", "-"):
            run += syllables
        else:
            names += [run] if len(run) >= 2 else []
            run = syllables
        run_end = match.end()
    return names + ([run] if len(run) >= 2 else [])


def name_matches(names: list[tuple[str, ...]], spelled: str) -> int:
    """How many of the names (pinyin syllable tuples, see romanized_names) occur in a spelled_pinyin text."""
    return sum(f" {' '.join(name)} " in spelled for name in names)
