"""Chinese typed in traditional characters, searched also as OpenCC converts it word by word (tw2s): 為著鞏固 as
为着巩固, 計畫 as 计划. Folding (normalize.py) converts one character at a time, and leaves a character whose
simplified form depends on the word as it is (著 in 為著 but 著名, 畫 in 計畫 but 畫 alone). Parsed query in,
parsed query out; compiler.py searches both readings."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from searchkit import query as ast
from searchkit.normalize import HAN_CHAR, fold_string


@lru_cache(maxsize=1)
def _word_converter():
    from opencc import OpenCC

    return OpenCC("tw2s")


def holds_traditional_characters(text: str) -> bool:
    """True when folding makes one of the text's Chinese characters another (國 → 国, 週 → 周). Text without one
    is left as typed: 著 alone may be simplified Chinese (著名, 原著) as well as traditional."""
    return any(HAN_CHAR.match(char) and fold_string(char) != char for char in text)


def simplified_by_word(text: str) -> str | None:
    """The text in traditional characters converted word by word to simplified ones, if that differs from folding
    it character by character; else None (OpenCC is loaded only for text in traditional characters)."""
    if not holds_traditional_characters(text):
        return None
    converted = _word_converter().convert(text)
    return converted if fold_string(converted) != fold_string(text) else None


def traditional_words_as_either(node):
    """The parsed query with each word or phrase that converts differently word by word (simplified_by_word)
    searched either as typed or as converted."""
    if isinstance(node, (ast.Term, ast.Phrase)) and getattr(node, "modifier", None) is None:
        converted = simplified_by_word(node.text)
        return node if converted is None else ast.Or((node, replace(node, text=converted)))
    if isinstance(node, (ast.And, ast.Or)):
        return type(node)(tuple(traditional_words_as_either(child) for child in node.children))
    return ast.Not(traditional_words_as_either(node.child)) if isinstance(node, ast.Not) else node
