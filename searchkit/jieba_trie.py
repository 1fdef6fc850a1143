"""jieba's precise-mode segmentation over a compact trie of jieba's own dictionary: the same words, in less memory.

jieba.Tokenizer keeps its dictionary as a dict of every word and every word's prefixes (about 500,000 entries,
some 62 MB in each process) and finds the words starting at a position by probing that dict one character at a
time. TrieTokenizer is a jieba.Tokenizer whose words sit in a marisa trie, with their log probabilities in an
array (about 7 MB together, read from the cache directory in milliseconds). One call into the trie gives every
dictionary word starting at a position, and the best route through the sentence (jieba's calc) is computed in
the same pass. Splitting text into blocks, the HMM for runs of unknown characters (jieba.finalseg) and every
other step are jieba's own, so the words are jieba's: the tests compare them with jieba.dt's.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Iterator
from typing import NamedTuple

import jieba
import marisa_trie

from searchkit.lexicon_cache import cache_directory, cached_checked, installed_version

_FORMAT_VERSION = 2  # 2: one checked file (lexicon_cache.save_checked)


class WordCounts:
    """jieba's FREQ, read-only, over the trie: a dictionary word's count; None for anything else (jieba's FREQ
    has 0 for the prefixes of words, which jieba treats the same as absent)."""

    def __init__(self, trie: marisa_trie.Trie, counts: array) -> None:
        self._trie, self._counts = trie, counts

    def get(self, word: str, default=None):
        key = self._trie.get(word)
        return default if key is None else self._counts[key]

    def __getitem__(self, word: str) -> int:
        return self._counts[self._trie[word]]

    def __contains__(self, word: str) -> bool:
        return word in self._trie

    def __len__(self) -> int:
        return len(self._trie)

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())


class _RoutedDAG:
    """What get_DAG returns: jieba's DAG (position → end positions of the words starting there), computed on
    demand, and the sentence it belongs to, so that calc can compute the route straight from the trie."""

    def __init__(self, tokenizer: "TrieTokenizer", sentence: str) -> None:
        self.tokenizer, self.sentence = tokenizer, sentence

    def __getitem__(self, start: int) -> list[int]:
        ends = [start + len(word) - 1 for word in self.tokenizer.words_at(self.sentence, start)]
        return ends or [start]

    def __len__(self) -> int:
        return len(self.sentence)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.sentence)))

    def items(self) -> Iterator[tuple[int, list[int]]]:
        return ((start, self[start]) for start in self)


class TrieTokenizer(jieba.Tokenizer):
    """jieba.Tokenizer with the default dictionary held in a marisa trie (see the module docstring). The trie is
    read-only: other dictionaries and changes to this one (add_word, del_word, load_userdict, suggest_freq with
    tune=True, set_dictionary) raise NotImplementedError."""

    def __init__(self) -> None:
        super().__init__()
        self._loading = threading.Lock()
        self.trie: marisa_trie.Trie | None = None

    def initialize(self, dictionary=None) -> None:
        if dictionary is not None:
            self._read_only()
        with self._loading:
            if self.initialized:
                return
            dictionary = load_dictionary()
            self.trie, self.log_probabilities = dictionary.trie, dictionary.log_probabilities
            self.max_word_length, self.total = dictionary.max_word_length, dictionary.total
            self.FREQ = WordCounts(dictionary.trie, dictionary.counts)
            self.unknown_log_probability = -math.log(self.total or 1)  # jieba's log(FREQ.get(word) or 1) - log(total)
            self.initialized = True

    def _read_only(self, *args, **kwargs):
        raise NotImplementedError("TrieTokenizer holds jieba's default dictionary only, read-only")

    add_word = del_word = load_userdict = set_dictionary = _read_only

    def suggest_freq(self, segment, tune: bool = False):
        if tune:
            self._read_only()
        return super().suggest_freq(segment, tune=False)

    def words_at(self, sentence: str, start: int) -> list[str]:
        """The dictionary words sentence[start:] begins with, shortest first."""
        return self.trie.prefixes(sentence[start:start + self.max_word_length])

    def get_DAG(self, sentence: str) -> _RoutedDAG:
        self.check_initialized()
        return _RoutedDAG(self, sentence)

    def calc(self, sentence: str, DAG, route: dict) -> None:
        """jieba's calc: route[i] = (best log probability of sentence[i:], end of the first word on that route);
        ties go to the longer word, as in jieba."""
        if not (isinstance(DAG, _RoutedDAG) and DAG.sentence is sentence):  # a DAG made elsewhere: jieba's own
            return super().calc(sentence, DAG, route)
        prefixes, log_probabilities = self.trie.iter_prefixes_with_ids, self.log_probabilities
        longest, unknown = self.max_word_length, self.unknown_log_probability
        route[len(sentence)] = (0, 0)
        for start in range(len(sentence) - 1, -1, -1):
            best = None
            for word, key in prefixes(sentence[start:start + longest]):
                end = start + len(word) - 1
                candidate = (log_probabilities[key] + route[end + 1][0], end)
                if best is None or candidate > best:
                    best = candidate
            route[start] = best or (unknown + route[start + 1][0], start)


class Dictionary(NamedTuple):
    """jieba's dictionary over a trie: trie keys index the arrays."""

    trie: marisa_trie.Trie
    counts: array             # each word's count
    log_probabilities: array  # log(count / total)
    total: int                # the sum of the counts of every line of the dictionary file, as jieba takes it
    max_word_length: int


