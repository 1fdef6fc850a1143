"""The names a CC-CEDICT definition holds besides its gloss: a name heading a description ("Moscow, capital of
Russia"), "(or X)" alternatives, two names joined by "or", an acronym in parentheses. Searching translates through
them (lexicon._search_glosses); alignment keeps to the glosses."""

from __future__ import annotations

import re

from searchkit.normalize import HAN_RANGES

# Notes, pinyin and Chinese in a definition; Chinese with its pinyin first ("联合王国[Lian2 he2 wang2 guo2]")
NOTE = re.compile(rf"\S*[{HAN_RANGES}][^\s\[]*\[[^\[\]]*\]\S*|\([^()]*\)|\[[^\[\]]*\]|\S*[{HAN_RANGES}]\S*")
_ALTERNATIVE = re.compile(r"\(or ([^()]+)\)")  # Myanmar (or Burma)
_ACRONYM = re.compile(r"(?<=[A-Za-z]) \(([A-Z]{2,6})\)")  # Guomindang or Kuomintang (KMT), right after a name
_QUALIFIERS = frozenset({"PRC", "ROC", "US", "USA", "UK", "TV", "HK", "EU", "UN"})  # "Supreme People's Court (PRC)"
_NAME_NOTE = re.compile(r"\((?:[^()]* )?(?:sur)?name\)")  # "Said or Sayed (Arabic name)": spellings, not names
_MAX_NAME_WORDS = 4  # longest head or alternative taken from a gloss
# A place named before what it is ("Shanghai municipality, ...", "Wuhan city on Changjiang", "Shanxi Province
# (Shansi) in north China", "Taihang Mountains on the border ..."): its capitalised words, then one of these.
_PLACE_KINDS = ("municipality|city|province|county|prefecture|prefecture-level|subprovincial|sub-provincial|district|"
                "town|township|village|river|mountains?|range|lake|island|islands|autonomous|region|port|bay|strait|"
                "desert|plateau|basin|valley|peninsula|banner")
_PLACE_HEAD = re.compile(rf"^((?:[A-Z][\w'’-]*\s+){{1,3}}?)(?:(?:{_PLACE_KINDS})\b|in |on |near )")
_PLACE_KIND = re.compile(rf"\s*(?:(?:a|an|the)\s+)?(?:{_PLACE_KINDS})\b")  # after a name and a comma
# One pinyin syllable (Mao, Yan, Guan): a name too often something else. A pattern, written when pinyin's syllable
# table cost a search 80 ms to load; the table is cached now, and over the 3,236 place heads of CC-CEDICT the two
# differ only on Puan, which the pattern takes for a syllable.
_ONE_SYLLABLE = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:[iu]?(?:a|o|e|ai|ao|an|ang|ong)|ei|ou|en|eng|er|"
                           r"i|ie|iu|in|ing|u|ui|un|uo|ue|v|ve|van|vn|iong|ian|iang|iao|uai|uan|uang)", re.IGNORECASE)
_NAMED_KIND = re.compile(rf"\s+(?:{_PLACE_KINDS})$", re.IGNORECASE)  # Shanxi Province: Shanxi too


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
    described = " and " not in rest and " or " not in rest or (len(plain_head.split()) > 1 and not _only_names(rest)) \
        or bool(_PLACE_KIND.match(rest))  # "Harbin, subprovincial city and capital of Heilongjiang"
    names = [head] if comma and described and _is_name(plain_head) else []
    bare = NOTE.sub(" ", definition.split("(or ", 1)[0])
    if _is_name(bare):
        names += [alternative for alternative in _ALTERNATIVE.findall(definition) if _is_name(alternative)]
        names += [acronym for acronym in _ACRONYM.findall(head)
                  if acronym not in _QUALIFIERS and _abbreviates(acronym, plain_head)]
    either = bare.replace(", or ", " or ").split(" or ")
    if "," not in bare.replace(", or ", "") and len(either) == 2 and all(map(_is_name, either)) \
            and not _NAME_NOTE.search(definition):  # Peiping or Beiping (name of Beijing ..., esp. 1928-1949)
        names += [name.strip() for name in either]
    return names + [name for name in _place_heads(bare) if name not in names]


def _place_heads(bare: str) -> list[str]:
    """The capitalised words naming a place before a lowercase word saying what it is (see _PLACE_HEAD), and
    the same without a capitalised kind of place at their end (Shanxi Province, Shanxi); not one syllable."""
    match = _PLACE_HEAD.match(bare)
    head = match.group(1).strip() if match else ""
    if not head or head.split()[0] in ("The", "A", "An"):
        return []
    names = dict.fromkeys((head, _NAMED_KIND.sub("", head)))
    return [name for name in names if not _ONE_SYLLABLE.fullmatch(name)]  # Mao County: not Mao


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
