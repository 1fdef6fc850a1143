"""Tokenizers and analyzers (Whoosh Tokenizer | Filter pipelines) for English, Chinese words and exact Chinese characters."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from whoosh.analysis import Filter, StemFilter, Token, Tokenizer

from searchkit.acronyms import INSIDE_A_TOKEN, acronym_of, candidate_positions, may_hold_acronyms
from searchkit.normalize import HAN_CHAR, HAN_RANGES, FoldedText, fold, fold_string

_KANA_RANGES = "\u3040-\u30ff"
_NOT_WORD = rf"\W_{HAN_RANGES}{_KANA_RANGES}"
_ENGLISH_TOKEN = re.compile(
    r"[a-z](?:\.[a-z])+(?:\.|(?![a-z]))(?:['’]s(?![a-z]))?"  # acronyms: u.s., u.s, u.s.'s (u.sa: two words)
    rf"|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+|(?:st|nd|rd|th)(?![^{_NOT_WORD}]))?"  # 1,172.9, 6,000 and 1,000th
    rf"|[^{_NOT_WORD}]+(?:['’][^{_NOT_WORD}]+)*"
)
_POSSESSIVE = re.compile(r"['’]s$")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")


def has_han(text: str) -> bool:
    """True when the text holds at least one Chinese character."""
    return HAN_CHAR.search(text) is not None


def has_english_words(text: str) -> bool:
    """True when the English tokenizer finds a word (or number) in the text: Chinese and kana are not words."""
    return any(clean_english_token(match.group()) for match in _ENGLISH_TOKEN.finditer(fold_string(text)))


def _new_token(positions, chars, removestops, mode, kwargs) -> Token:
    return Token(positions, chars, removestops=removestops, mode=mode, **kwargs)


def _whole_value_token(value: str, token: Token, start_pos: int, start_char: int) -> Token:
    token.original = token.text = value
    token.boost = 1.0
    token.stopped = False
    token.pos = start_pos
    token.startchar = start_char
    token.endchar = start_char + len(value)
    return token


def clean_english_token(text: str) -> str:
    """Normalise one raw English token: acronym dots, digit group commas, possessive 's, an ordinal's ending
    (31st: 31, so that "May 31" finds May 31st)."""
    if "." in text and text[0].isalpha():
        return _POSSESSIVE.sub("", text).replace(".", "")
    text = text.replace(",", "") if "," in text else _POSSESSIVE.sub("", text).replace("’", "'")
    ordinal = _ORDINAL.fullmatch(text) if text[-1:] in ("d", "h", "t") else None
    return ordinal.group(1) if ordinal else text


class _FoldedTextTokenizer(Tokenizer):
    """The Token plumbing shared by our tokenizers: subclasses list (text, position, start, end) pieces of the
    folded text, and tokens get positions from start_pos and character offsets into the original value."""

    def pieces(self, folded: FoldedText, mode: str, value: str) -> Iterator[tuple[str, int, int, int]]:
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs) -> Iterator[Token]:
        token = _new_token(positions, chars, removestops, mode, kwargs)
        if not tokenize:
            yield _whole_value_token(value, token, start_pos, start_char)
            return
        folded = fold(value)
        for text, position, start, end in self.pieces(folded, mode, value):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[folded.original_start(start):folded.original_end(end)]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + folded.original_start(start)
                token.endchar = start_char + folded.original_end(end)
            yield token


class EnglishTokenizer(_FoldedTextTokenizer):
    """Words of the folded text (lowercase, accents removed, full-width folded); Chinese characters are skipped.
    When indexing, a hyphenated word is also given joined, at its first part's position, after its last part."""

    def pieces(self, folded: FoldedText, mode: str, value: str) -> Iterator[tuple[str, int, int, int]]:
        joined = {start: (word, end) for word, start, end in _joined_words(folded.text)} if mode == "index" else {}
        pending: list[tuple[int, str, int, int]] = []  # (end, joined word, start, position of the first part)
        position, acronyms = 0, may_hold_acronyms(value)
        for match in _ENGLISH_TOKEN.finditer(folded.text):
            text = clean_english_token(match.group())
            if not text:
                continue
            if acronyms:
                text = acronym_of(value, folded, match) or text
            if match.start() in joined:
                word, end = joined[match.start()]
                pending.append((end, word, match.start(), position))
            yield text, position, match.start(), match.end()
            position += 1
            while pending and pending[0][0] <= match.end():
                end, word, start, first = pending.pop(0)
                yield word, first, start, end


