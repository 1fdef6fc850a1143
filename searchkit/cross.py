"""Cross-language search (--cross): translate query terms into the other language with CC-CEDICT and pinyin.

drill bit → 钻头; 劳动模范 → "labor model", "model worker"; Yan Wancun → the characters read yan wan cun, in a
row (阎万存), whatever the English translation calls him. Translations are searched beside the original terms at a
lower weight, and each hit reports which translations it contains (translated_from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterator

from searchkit.acronyms import acronym_meaning, typed_acronym
from searchkit.analysis import english_analyzer
from searchkit.archive_terms import translates_alone
from searchkit.normalize import exact_key
from searchkit.old_spellings import modernized_names
from searchkit.schema import DEFAULT_FIELDS, LOGICAL_FIELDS

MAX_TRANSLATIONS = 4  # lexicon.COMMONEST_WITHIN: the commonest translation is among them
MAX_PLACE_TRANSLATIONS = 2  # of an adjective's place (Chinese: 中国, 中华), ahead of the adjective's own
# A place's adjective or people is its name with an ending for another: adjective ending → place endings (Chinese:
# China, Russian: Russia, Polish: Poland, German: Germany, European: Europe, Soviet: Soviet Union). The endings of
# _CHECKED_PLACE_ENDINGS (Israeli: Israel, Cuban: Cuba) give a place only when its Chinese and a suffix of people or
# language make a Chinese word for the adjective (以色列人), or the adjective has none and the place is defined by its
# name alone (古巴: "Cuba"): Sweden is no Swede, Vegan no Vega, Wuhan no Wuhe, Fugui no Fugu ("Fugu county in Yulin").
_PLACE_ENDINGS = {
    "ese": ("", "a"), "ian": ("ia",), "lish": ("land",), "nish": ("land",), "ish": ("land", "and", "ain", "ey", "en"),
    "ean": ("e",), "an": ("any",), "": (" Union",),
}
_CHECKED_PLACE_ENDINGS = {"ese": ("on",), "ian": ("", "y", "a"), "an": ("a", "", "ia", "o"), "n": ("",), "i": ("",)}
_PEOPLE_SUFFIXES = frozenset({"", "人", "语", "族", "文", "籍", "话"})  # 以色列人, 意大利语: not 马丁尼 (Martini)
MAX_GLOSS_WORDS = 4
TRANSLATION_BOOST = 0.3  # translated matches rank below matches of the words as typed


@dataclass(frozen=True)
class Translation:
    """One way the query was carried into the other language."""

    term: str  # as typed
    translation: str  # Chinese word, English gloss, or a pinyin name pattern (yan wan cun)
    kind: str  # "zh" (English → Chinese), "en" (Chinese → English) or "name" (pinyin → characters)


def chinese_for_typed(text: str) -> list[str]:
    """The Chinese words (of two characters or more) for English as typed in a query. US, WHO and IT typed as
    acronyms are looked up as what they stand for (美国, not 我们); another acronym (AIDS) keeps the words whose
    definitions write it in capitals (艾滋病, not 帮助 for "aids" as in "helps"). An old spelling without a
    translation of its own gets its pinyin spelling's (Chungking: 重庆)."""
    from searchkit import lexicon

    meaning, acronym = acronym_meaning(text), typed_acronym(text)
    words = lexicon.chinese_translations(meaning or acronym or " ".join(text.lower().split()))
    if acronym and not meaning:
        words = [word for word in words if lexicon.written_in_definitions(word, acronym.upper())]
    words = list(dict.fromkeys(filter(translates_alone, place_translations(text) + words)))
    modern = (chinese_for_typed(name.title()) for name in modernized_names(text) if name.title() != text)
    return words[:MAX_TRANSLATIONS] or next(filter(None, modern), [])  # Chungking: Chongqing's 重庆


