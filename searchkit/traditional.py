"""Chinese typed in traditional characters, searched also as OpenCC converts it word by word (tw2s): 為著鞏固 as
为着巩固, 瞭解 as 了解, 計畫 as 计划. Folding (normalize.py) converts one character at a time, and leaves a
character whose simplified form depends on the word (著 in 為著 but 著名, 瞭, 畫 in 計畫) as it is. Parsed query
in, parsed query out; compiler.py searches both readings."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from searchkit import query as ast
from searchkit.normalize import HAN_CHAR, fold_string, precomputed_folds


@lru_cache(maxsize=2)
def _converter(config: str):
    from opencc import OpenCC

    return OpenCC(config)


@lru_cache(maxsize=1)
def _simplified_forms() -> frozenset[str] | None:
    """The characters that traditional ones fold to (显, from 顯), from the fold table; None without it."""
    folds = precomputed_folds()
    if folds is None:
        return None
    return frozenset(folded for code, folded in folds.items() if len(folded) == 1 and _traditional(code)
                     and HAN_CHAR.match(folded))


def _traditional(code: int) -> bool:
    """True for a Chinese character that is not a compatibility ideograph (those fold to one that is)."""
    return 0x3400 <= code <= 0x9FFF or 0x20000 <= code < 0x2F800 or 0x2FA20 <= code <= 0x3FFFF


def _in_simplified_characters(text: str) -> bool:
    """True when the text holds a character of simplified Chinese that traditional Chinese writes otherwise."""
    simplified_forms = _simplified_forms()
    if simplified_forms is None:  # no fold table to read: OpenCC's own converter (about 0.1 s to load)
        return _converter("s2t").convert(text) != text
    return any(char in simplified_forms for char in text)


def simplified_by_word(text: str) -> str | None:
    """The text converted word by word to simplified characters, if that differs from folding it character by
    character; else None. Text written in simplified characters (显著) is left alone: OpenCC's traditional words
    do not cover it (it would make 显著 显着)."""
    if not HAN_CHAR.search(text) or _in_simplified_characters(text):
        return None
    converted = _converter("tw2s").convert(text)
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
