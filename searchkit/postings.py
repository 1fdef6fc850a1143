"""The postings of each indexed field, computed a whole document at a time, and the formats that store them.

Indexing does not go through Whoosh's per-token pipeline: a document's postings for a field are three arrays,
term keys, frequencies and the positions of each term (grouped by term, ascending), built with numpy. Keys are
ordered exactly as Whoosh orders the terms' UTF-8 bytes, so a segment writer can sort postings by key:
- exact fields (character unigrams and bigrams): the key is computed from the code points (gram_key), so no
  vocabulary is needed and a bigram sorts right after its first character, as "中" < "中国" < "丰";
- word fields (jieba words, English stems and their pair terms, facet values): the key is an id in a
  Vocabulary, which a writer ranks by UTF-8 bytes before it writes.

The analyzers in analysis.py produce the same terms and positions token by token (tests compare the two); the
query side uses them. Only indexing imports this module (and numpy).
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from typing import Callable

import numpy as np

from searchkit.analysis import ALPHANUMERIC, common_pairs, english_stems_of, joined_english_terms
from searchkit.jieba_rs_words import jieba_words
from searchkit.normalize import fold_string

_BIGRAM_SHIFT = 21  # code points need 21 bits; a unigram's low bits are 0, a bigram's hold its second code point + 1
_LOW_BITS = (1 << _BIGRAM_SHIFT) - 1
_EMPTY_KEYS = np.empty(0, dtype=np.uint64)
_EMPTY_COUNTS = np.empty(0, dtype=np.uint32)
_MEMOISED = type(functools.lru_cache(maxsize=1)(len))  # what functools.lru_cache wraps a function in


@dataclass(frozen=True)
class FieldPostings:
    """One document's postings in one field: sorted unique keys, each key's frequency, and every key's positions
    (ascending) one key after another, or None for a field without positions. length: the field's token count."""

    keys: np.ndarray
    counts: np.ndarray
    positions: np.ndarray | None
    length: int


def gram_key(term: str) -> int:
    """The key of an exact-field term (one or two characters)."""
    key = ord(term[0]) << _BIGRAM_SHIFT
    return key | (ord(term[1]) + 1) if len(term) > 1 else key


def gram_key_text(key: int) -> str:
    """The term text of an exact-field key: one character, or a bigram."""
    first, second = key >> _BIGRAM_SHIFT, key & _LOW_BITS
    return chr(first) if second == 0 else chr(first) + chr(second - 1)


def exact_text(value: str) -> str:
    """The text an exact field indexes: folded, with all white space removed (see normalize.exact_key)."""
    return "".join(fold_string(value).split())


def gram_postings(value: str) -> FieldPostings:
    """Every character and every adjacent pair of the folded, space-free text, at the first character's index."""
    text = exact_text(value)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    size = len(codes)
    if size == 0:
        return FieldPostings(_EMPTY_KEYS, _EMPTY_COUNTS, np.empty(0, dtype=np.uint32), 0)
    keys = np.empty(2 * size - 1, dtype=np.uint64)
    keys[:size] = codes << np.uint64(_BIGRAM_SHIFT)
    keys[size:] = keys[:size - 1] | (codes[1:] + np.uint64(1))
    indexes = np.arange(size, dtype=np.uint32)
    return _grouped(keys, np.concatenate([indexes, indexes[:-1]]), len(keys), with_positions=True)


class Vocabulary:
    """Term ids for word fields, in order of first sight; ranked by UTF-8 bytes when a writer sorts them."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def keys_of(self, terms: list[str]) -> np.ndarray:
        ids = self.ids
        number = ids.setdefault  # a new term is numbered len(ids), the count before it: in order of first sight
        return np.fromiter([number(term, len(ids)) for term in terms], dtype=np.uint64, count=len(terms))

    def terms(self) -> list[str]:
        return list(self.ids)


def word_postings(vocabulary: Vocabulary, terms: list[str], with_positions: bool,
                  extra: tuple[list[str], list[int]] | None = None, counted_extra: int = 0) -> FieldPostings:
    """Postings of a sequence of terms (position = index in the sequence), plus extra terms at given positions:
    the English pair terms, which do not count towards the field length (see PackedPositions), and, last, the
    counted_extra joined hyphenated words, which do (as Whoosh counts every token without the pair mark)."""
    if not terms:
        return FieldPostings(_EMPTY_KEYS, _EMPTY_COUNTS, np.empty(0, dtype=np.uint32) if with_positions else None, 0)
    extra_terms, extra_positions = extra or ([], [])
    keys = vocabulary.keys_of(terms + extra_terms)
    positions = np.arange(len(terms), dtype=np.uint32)
    if extra_terms:
        positions = np.concatenate([positions, np.asarray(extra_positions, dtype=np.uint32)])
    return _grouped(keys, positions, len(terms) + counted_extra, with_positions, by_position=counted_extra > 0)


def _grouped(keys: np.ndarray, positions: np.ndarray, length: int, with_positions: bool,
             by_position: bool = False) -> FieldPostings:
    """by_position: sort each key's positions (a joined hyphenated word may also occur as a plain word, earlier or
    later); else they are in order already, and a stable sort by key keeps them so."""
    order = np.lexsort((positions, keys)) if by_position else np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    counts = np.diff(np.append(starts, len(keys))).astype(np.uint32)
    return FieldPostings(keys[starts], counts, positions[order] if with_positions else None, length)


def chinese_words(value: str) -> list[str]:
    """The jieba words a word field indexes (folded text, punctuation and spaces dropped): those of
    analysis.segment_words, computed by jieba-rs (jieba_rs_words; it may break a rare tie of jieba's HMM the
    other way)."""
    search = ALPHANUMERIC.search
    return [word for word in jieba_words(fold_string(value)) if search(word)]


@dataclass(frozen=True)
class BulkAnalysis:
    """How a writer computes one field's postings from its text: exact grams, or a word analysis."""

    grams: bool
    with_positions: bool
    words: Callable[[str], list[str]] | None = None  # word fields: the terms in order
    pairs: Callable[[list[str]], tuple[list[str], list[int]]] | None = None  # extra terms from the words
    joined: Callable[[str], tuple[list[str], list[int]]] | None = None  # extra terms from the text

    def postings(self, value: str, vocabulary: Vocabulary) -> FieldPostings:
        if self.grams:
            return gram_postings(value)
        words = self.words(value)
        extra = self.pairs(words) if self.pairs else ([], [])
        joined_terms, joined_positions = self.joined(value) if self.joined else ([], [])
        extra = (extra[0] + joined_terms, extra[1] + joined_positions)
        return word_postings(vocabulary, words, self.with_positions, extra, counted_extra=len(joined_terms))


EXACT_GRAMS = BulkAnalysis(grams=True, with_positions=True)
CHINESE_WORDS = BulkAnalysis(grams=False, with_positions=False, words=chinese_words)
ENGLISH_STEMS = BulkAnalysis(grams=False, with_positions=True, words=english_stems_of, pairs=common_pairs,
                             joined=joined_english_terms)


def forget_memoised_analysis() -> None:
    """Empty the memoised tables and word caches of every searchkit module (stems, glosses, pinyin, the jieba trie:
    some 25-30 MB of an indexing process's peak). They fill again on use. A segment writer calls this before it merges its
    postings, where they would only add to the merge's peak memory."""
    for name, module in sorted(sys.modules.items()):
        if name == "searchkit" or name.startswith("searchkit."):
            for value in list(vars(module).values()):
                if isinstance(value, _MEMOISED):
                    value.cache_clear()
