"""The other spellings a query's English words are also searched in: hyphenated words joined, British or
American spelling, the other romanizations of a place or name, decimals grouped the other way, words that are
also acronyms as the acronyms, and in a phrase words with a prefix hyphenated. Text in, texts out; compiler.py
searches them. One rule needs the whole query: in a query all in capitals, the acronyms' words are either."""

from __future__ import annotations

import re
from dataclasses import replace

from searchkit import query as ast
from searchkit.acronyms import AMBIGUOUS_ACRONYMS
from searchkit.analysis import INNER_HYPHEN
from searchkit.old_spellings import respelled_names
from searchkit.spellings import respelled

# Prefixes that older translations write with a hyphen (co-operation, post-war, anti-imperialist, non-aggression).
HYPHENATED_PREFIXES = ("co", "anti", "non", "self", "post", "pre", "semi", "vice", "counter", "inter", "multi",
                       "ultra", "mid", "neo", "socio", "sino", "extra")
_PREFIXED_WORD = re.compile(  # the longest prefix first: counter-revolutionary, not co-unterrevolutionary
    rf"\b({'|'.join(sorted(HYPHENATED_PREFIXES, key=len, reverse=True))})([a-z]{{3,}})\b", re.IGNORECASE)
_MAX_HYPHENATED_SPELLINGS = 3


def variant_texts(text: str, in_phrase: bool = False) -> list[str]:
    """The text's other spellings, some of which may equal it: hyphenated words joined (co-operation finds
    cooperation, Kai-shek Kaishek); all in American, then all in British spelling (labour finds labor); places and
    names in their other romanizations (Peking finds Beijing, "Chou En-lai" Zhou Enlai); decimals grouped the
    other way (1172.9 finds 1,172.9); us, who, aids, it not in capitals also as the acronyms (U.S.); in a phrase,
    words with a prefix hyphenated."""
    variants = [INNER_HYPHEN.sub("", text)] + respelled(text) + respelled_names(text) + regrouped_numbers(text)
    variants += acronyms_spelled(text)
    return variants + (hyphenated_variants(text) if in_phrase else [])


def hyphenated_variants(text: str) -> list[str]:
    """A phrase's words written whole also as hyphenated, each word alone, then all (at most three): "cooperation
    between" as "co-operation between". The index holds a hyphenated word's joined form at its first part's
    position only, and its pair terms with common words as written (the co), so a phrase going on after the word,
    or a common word before it, needs the hyphenated spelling."""
    cuts = [match.start(2) for match in _PREFIXED_WORD.finditer(text)][:_MAX_HYPHENATED_SPELLINGS]
    return ["".join(f"{text[start:cut]}-" for start, cut in zip([0] + chosen, chosen)) + text[chosen[-1]:]
            for chosen in [[cut] for cut in cuts] + ([cuts] if len(cuts) > 1 else [])]


_SMALL_LETTER, _LETTER = re.compile("[a-z]"), re.compile("[A-Za-z]")
_ACRONYM_AS_WORD = re.compile(rf"(?<![\w.])(?:{'|'.join(AMBIGUOUS_ACRONYMS)})(?![\w.])", re.IGNORECASE)


def acronyms_spelled(text: str) -> list[str]:
    """The text with its words that are also acronyms (acronyms.AMBIGUOUS_ACRONYMS), unless in capitals, written
    as the acronym with dots: us also finds U.S., as it did before capitals told them apart. A query all in
    capitals, with other words (LET US UNITE, WHO/UNICEF), may be a headline's words or acronyms: its capital
    words are also searched in small letters and with dots."""
    variant = _ACRONYM_AS_WORD.sub(lambda match: match.group() if match.group().isupper() else
                                   _dotted(match.group()), text)
    variants = [variant] if variant != text else []
    if _in_capitals_with_other_words(text):
        variants += [_ACRONYM_AS_WORD.sub(lambda match: match.group().lower(), text),
                     _ACRONYM_AS_WORD.sub(lambda match: _dotted(match.group()), text)]
    return [spelled for spelled in dict.fromkeys(variants) if spelled != text]


def _dotted(word: str) -> str:
    return ".".join(word.upper()) + "."


def _in_capitals_with_other_words(text: str) -> bool:
    """True for text with no small letters, one of the acronyms and letters beside them (LET US, not US 1949)."""
    return (not _SMALL_LETTER.search(text) and _ACRONYM_AS_WORD.search(text) is not None
            and _LETTER.search(_ACRONYM_AS_WORD.sub(" ", text)) is not None)


_DECIMAL = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{4,})(\.\d+)(?![\w.,]*\d)")
_GROUPED_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+")


def regrouped_numbers(text: str) -> list[str]:
    """The text with its decimal numbers of four or more digits before the point all grouped (1,172.9), then all
    ungrouped (1172.9), each only if it differs from the text: the tokenizer reads a grouped number as one word
    (1172.9), an ungrouped one as two (1172 and 9)."""
    grouped = _DECIMAL.sub(lambda match: f"{int(match.group(1).replace(',', '')):,}{match.group(2)}", text)
    ungrouped = _DECIMAL.sub(lambda match: match.group(1).replace(",", "") + match.group(2), text)
    return [variant for variant in (grouped, ungrouped) if variant != text]


def ungrouped_integer(key: str) -> str:
    """A whole number with thousands commas without them (12,500 → 12500); any other key as it is."""
    return key.replace(",", "") if _GROUPED_INTEGER.fullmatch(key) else key


def shouted_acronyms_as_either(tree):
    """The parsed query with, when all its words are in capitals and not only acronyms (LET US, WHO UNICEF), each
    of its words that is an acronym in capitals (US) searched either as the word or as the acronym. A quoted phrase
    is spelled both ways by acronyms_spelled."""
    if not _in_capitals_with_other_words(" ".join(_words_of(tree))):
        return tree
    return _either(tree)


def _words_of(node) -> list[str]:
    if isinstance(node, (ast.Term, ast.Phrase)):
        return [node.text]
    if isinstance(node, (ast.And, ast.Or)):
        return [text for child in node.children for text in _words_of(child)]
    return _words_of(node.child) if isinstance(node, ast.Not) else []


def _either(node):
    if isinstance(node, ast.Term) and node.modifier is None and _ACRONYM_AS_WORD.fullmatch(node.text):
        return ast.Or((replace(node, text=node.text.lower()), replace(node, text=_dotted(node.text))))
    if isinstance(node, (ast.And, ast.Or)):
        return type(node)(tuple(_either(child) for child in node.children))
    return ast.Not(_either(node.child)) if isinstance(node, ast.Not) else node