def place_translations(adjective: str) -> list[str]:
    """The Chinese names of the place a capitalised adjective or people is named after (Chinese → 中国, 中华;
    Soviet → 苏联; Russian → 俄罗斯, 俄国): of the first place name found, in the order of the endings, that
    CC-CEDICT writes capitalised (China is not china, 瓷, and German's stem is not a germ). [] for other words."""
    from searchkit import lexicon

    if not (adjective.isalpha() and adjective.isascii() and len(adjective) > 3):
        return []
    word = adjective[0].upper() + adjective[1:].lower()
    own: list[str] | None = None
    for place, checked in _places(word):
        found = _written_as(place)
        if found and checked:
            own = lexicon.chinese_translations(word) if own is None else own
            found = [chinese for chinese in found if any(_people_of(w, chinese) for w in own)
                     or not own and lexicon.defined_as(chinese, place)]
        if found:
            return found[:MAX_PLACE_TRANSLATIONS]
    return []


def _people_of(word: str, place: str) -> bool:
    """True for the place's word itself or its people or language (以色列人, 意大利语), not 马丁尼 for 马丁."""
    return word.startswith(place) and word[len(place):] in _PEOPLE_SUFFIXES


def _places(word: str) -> Iterator[tuple[str, bool]]:
    """The place names a word may be the adjective of, and whether each must be checked (_CHECKED_PLACE_ENDINGS)."""
    for endings, checked in ((_PLACE_ENDINGS, False), (_CHECKED_PLACE_ENDINGS, True)):
        for ending, place_endings in endings.items():
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                yield from ((word[:len(word) - len(ending)] + place_ending, checked) for place_ending in place_endings)


def _written_as(name: str) -> list[str]:
    """The Chinese words (two characters or more) translating a name that CC-CEDICT writes as given."""
    from searchkit import lexicon

    return [chinese for chinese in lexicon.chinese_translations(name)
            if len(chinese) > 1 and lexicon.written_in_definitions(chinese, name)]


def english_for_chinese(key: str) -> list[str]:
    from searchkit import lexicon

    glosses = [g for g in lexicon.english_glosses(key) if 0 < len(g.split()) <= MAX_GLOSS_WORDS]
    # "guomindang or kuomintang": each name is a translation of its own, the two together none
    glosses = [g for g in glosses if not (" or " in g and all(name in glosses for name in g.split(" or ")))]
    # "moscow, capital of russia", "soviet union, 1922-1991": the name alone is a gloss too, and is the translation
    glosses = [g for g in glosses if not any(g.startswith(name + ",") for name in glosses)
               and not g.startswith("also ")]  # 邯郸: "also Handan county" beside "handan"
    archive = [gloss for gloss in glosses if gloss in lexicon.archive_glosses(key)][:1]  # 运动: movement, after 4
    glosses = list(dict.fromkeys(glosses[:MAX_TRANSLATIONS - len(archive)] + archive))
    translations = [_as_written(key, gloss) for gloss in glosses][:MAX_TRANSLATIONS]
    adjectives = [adjective for gloss in translations[:1] for adjective in adjectives_of_place(key, gloss)
                  if adjective.lower() not in translations]
    return translations[:MAX_TRANSLATIONS - len(adjectives)] + adjectives


def adjectives_of_place(chinese_word: str, place: str) -> list[str]:
    """The adjectives (or peoples) of a place that the Chinese word names (中国, china: Chinese; 苏联, soviet union:
    Soviet): words CC-CEDICT writes capitalised (Chinese, not Greenish for Greenland) whose place_translations
    give the Chinese word back."""
    from searchkit import lexicon

    name = " ".join(word[:1].upper() + word[1:] for word in place.split())
    if not lexicon.written_in_definitions(chinese_word, name):
        return []
    candidates = dict.fromkeys(name[:len(name) - len(place_ending)] + ending
                               for endings in (_PLACE_ENDINGS, _CHECKED_PLACE_ENDINGS)
                               for ending, place_endings in endings.items() for place_ending in place_endings
                               if name.endswith(place_ending) and len(name) > len(place_ending)
                               and (ending or place_ending))
    known = lexicon.english_gloss_words()  # Chinese, not Chinaese
    return [adjective for adjective in candidates if adjective.lower() in known and _written_as(adjective)
            and chinese_word in place_translations(adjective)][:1]


