"""The names a CC-CEDICT definition holds besides its gloss: a name heading a description ("Moscow, capital of
Russia"), "(or X)" alternatives, two names joined by "or", an acronym in parentheses. Searching translates through
them (lexicon._search_glosses); alignment keeps to the glosses."""

from __future__ import annotations

import re

from searchkit.normalize import HAN_RANGES

NOTE = re.compile(rf"\([^()]*\)|\[[^\[\]]*\]|\S*[{HAN_RANGES}]\S*")  # notes, pinyin, Chinese in a definition
_ALTERNATIVE = re.compile(r"\(or ([^()]+)\)")  # Myanmar (or Burma)
_ACRONYM = re.compile(r"(?<=[A-Za-z]) \(([A-Z]{2,6})\)")  # Guomindang or Kuomintang (KMT), right after a name
_QUALIFIERS = frozenset({"PRC", "ROC", "US", "USA", "UK", "TV", "HK", "EU", "UN"})  # "Supreme People's Court (PRC)"
_NAME_NOTE = re.compile(r"\((?:[^()]* )?(?:sur)?name\)")  # "Said or Sayed (Arabic name)": spellings, not names
_MAX_NAME_WORDS = 4  # longest head or alternative taken from a gloss


def names_in(definition: str) -> list[str]:
    """A capitalised name heading a definition with a qualifier after a comma ("Moscow, capital of Russia",
    "Chiang Kai-shek (1887-1975), military leader ..."; not a list such as "Beijing, Shanghai and Guangzhou"), the
    capitalised "(or X)" alternatives of a capitalised name ("Myanmar (or Burma)"; not "the tens place (or
    column)"), the names of a definition that is two names joined by "or" ("Guomindang or Kuomintang (KMT)"), and
    an acronym in parentheses after a name (KMT)."""
    head, comma, rest = definition.partition(",")
    plain_head = NOTE.sub(" ", head)
    # a description after the comma may hold "and" when the head is a name of two words or more (not "Yan, a
    # vassal state of Zhou in modern Hebei and Liaoning": one syllable is too often something else)
    described = " and " not in rest and " or " not in rest or (len(plain_head.split()) > 1 and not _only_names(rest))
    names = [head] if comma and described and _is_name(plain_head) else []
    bare = NOTE.sub(" ", definition.split("(or ", 1)[0])
    if _is_name(bare):
        names += [alternative for alternative in _ALTERNATIVE.findall(definition) if _is_name(alternative)]
        names += [acronym for acronym in _ACRONYM.findall(head)
                  if acronym not in _QUALIFIERS and _abbreviates(acronym, plain_head)]
    either = bare.split(" or ")
    if not comma and len(either) == 2 and all(map(_is_name, either)) and not _NAME_NOTE.search(definition):
        names += [name.strip() for name in either]
    return names


def _abbreviates(acronym: str, name: str) -> bool:
    """True when the acronym's letters come in order in the name, the first starting it (KMT in Kuomintang);
    not a qualifier such as (US) after "Congress" or (TV) after "Mr. Bean"."""
    starts_a_word = any(word[:1].lower() == acronym[0].lower() for word in name.split())
    letters = iter(name.lower())  # `in` consumes it: the acronym's letters must come in order
    return starts_a_word and all(letter in letters for letter in acronym.lower())


def _only_names(text: str) -> bool:
    """True for a list of capitalised names joined by commas, "and" or "or" (Shanghai and Guangzhou)."""
    words = [word for word in text.replace(",", " ").split() if word not in ("and", "or")]
    return bool(words) and all(word[0].isupper() for word in words)


def _is_name(text: str) -> bool:
    """At most _MAX_NAME_WORDS words, the first and every one longer than three letters capitalised."""
    words = text.split()
    return 0 < len(words) <= _MAX_NAME_WORDS and all(
        word[0].isupper() for index, word in enumerate(words) if index == 0 or len(word) > 3)
