"""Segment Chinese query strings with the index's own vocabulary, so searching never loads jieba's dictionary.

The words field holds the jieba words of every article. A query string is cut into the sequence of indexed
words that is most probable under a unigram model (document frequencies), as jieba itself does with its
dictionary; characters that start no indexed word stand alone. Every query word is then matched as an exact
string, so an article segmented differently from the query is still found; a longer query word is stricter,
though (人民代表 as one word needs that whole string), so the cut does decide which articles match. Before
that, the cut is mended (merge_single_characters): characters cut too fine are joined, never across punctuation.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Callable

from searchkit.analysis import has_han
from searchkit.numerals import is_chinese_numeral

MAX_WORD_LENGTH = 8
WORDS_FIELD = "body_zh"


_RUN = re.compile(r"[a-z]+|\d+|[^\W\d_a-z]+")


def _split_on_non_words(key: str) -> list[str]:
    """Runs of Latin letters, of digits, and of other word characters (Chinese); punctuation is dropped."""
    return _RUN.findall(key)


def best_segmentation(run: str, document_frequency: Callable[[str], int], documents: int) -> list[str]:
    """The most probable cut of run into indexed words (dynamic programming from the end, like jieba)."""
    total = math.log(max(documents, 1) + 1)
    best: list[tuple[float, int]] = [(0.0, len(run))] * (len(run) + 1)
    for start in range(len(run) - 1, -1, -1):
        options = []
        for end in range(start + 1, min(len(run), start + MAX_WORD_LENGTH) + 1):
            frequency = document_frequency(run[start:end])
            if frequency or end == start + 1:
                score = math.log(frequency + 0.1) - total if frequency else -2 * total
                options.append((score + best[end][0], end))
        best[start] = max(options)
    words, position = [], 0
    while position < len(run):
        end = best[position][1]
        words.append(run[position:end])
        position = end
    return words


def index_segmenter(reader) -> Callable[[str], list[str]]:
    """A segmenter bound to one index reader; results are cached per reader."""
    documents = reader.doc_count_all()

    @lru_cache(maxsize=4096)
    def frequency(word: str) -> int:
        return reader.doc_frequency(WORDS_FIELD, word)

    def segment(key: str) -> list[str]:
        words = []
        for run in _split_on_non_words(key):
            if run.isascii() or len(run) == 1:
                words.append(run)
            else:
                words.extend(best_segmentation(run, frequency, documents))
        return words

    return segment


# ---- the words a Chinese query string must contain -------------------------------------------------------------

BETWEEN_PUNCTUATION = re.compile(r"[^\W_]+")


def merge_single_characters(words: list[str]) -> list[str]:
    """Join what the segmenter cut too fine: a run of one-character words into one word (海 瑞 → 海瑞), a run of
    numeral words into one number (三千 五百 万 → 三千五百万), and a lone character to its neighbour (统 一 → 统一,
    十四 时 → 十四时): a string the index vocabulary does not know must still be matched whole, not as
    characters scattered over the article. Latin words stay apart (Beijing 劳动模范)."""
    merged: list[str] = []
    waiting = False  # merged[-1] is a lone character that joins the next word
    for word in _character_and_numeral_runs(words):
        if merged and not is_latin(word) and not is_latin(merged[-1]) and (
                len(word) == 1 or waiting or (merged[-1].isdigit() and len(merged[-1]) == 1)):
            merged[-1] += word
            waiting = False
        else:
            merged.append(word)
            waiting = len(word) == 1 and not is_latin(word)
    return merged


def _character_and_numeral_runs(words: list[str]) -> list[str]:
    """Consecutive one-character Chinese words joined, and consecutive words of Chinese numerals joined."""
    runs: list[str] = []
    characters_only = False  # runs[-1] was joined from one-character Chinese words
    for word in words:
        one_character = len(word) == 1 and has_han(word)
        numerals = is_chinese_numeral(word) and bool(runs) and is_chinese_numeral(runs[-1])
        if runs and ((one_character and characters_only) or numerals):
            runs[-1] += word
            characters_only = characters_only and one_character
        else:
            runs.append(word)
            characters_only = one_character
    return runs


def is_latin(word: str) -> bool:
    return word.isascii() and not word.isdigit()
