"""pypinyin without its phrase dictionary in memory: each text is given the phrase entries it can use, on demand.

pypinyin reads words through its phrase dictionary (47,000 phrases, about 44 MB once loaded in a process; every
indexing process would hold one). Here pypinyin is imported with PYPINYIN_NO_PHRASES, and before a text is
converted its substrings are looked up in a SQLite copy of the dictionary (lexicon_cache): the phrases among
them go into pypinyin's phrase dictionary, and those that begin a phrase into its segmenter's prefix set.
pypinyin only ever asks about substrings of the text it converts (its segmenter walks prefixes of the text's
suffixes, its converter looks up the words cut from it), so it answers exactly as with the whole dictionary.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType

from searchkit.lexicon_cache import cached_table

_NO_PHRASES_VARIABLE = "PYPINYIN_NO_PHRASES"
_PREFIX_ONLY = ("",)  # table value of a string that begins a phrase but is none
_READING_SEPARATOR = ","


@lru_cache(maxsize=1)
def pypinyin_package() -> ModuleType:
    """pypinyin, imported (when it is not already) without loading its phrase dictionary."""
    if "pypinyin" in sys.modules:
        return sys.modules["pypinyin"]
    previous = os.environ.get(_NO_PHRASES_VARIABLE)
    os.environ[_NO_PHRASES_VARIABLE] = "1"
    try:
        import pypinyin
    finally:
        if previous is None:
            del os.environ[_NO_PHRASES_VARIABLE]
        else:
            os.environ[_NO_PHRASES_VARIABLE] = previous
    return pypinyin


def single_character_readings() -> Mapping[int, str]:
    """pypinyin's character table: code point → its readings, comma-separated, the usual one first."""
    pypinyin_package()
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


def lazy_pinyin(text: str, **options) -> list[str]:
    """pypinyin.lazy_pinyin(text, **options), with the phrase entries of text's substrings loaded first."""
    package = pypinyin_package()
    _load_phrases_of(text)
    return package.lazy_pinyin(text, **options)


def _load_phrases_of(text: str) -> None:
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.seg import mmseg

    table, phrases, prefixes = _phrase_table(), {}, []
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            readings = table.get(text[start:end])
            if readings is None:  # begins no phrase: neither does any longer string from this start
                break
            if readings == _PREFIX_ONLY:
                prefixes.append(text[start:end])
            else:
                phrases[text[start:end]] = [r.split(_READING_SEPARATOR) for r in readings]
    new_phrases = {phrase: value for phrase, value in phrases.items() if phrase not in PHRASES_DICT}
    if new_phrases or prefixes:
        PHRASES_DICT.update(new_phrases)
        mmseg.seg.train([*new_phrases, *prefixes])  # adds each string and its prefixes, all prefixes of phrases


@lru_cache(maxsize=1)
def _phrase_table() -> Mapping[str, tuple[str, ...]]:
    return cached_table("pinyin-phrases", _build_phrase_table)


def _build_phrase_table() -> dict[str, tuple[str, ...]]:
    """Every phrase → its readings (one comma-joined string per character), every other string that begins a
    phrase → _PREFIX_ONLY."""
    phrases = _pypinyin_phrases()
    table: dict[str, tuple[str, ...]] = {}
    for phrase in phrases:
        for size in range(1, len(phrase)):
            table.setdefault(phrase[:size], _PREFIX_ONLY)
    for phrase, readings in phrases.items():
        table[phrase] = tuple(_READING_SEPARATOR.join(character) for character in readings)
    return table


def _pypinyin_phrases() -> dict[str, list[list[str]]]:
    """pypinyin's phrase dictionary, read from its data file (importing its module would keep it in memory)."""
    spec = find_spec("pypinyin")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "phrases_dict.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    from pypinyin.phrases_dict import phrases_dict

    return phrases_dict