def load_dictionary() -> Dictionary:
    """jieba's default dictionary, from the cache directory if an intact copy is there, else built now (and saved
    for next time; an unwritable cache directory only costs the build)."""
    path = cache_directory() / f"jieba-trie-v{_FORMAT_VERSION}-{installed_version('jieba')}.marisa"
    return cached_checked(path, _from_bytes, lambda: _build(*read_jieba_dictionary()), _to_bytes)


def read_jieba_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default dictionary as word → count, and the total count, read the way jieba.Tokenizer reads it: a
    later line for a word wins, and every line counts towards the total."""
    counts: dict[str, int] = {}
    total = 0
    with jieba.Tokenizer().get_dict_file() as lines:  # the default one, whatever jieba.dt was set to
        for number, line in enumerate(lines, 1):
            entry = line.strip().decode("utf-8")
            try:
                word, count = entry.split(" ")[:2]
                counts[word] = int(count)
            except ValueError:
                raise ValueError(f"invalid entry in jieba's dictionary at line {number}: {entry}") from None
            total += counts[word]
    return counts, total


def _build(counts: dict[str, int], total: int) -> Dictionary:
    """The trie of the words with a count above 0 (jieba's DAG leaves the others out) and its arrays."""
    words = [word for word, count in counts.items() if count > 0]
    trie = marisa_trie.Trie(words)
    word_counts, log_probabilities = array("q", bytes(8 * len(trie))), array("d", bytes(8 * len(trie)))
    log_total = math.log(total or 1)
    for word in words:
        key = trie[word]
        word_counts[key], log_probabilities[key] = counts[word], math.log(counts[word]) - log_total
    return Dictionary(trie, word_counts, log_probabilities, total, max(map(len, words), default=1))


def _to_bytes(dictionary: Dictionary) -> bytes:
    """Header (total, longest word, number of words), the counts, the log probabilities, then the trie."""
    header = array("q", [dictionary.total, dictionary.max_word_length, len(dictionary.trie)])
    return header.tobytes() + dictionary.counts.tobytes() + dictionary.log_probabilities.tobytes() \
        + dictionary.trie.tobytes()


def _from_bytes(data: bytes) -> Dictionary:
    header = array("q")
    header.frombytes(data[:24])
    total, longest, size = header
    arrays_end = 24 + 16 * size
    if total <= 0 or longest < 1 or size < 1 or len(data) <= arrays_end:
        raise ValueError("not a jieba dictionary")
    counts, log_probabilities = array("q"), array("d")
    counts.frombytes(data[24:24 + 8 * size])
    log_probabilities.frombytes(data[24 + 8 * size:arrays_end])
    trie = marisa_trie.Trie().frombytes(data[arrays_end:])
    if len(trie) != size:
        raise ValueError("the trie does not match its arrays")
    return Dictionary(trie, counts, log_probabilities, total, longest)