# Per-word caches are bounded: an archive's vocabulary keeps growing (Heaps' law), and each entry of a cache of
# strings costs some 150 bytes in every indexing process. The most frequent 32k words take nearly all lookups.
WORD_CACHE_SIZE = 32_768


@lru_cache(maxsize=1)
def _english_stemmer():
    from whoosh.lang import stemmer_for_language

    return lru_cache(maxsize=WORD_CACHE_SIZE)(stemmer_for_language("en"))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _english_term(raw_token: str) -> str:
    word = clean_english_token(raw_token)
    return _english_stemmer()(word) if word else ""


def english_word_stem(word: str) -> str:
    """The term the English fields index for one word (lowercase letters): its stem, or "" for none."""
    return _english_term(word)


def english_stems_of(value: str) -> list[str]:
    """The terms english_analyzer() yields for the text, without Token objects (indexing)."""
    if not may_hold_acronyms(value):
        return [term for term in map(_english_term, _ENGLISH_TOKEN.findall(fold_string(value))) if term]
    folded = fold(value)
    text, terms, previous = folded.text, [], 0
    for candidate in candidate_positions(value, folded):
        token = _ENGLISH_TOKEN.match(text, candidate) if candidate >= previous else None
        acronym = token and acronym_of(value, folded, token)
        if acronym:  # nothing before it belongs to a token: the text is cut there, and tokens read piece by piece
            terms += map(_english_term, _ENGLISH_TOKEN.findall(text, previous, candidate))
            terms.append(acronym)
            previous = token.end()
    terms += map(_english_term, _ENGLISH_TOKEN.findall(text, previous))
    return [term for term in terms if term]


def english_stem_spans(value: str, start_char: int = 0, joined: list | None = None) -> list[tuple[str, int, int]]:
    """(stem, start, end) of every term english_analyzer() yields, with its offsets in the original text (what
    the analyzer gives with chars=True), without Token objects (highlighting). joined: a list to which the
    (joined stem, start, end) of the text's hyphenated words are added (co-operation as cooper)."""
    folded = fold(value)
    if joined is not None:
        joined += [(_english_term(word), start_char + folded.original_start(start),
                    start_char + folded.original_end(end)) for word, start, end in _joined_words(folded.text)]
    matches = _ENGLISH_TOKEN.finditer(folded.text)
    if may_hold_acronyms(value):
        terms = (((acronym_of(value, folded, match) or _english_term(match.group())), match) for match in matches)
    else:
        terms = ((_english_term(match.group()), match) for match in matches)
    if folded.offsets is None:  # the common case: offsets in the folded text are offsets in value
        return [(term, start_char + match.start(), start_char + match.end()) for term, match in terms if term]
    return [(term, start_char + folded.original_start(match.start()), start_char + folded.original_end(match.end()))
            for term, match in terms if term]


# Words joined by hyphens between letters (co-operation, Kai-shek): the index also holds them joined, at the
# position of their first part, so that cooperation finds co-operation. A hyphen next to a digit joins nothing.
_WORD_CHAR = f"[^{_NOT_WORD}]"
_HYPHEN = re.compile("[-\u2010\u2011]")
_WORD_ENDING_HERE = re.compile(rf"{_WORD_CHAR}+\Z")  # searched with endpos: the word run that ends there
_HYPHENATED_RUN = re.compile(rf"{_WORD_CHAR}++(?:[-\u2010\u2011]{_WORD_CHAR}++)+")
INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011](?=[^\W\d_])")


