"""jieba's precise-mode words (with its HMM), computed by jieba-rs: the words jieba gives, about 14 times faster.

Indexing segments every article's Chinese text, and jieba's Python was a quarter of an indexing process's time.
jieba-rs (the rjieba package) holds jieba's own dictionary and HMM and cuts Chinese text as jieba does, with two
differences, which are undone here:
- jieba-rs keeps "3.5mm" or "f-35" whole where jieba's HMM step splits letter and digit runs apart ("3.5", "mm"):
  a word of jieba-rs that holds a joining character (+#&._%-) and no Chinese character and is not in the
  dictionary (as c++ is) is split by that step's own pattern (jieba.finalseg.re_skip);
- jieba-rs counts more characters as Chinese (extension A and later, compatibility ideographs, U+9FD6-U+9FFF) and
  may join them into words, where jieba leaves each alone. A text holding one is cut into blocks by jieba's own
  pattern (jieba.re_han_default) and only jieba's blocks go to jieba-rs.
A third difference is left: in a run of characters no dictionary word covers, which both cut with their HMM,
jieba-rs may break a tie between equally likely cuts the other way (同生生生生: 同生 + 生生生, jieba 同生生 +
生生). None was found in the 1.24 million words of 1,000 generated articles; the words field only ranks, and
exact searches never read it. Tests compare the words with jieba's on the bundled articles (the same) and on
generated text (the same outside such runs). Queries and highlighting
keep jieba's own code (analysis.jieba_tokenizer): they cut a few words, and need offsets.
"""

import re
from functools import lru_cache

# jieba's own patterns (jieba.re_han_default, jieba.re_skip_default, jieba.finalseg.re_skip and re_han; a test
# checks they are the same), written out: importing jieba loads its HMM tables, 19 MB in every process.
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")  # a run jieba segments with its dictionary
_SPACE = re.compile("(\r\n|\\s)")  # outside those runs: \r\n or one white space character
_LETTER_DIGIT_RUN = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")  # how jieba's HMM step cuts what is not Chinese
_CHINESE = re.compile("([\u4E00-\u9FD5]+)")  # the characters jieba's HMM segments
_JOINER = re.compile(r"[+#&._%-]")  # the characters of a dictionary block besides Chinese, letters and digits
# Characters jieba-rs takes for Chinese and jieba does not.
_BEYOND_JIEBA_S_CHINESE = re.compile("[\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF]")


@lru_cache(maxsize=1)
def _jieba_rs():
    """A jieba-rs segmenter (rjieba.Jieba, 33 MB of dictionary), made on first use: only the processes that
    segment hold one. It is the only one in the process: rjieba makes a module-level one on import, which is
    dropped. postings.forget_memoised_analysis empties this cache before a segment's merge, which frees it."""
    import rjieba

    _drop_module_segmenter(rjieba)
    return rjieba.Jieba()


def _drop_module_segmenter(rjieba) -> None:
    """Remove the segmenter rjieba made on import (its _DEFAULT_JIEBA, and the module functions bound to it), so
    that its dictionary is freed; rjieba.cut and the like are then gone from the module."""
    default = getattr(rjieba, "_DEFAULT_JIEBA", None)
    if default is None:
        return
    for name, value in list(vars(rjieba).items()):
        if value is default or getattr(value, "__self__", None) is default:
            delattr(rjieba, name)


def jieba_words(text: str) -> list[str]:
    """Every word jieba.cut(text) gives (precise mode, HMM on), in order, white space and punctuation included."""
    if not _BEYOND_JIEBA_S_CHINESE.search(text):
        return _as_jieba_splits(_jieba_rs().cut(text, True), text)
    words: list[str] = []
    for block in _BLOCK.split(text):
        if _BLOCK.match(block):
            words += _as_jieba_splits(_jieba_rs().cut(block, True), block)
        elif block:
            words += _other_words(block)
    return words


def _as_jieba_splits(words: list[str], text: str) -> list[str]:
    """jieba-rs's words of the text with those jieba splits split."""
    if not _JOINER.search(text):  # letters, digits and Chinese only: every word is jieba's
        return words
    return [piece for word in words
            for piece in ((word,) if word.isalnum() or not _split_by_jieba(word) else _hmm_pieces(word))]


def _split_by_jieba(word: str) -> bool:
    """True for a word of jieba-rs that jieba gives in pieces: one that holds a joining character and no Chinese
    and is not in the dictionary."""
    return (len(word) > 1 and _JOINER.search(word) is not None and not _CHINESE.search(word)
            and not _jieba_rs().has_word(word))


def _hmm_pieces(word: str) -> list[str]:
    return [piece for piece in _LETTER_DIGIT_RUN.split(word) if piece]


def _other_words(block: str) -> list[str]:
    """jieba's words of text outside its dictionary blocks: one character at a time (\r\n together)."""
    words: list[str] = []
    for piece in _SPACE.split(block):
        if _SPACE.match(piece):
            words.append(piece)
        else:
            words += piece
    return words

