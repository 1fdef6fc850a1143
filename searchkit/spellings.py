"""British and American spellings of English words (labour / labor, defence / defense, organisation /
organization), so that a query in one spelling also finds the other.

The pairs are localspelling's (about 1,000 words and their inflections, and any word in -isation / -ization) plus
a few common in news that it leaves out. They are kept as a table in the lexicon cache: importing localspelling
compiles a regular expression of every word (some 30 ms), which a cold search should not pay.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

from searchkit.lexicon_cache import cached_table, installed_version

# Pairs localspelling leaves out (British, American): -ence / -ense nouns and a few words of news and statistics.
_MORE_PAIRS = {
    "defence": "defense", "defences": "defenses", "offence": "offense", "offences": "offenses",
    "pretence": "pretense", "programme": "program", "programmes": "programs", "grey": "gray",
    "sulphur": "sulfur", "tonne": "ton", "tonnes": "tons", "kilogramme": "kilogram", "kilogrammes": "kilograms",
    "catalogue": "catalog", "catalogues": "catalogs",
}
# localspelling's pairs of two different words or names, not two spellings of one (Faroes and fares, bourne and
# borne, Rolland and Roland): left out.
_NOT_PAIRS = frozenset({"faroes", "fares", "bourne", "borne", "rolland", "roland", "hilary", "hillary", "louth",
                        "loth", "barbel", "barbell", "curiae", "curie", "compere", "compeer", "bougie", "bogie"})
_WORD = re.compile(r"[A-Za-z]+")
_BRITISH_SUFFIX, _AMERICAN_SUFFIX = re.compile(r"isation(s?)$"), re.compile(r"ization(s?)$")
AMERICAN, BRITISH = "us", "gb"
_INFLECTIONS = ("ings", "ing", "ed", "s")


@lru_cache(maxsize=1)
def _other_spellings() -> Mapping[str, tuple[str, ...]]:
    """Word (lowercase) → (AMERICAN or BRITISH, the word in that spelling): its spelling on the other side of the
    Atlantic."""
    return cached_table(f"spelling-pairs2-{installed_version('localspelling')}", _build_other_spellings)


def _build_other_spellings() -> dict[str, tuple[str, ...]]:
    from localspelling.spelling_converter import get_dictionary

    british_to_american = {british: american for british, american in get_dictionary("us").items()
                           if "*" not in british and "*" not in american and not {british, american} & _NOT_PAIRS}
    british_to_american.update(_MORE_PAIRS)
    table = {british: (AMERICAN, american) for british, american in british_to_american.items()}
    for british, american in british_to_american.items():
        table.setdefault(american, (BRITISH, british))
    return table


def other_spelling(word: str) -> tuple[str, str] | None:
    """(AMERICAN or BRITISH, the word in that spelling, lowercase) for a word with another spelling, else None."""
    lower = word.lower()
    if lower.endswith(("isation", "isations")):
        return AMERICAN, _BRITISH_SUFFIX.sub(r"ization\1", lower)
    if lower.endswith(("ization", "izations")):
        return BRITISH, _AMERICAN_SUFFIX.sub(r"isation\1", lower)
    found = _other_spellings().get(lower)
    if found:
        return found[0], found[1]
    return _inflected(lower)


def _inflected(lower: str) -> tuple[str, str] | None:
    """An inflection the table leaves out, through its base of 4 letters or more: plowing is ploughing, centered
    centred (the base's final e dropped before a vowel); none where the spellings differ in a doubled final
    letter (distil, distill: distilled is both), whose inflections follow rules of their own."""
    for suffix in _INFLECTIONS:
        base = lower.removesuffix(suffix)
        other = _other_spellings().get(base) if lower.endswith(suffix) and len(base) >= 4 else None
        if other is None:
            continue
        spelling, word = other
        if word[:-1] == base or base[:-1] == word:  # distil / distill, enrol / enroll
            return None
        return spelling, (word[:-1] if word.endswith("e") and suffix[0] in "ei" else word) + suffix
    return None


def respelled(text: str) -> list[str]:
    """The text in American spelling, then in British, each only if it differs from the text: the words with
    another spelling replaced (lowercase), the others as they were."""
    variants = []
    for spelling in (AMERICAN, BRITISH):
        variant = _WORD.sub(lambda match: _in_spelling(match.group(), spelling), text)
        if variant != text:
            variants.append(variant)
    return variants


def _in_spelling(word: str, spelling: str) -> str:
    other = other_spelling(word)
    return other[1] if other is not None and other[0] == spelling else word