def _joined_words(folded_text: str) -> Iterator[tuple[str, int, int]]:
    """(joined word, start, end) of each hyphenated word of folded text whose hyphens all join letters and which
    starts an English token. Found from its hyphens (rare), not by trying every word."""
    covered = 0
    for hyphen in _HYPHEN.finditer(folded_text):
        if hyphen.start() < covered:
            continue
        first = _WORD_ENDING_HERE.search(folded_text, max(0, hyphen.start() - 64), hyphen.start())
        if first is None:
            continue
        start = first.start()
        run = _HYPHENATED_RUN.match(folded_text, start)
        if run is None:
            continue
        covered = run.end()
        joined = INNER_HYPHEN.sub("", run.group())
        before = folded_text[start - 1] if start else " "
        if joined.isalnum() and before not in INSIDE_A_TOKEN and not _WORD_ENDING_HERE.match(before):
            yield joined, start, run.end()


def joined_english_terms(value: str) -> tuple[list[str], list[int]]:
    """The stems of the text's hyphenated words joined, and the position of each (its first part's index among
    the stems english_stems_of gives: the tokens before it, counted without Python per token): extra terms of an
    English field, as EnglishTokenizer gives them."""
    folded = fold_string(value)
    terms, positions, counted, counted_to = [], [], 0, 0
    for word, start, _ in _joined_words(folded):
        counted += len(_ENGLISH_TOKEN.findall(folded, counted_to, start))  # start is a token boundary
        counted_to = start
        terms.append(_english_term(word))
        positions.append(counted)
    return terms, positions