def _as_written(chinese_word: str, gloss: str) -> str:
    """A one-word gloss the word's definitions write in capitals (美国: US, USA) in capitals, so that it is searched
    as the acronym (US is the United States, not the pronoun us); other glosses as they are (lowercase)."""
    from searchkit import lexicon

    acronym = gloss.upper()
    return acronym if gloss.isalpha() and len(gloss) <= 5 and lexicon.written_in_definitions(chinese_word, acronym) \
        else gloss


@lru_cache(maxsize=1)
def _characters_by_syllable() -> dict[str, frozenset[str]]:
    from searchkit.normalize import fold_string
    from searchkit.pinyin_phrases import single_character_readings

    table: dict[str, set[str]] = {}
    for code, readings in single_character_readings().items():
        char = fold_string(chr(code))
        for reading in readings.split(","):
            syllable = exact_key(reading)  # folds tone marks away
            if syllable.isalpha() and syllable.isascii():
                table.setdefault(syllable, set()).add(char)
    return {syllable: frozenset(chars) for syllable, chars in table.items()}


def name_syllables(latin: str) -> tuple[str, ...]:
    """A romanized Chinese name as 2–4 pinyin syllables (Yan Wancun → yan, wan, cun); () when it is not one."""
    from searchkit import pinyin

    syllables = pinyin.pinyin_syllables(latin)
    return syllables if 2 <= len(syllables) <= 4 else ()


def characters_for(syllables: tuple[str, ...]) -> list[frozenset[str]]:
    table = _characters_by_syllable()
    return [table.get(syllable, frozenset()) for syllable in syllables]


@lru_cache(maxsize=256)
def name_pattern(syllables: tuple[str, ...]) -> re.Pattern:
    """A regular expression for the name in folded Chinese text: one character per syllable, in a row."""
    classes = ("[" + "".join(sorted(chars)) + "]" for chars in characters_for(syllables))
    return re.compile("".join(classes))


# The Article attributes the fields searched by default read (entities serves both languages).
_CHINESE_SOURCES = tuple(dict.fromkeys(LOGICAL_FIELDS[name].source_zh for name in DEFAULT_FIELDS))
_ENGLISH_SOURCES = tuple(dict.fromkeys(filter(None, (LOGICAL_FIELDS[name].source_en for name in DEFAULT_FIELDS))))


class ArticleTexts:
    """An article's texts in every field searched by default (title, body, author, column, entities) in the
    forms translations are looked for in: folded Chinese without white space, and English stems; each worked
    out once per article, when first needed."""

    def __init__(self, article: dict) -> None:
        self.article = article

    @cached_property
    def chinese_keys(self) -> list[str]:
        return [exact_key(self.article.get(source) or "") for source in _CHINESE_SOURCES]

    @cached_property
    def english_stems(self) -> list[list[str]]:
        return [[token.text for token in english_analyzer()(self.article.get(source) or "")]
                for source in _ENGLISH_SOURCES]


def found_in(translation: Translation, texts: ArticleTexts) -> str | None:
    """The text by which the article contains this translation, or None."""
    if translation.kind == "zh":
        key = exact_key(translation.translation)
        return translation.translation if any(key in text for text in texts.chinese_keys) else None
    if translation.kind == "name":
        pattern = name_pattern(tuple(translation.translation.split()))
        match = next((m for text in texts.chinese_keys if (m := pattern.search(text))), None)
        return match.group() if match else None
    stems = [token.text for token in english_analyzer()(translation.translation)]
    for text_stems in texts.english_stems:
        if any(text_stems[i:i + len(stems)] == stems for i in range(len(text_stems) - len(stems) + 1)):
            return translation.translation
    return None