def english_word_spans(value: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of every token EnglishTokenizer yields for value, offsets in value, without Token objects
    (translation spans in aligned passages). An acronym is its plain word (US: us, not u.s.), as glosses write it."""
    folded = fold(value)
    words = ((clean_english_token(match.group()), match.start(), match.end())
             for match in _ENGLISH_TOKEN.finditer(folded.text))
    return [(word, folded.original_start(start), folded.original_end(end)) for word, start, end in words if word]


@lru_cache(maxsize=1)
def jieba_tokenizer():
    """The jieba segmenter (precise mode over a trie of jieba's dictionary: jieba_trie), loaded once on first use.
    TrieTokenizer loads under its own lock and never logs, unlike jieba.dt's first load."""
    from searchkit.jieba_trie import TrieTokenizer

    tokenizer = TrieTokenizer()
    tokenizer.initialize()
    return tokenizer


ALPHANUMERIC = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true


def segment_words(folded_text: str) -> Iterator[tuple[str, int, int]]:
    """jieba precise-mode words of already folded text as (word, start, end), punctuation and spaces dropped."""
    for word, start, end in jieba_tokenizer().tokenize(folded_text, mode="default", HMM=True):
        if ALPHANUMERIC.search(word):
            yield word, start, end


class ChineseWordTokenizer(_FoldedTextTokenizer):
    """jieba precise-mode words of the folded text, with sequential positions and offsets into the original."""

    def pieces(self, folded: FoldedText, mode: str, value: str) -> Iterator[tuple[str, int, int, int]]:
        for position, (word, start, end) in enumerate(segment_words(folded.text)):
            yield word, position, start, end


_NOT_SPACE_RUN = re.compile(r"[^\s]+")  # \s: the characters str.isspace() and str.split() treat as white space


def stripped_characters(folded: FoldedText) -> tuple[str, list[int]]:
    """The folded text without white space, and each kept character's folded offset."""
    runs = [(match.group(), match.start()) for match in _NOT_SPACE_RUN.finditer(folded.text)]
    offsets: list[int] = []
    for run, start in runs:
        offsets.extend(range(start, start + len(run)))
    return "".join(run for run, _ in runs), offsets


def character_grams(key: str) -> list[str]:
    """The terms an exact query for `key` looks up: the single character, or its overlapping bigrams in order."""
    if len(key) == 1:
        return [key]
    return [key[i:i + 2] for i in range(len(key) - 1)]


class CharacterGramTokenizer(_FoldedTextTokenizer):
    """Exact-match terms: every non-space character (unigram) and every adjacent pair (bigram), both at its position.

    White space is skipped, so a bigram may join the characters on either side of a line break.
    In query mode only the terms an exact lookup needs are produced (see character_grams).
    """

    def pieces(self, folded: FoldedText, mode: str, value: str) -> Iterator[tuple[str, int, int, int]]:
        key, folded_offsets = stripped_characters(folded)
        for index, term, length in self._grams(key, mode):
            yield term, index, folded_offsets[index], folded_offsets[index + length - 1] + 1

    @staticmethod
    def _grams(key: str, mode: str) -> Iterator[tuple[int, str, int]]:
        if mode == "query":
            for index, gram in enumerate(character_grams(key)):
                yield index, gram, len(gram)
            return
        for index, char in enumerate(key):
            yield index, char, 1
            if index + 1 < len(key):
                yield index, key[index:index + 2], 2


# The commonest English function words of news text (each at least about 0.15 % of the tokens, 36 % together).
# A phrase that holds one is looked up through pair terms (see CommonPairFilter) instead of the word's positions.
COMMON_WORDS = (
    "the of and to in a that is for on it with was as be at this from have will by has are he an we not they but "
    "their his been were who which i she her or had there can you would our"
).split()
PAIR_MARK = "\x1f"  # starts every pair term: no stem contains it, so prefix and fuzzy expansions never reach pairs


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """The stems of COMMON_WORDS."""
    return frozenset(_english_term(word) for word in COMMON_WORDS)


def pair_term(first: str, second: str) -> str:
    """The term of two adjacent stems."""
    return f"{PAIR_MARK}{first} {second}"


def common_pairs(stems: list[str]) -> tuple[list[str], list[int]]:
    """The pair terms of adjacent stems of which at least one is common, and each pair's position (its first
    stem's index)."""
    common = common_stems()
    is_common = [stem in common for stem in stems]
    pairs, positions = [], []
    for index in range(len(stems) - 1):
        if is_common[index] or is_common[index + 1]:
            pairs.append(pair_term(stems[index], stems[index + 1]))
            positions.append(index)
    return pairs, positions


def phrase_lookup_terms(stems: list[str]) -> list[str]:
    """The terms, at consecutive positions, an exact phrase of adjacent stems is matched with: each stem but the
    last becomes its pair with the next stem when either is common, else stays itself; the last stem is added
    unless the pair before it holds it. Each term at offset i holds stem i, so the phrase of the terms matches
    exactly where the stems occur one after another, and common words' long position lists are never read."""
    common = common_stems()
    terms, last_paired = [], False
    for first, second in zip(stems, stems[1:]):
        last_paired = first in common or second in common
        terms.append(pair_term(first, second) if last_paired else first)
    return terms if last_paired else terms + stems[-1:]


class CommonPairFilter(Filter):
    """When indexing, adds after each stem the pair term of the stem before it and this one, when either is
    common (COMMON_WORDS), at the first stem's position and spanning both; queries and highlighting see stems
    only. Like Lucene's CommonGrams: phrases with "the" or "of" read the rarer pairs' postings."""

    def __call__(self, tokens):
        common = common_stems()
        previous = None  # (text, pos, startchar) of the stem before
        for token in tokens:
            yield token
            if token.mode != "index":
                continue
            text, pos, start = token.text, getattr(token, "pos", 0), getattr(token, "startchar", 0)
            if previous is not None and hasattr(token, "pos") and pos <= previous[1]:
                continue  # a joined hyphenated word, at its first part's position: no pairs
            if previous is not None and (previous[0] in common or text in common):
                token.text = pair_term(previous[0], text)
                token.pos, token.startchar = previous[1], previous[2]
                yield token
            previous = (text, pos, start)


@lru_cache(maxsize=1)
def english_analyzer():
    """Fold, tokenize and stem English text; no stop words are removed ('us', 'may', 'will' stay searchable).
    When indexing, pair terms of adjacent stems with a common word are added (CommonPairFilter).

    One shared instance, so its stem cache serves every caller (highlighting re-reads whole articles).
    """
    return EnglishTokenizer() | StemFilter(lang="en", cachesize=WORD_CACHE_SIZE) | CommonPairFilter()


def chinese_word_analyzer():
    """jieba precise-mode words, folded to simplified characters, for ranking and proximity."""
    return ChineseWordTokenizer()


def chinese_exact_analyzer():
    """Character unigrams and bigrams with positions, for exact substring matching."""
    return CharacterGramTokenizer()
