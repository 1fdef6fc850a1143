"""'Did you mean' suggestions for queries with few or no hits, drawn from the index's own vocabulary.

English: each word whose stem is rare or absent is replaced by the most frequent indexed stem within edit
distance 1–2, written as a real word taken from an article that contains it; a real word or name the archive lacks
is left alone. Chinese: a string with no exact match is shortened by one character at either end (not to one
character), or split into the words the query segmenter finds in it.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from whoosh import query as wq
from whoosh.support.levenshtein import damerau_levenshtein

from searchkit import query as ast
from searchkit.analysis import english_analyzer, english_word_stem, has_han
from searchkit.compiler import english_stems, exact_chinese
from searchkit.errors import SearchkitError
from searchkit.normalize import exact_key
from searchkit.numerals import NUMERAL_CHARACTERS, numeral_variants
from searchkit.schema import LOGICAL_FIELDS
from searchkit.searcher import count_matches, rank
from searchkit.traditional import simplified_by_word

SUGGEST_BELOW = 3  # suggest when a query has fewer hits than this
MAX_SUGGESTIONS = 3
# A query of more words, quoted or not (a pasted passage), gets none: every word would cost a scan of the
# vocabulary, and every rewrite a search of the whole query (a 220-word paragraph took 6 s on the 44 seeds).
MAX_WORDS = 8
# A word the archive has is corrected only when it has 5 letters or more and the correction is in 10 times as
# many articles (facotry: yes; dog → do: no).
MIN_KNOWN_WORD_CORRECTED, KNOWN_WORD_RATIO = 5, 10
MAX_SHOWN_DISTANCE = 2  # edits from the typed word to a suggested one, as shown (not their stems)
MAX_REWRITES_COUNTED = 12  # rewrites searched at most, to find MAX_SUGGESTIONS that find more hits
SPELLING_FIELD = "body_en"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CHINESE_NUMBER = re.compile(rf"[{NUMERAL_CHARACTERS}点\d.,．，]+")
_END_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


# 苏联 or 美国 → 苏联 OR 美国: a lowercase operator word between two others, outside quotes (group 1: a quoted part)
_QUOTED = "|".join(f"{re.escape(opening)}[^{re.escape(closing)}]*{re.escape(closing)}"
                   for opening, closing in ast.OPEN_QUOTES.items())
_LOWER_OPERATOR = re.compile(rf"({_QUOTED})|(?<=\S)(\s+)(or|and|not)(?=\s+\S)")


def _unquoted(query: str, text: str) -> str | None:
    """The query with the quoted phrase `text` (in any of its quote marks) unquoted, or None if not found so."""
    for opening, closing in ast.OPEN_QUOTES.items():
        quoted = f"{opening}{text}{closing}"
        if quoted in query:
            return query.replace(quoted, text, 1)
    return None


def _positive_words(node) -> Iterator[ast.Term | ast.Phrase]:
    """Terms and phrases of the query that are not negated."""
    if isinstance(node, (ast.And, ast.Or)):
        for child in node.children:
            yield from _positive_words(child)
    elif isinstance(node, (ast.Term, ast.Phrase)):
        yield node


def _surface_form(searcher, stem: str) -> str | None:
    """A real word from the archive whose stem is `stem` (stems such as 'produc' are not words), read in the best
    match for the stem alone (ties by id)."""
    _, best = rank(searcher, wq.Term(SPELLING_FIELD, stem), limit=1, offset=0)
    if not best:
        return None
    text = best[0].stored["article"]["body_en"]
    for token in english_analyzer()(text, chars=True):
        if token.text == stem:
            return text[token.startchar:token.endchar].lower()
    return None


def terms_by_distance(reader, stem: str, max_distance: int) -> dict[int, set[str]]:
    """The spelling field's terms that share the stem's first letter, by Damerau-Levenshtein distance (1 up to
    max_distance) from it, in one pass over them. Whoosh's terms_within (the same terms and distance) makes a pass
    per distance and computes the distance of every term; a term whose length differs by more cannot be near."""
    field, near = reader.schema[SPELLING_FIELD], {}
    for term_bytes in reader.expand_prefix(SPELLING_FIELD, stem[:1]):
        term = field.from_bytes(term_bytes)
        if abs(len(term) - len(stem)) <= max_distance and term != stem:
            distance = damerau_levenshtein(term, stem, limit=max_distance)
            if distance <= max_distance:
                near.setdefault(distance, set()).add(term)
    return near


def english_corrections(searcher, word: str) -> list[str]:
    """Real words for indexed stems near the word: known words one edit from the word itself first (a stem may
    be far from its word: Bejing stems to beje, Beijing to beij), then words for the stems near the word's stem;
    closest first, then most frequent."""
    stems = english_stems(word)
    if len(stems) != 1 or word.isdigit():
        return []
    reader = searcher.reader()
    frequency = reader.doc_frequency(SPELLING_FIELD, stems[0])
    if frequency and len(word) < MIN_KNOWN_WORD_CORRECTED:
        return []  # a short word the archive has is meant (dog is not do)
    if not frequency and _known_word(word):
        return []  # nor is a real word or name the archive lacks a typo: steel, Nanking, Anhui
    edited = _edited_words(reader, word, stems[0], frequency)
    max_distance = 2 if len(stems[0]) > 4 else 1
    near, candidates = terms_by_distance(reader, stems[0], max_distance), []
    for distance in range(1, max_distance + 1):
        counted = [(reader.doc_frequency(SPELLING_FIELD, term), term) for term in near.get(distance, ())]
        more = (c for c in counted if c[0] > KNOWN_WORD_RATIO * frequency and c[1] not in edited)
        candidates += sorted(more, key=lambda c: (-c[0], c[1]))
    forms = list(edited.values()) + [_surface_form(searcher, term) for _, term in
                                     candidates[:max(0, MAX_SUGGESTIONS - len(edited))]]
    # A stem's word may be far from the typed one (milet's stem is one edit from meet, but meeting is not near)
    forms = [form for form in forms if form and form != word.lower() and damerau_levenshtein(
        form, word.lower(), limit=MAX_SHOWN_DISTANCE + 1) <= MAX_SHOWN_DISTANCE]
    return [form.capitalize() if word[:1].isupper() else form for form in forms][:MAX_SUGGESTIONS]  # Bejing: Beijing


def _known_word(word: str) -> bool:
    """True for a word CC-CEDICT translates (a whole gloss: steel; not bejing, a misspelling inside one), a name
    of old_spellings' table (Nanking, Anhui) or a word with a British or American spelling (plowing). Not any word
    that reads as pinyin: a slip in a name mostly still does (Shangai, Tianjing), and is to be corrected."""
    from searchkit.lexicon import chinese_translations
    from searchkit.old_spellings import is_old_name
    from searchkit.spellings import other_spelling

    return bool(chinese_translations(word)) or is_old_name(word) or other_spelling(word) is not None


def _edited_words(reader, word: str, stem: str, frequency: int) -> dict[str, str]:
    """{stem: word} of the known English words (CC-CEDICT's glosses) one edit from the word (a letter dropped,
    added or changed, or two neighbours swapped) whose stem is indexed in 10 times as many articles, most
    frequent first; not function words (Bejing is not being), unless the word is as short."""
    from searchkit.lexicon import english_gloss_words, is_content_word

    known, typed = english_gloss_words(), word.lower()
    splits = [(typed[:cut], typed[cut:]) for cut in range(len(typed) + 1)]
    edits = {head + tail[1:] for head, tail in splits if tail}
    edits |= {head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1}
    edits |= {head + letter + tail[bool(tail):] for head, tail in splits for letter in _LETTERS}
    edits |= {head + letter + tail for head, tail in splits for letter in _LETTERS}
    counted = sorted((-reader.doc_frequency(SPELLING_FIELD, term), term, edit) for edit in edits - {typed}
                     if edit in known and (term := english_word_stem(edit)) != stem
                     and (len(typed) <= 4 or is_content_word(term)))
    found: dict[str, str] = {}
    for count, term, edit in counted:
        if -count > KNOWN_WORD_RATIO * frequency:
            found.setdefault(term, edit)  # of the words with one stem, the first in alphabetical order
    return found


def chinese_alternatives(searcher, text: str, segment: Callable[[str], list[str]]) -> list[str]:
    key = exact_key(text)
    fields = list(LOGICAL_FIELDS.values())
    if len(key) < 2 or any(count_matches(searcher, exact_chinese(exact_key(form), fields))
                           for form in (text, simplified_by_word(text)) if form):  # 計畫 is found as 计划
        return []
    if _CHINESE_NUMBER.fullmatch(key):
        return []  # 三千五百万 is one number: its parts (三千 五百) are not what was meant
    words = [word for word in segment(key) if len(word) > 1]
    trimmed = _END_PUNCTUATION.sub("", key)  # 劳动， → 劳动, not 动,
    shorter = ([trimmed] if trimmed != key else [key[:-1], key[1:]]) + ([" ".join(words)] if len(words) > 1 else [])
    shorter = [form for form in shorter if len(form) > 1]  # never one character: 粮食 is not 粮 or 食, nor 粮。 粮
    counted = [(count_matches(searcher, wq.And([exact_chinese(w, fields) for w in c.split()])), c)
               for c in dict.fromkeys(shorter)]
    return [c for n, c in sorted(counted, key=lambda item: -item[0]) if n > 0]


def _alternatives(searcher, node, segment) -> Iterator[tuple[str, list[str]]]:
    """(text of the query, what could replace it): a Chinese string's shorter forms, an English word's spellings,
    and those of each word of an English phrase."""
    if has_han(node.text):
        alternatives = chinese_alternatives(searcher, node.text, segment)
        if not isinstance(node, ast.Phrase):
            yield node.text, alternatives
            return
        yield node.text, [alternative for alternative in alternatives if " " not in alternative]  # still quoted
        if node.field is None and node.slop is None:  # its words unquoted (in quotes the spaces are ignored)
            words = [alternative for alternative in alternatives if " " in alternative]
            yield from ((f"{opening}{node.text}{closing}", words) for opening, closing in ast.OPEN_QUOTES.items())
    elif isinstance(node, ast.Phrase):
        for word in dict.fromkeys(node.text.split()):
            yield word, english_corrections(searcher, word)
    elif not node.modifier:
        yield node.text, english_corrections(searcher, node.text)


def _rewrite(query: str, word: str, replacement: str) -> str | None:
    """The query with the first whole occurrence of word (not a field name, not inside another word) replaced."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?![\w:])")
    rewritten, count = pattern.subn(replacement.replace("\\", "\\\\"), query, count=1)
    return rewritten if count else None


def suggest(searcher, query: str, tree, total: int, count_hits: Callable[[str], int],
            segment: Callable[[str], list[str]]) -> list[str]:
    """Rewritten queries that find more than `total` hits, closest first (none when the query has enough hits)."""
    every_word = list(_positive_words(tree))
    if total >= SUGGEST_BELOW or sum(len(node.text.split()) for node in every_word) > MAX_WORDS:
        return []  # repeated words count too: labor labor ... is as long a query
    words = list(dict.fromkeys(every_word))
    operators_upper = _LOWER_OPERATOR.sub(lambda match: match.group(1) or match.group(2) + match.group(3).upper(),
                                          query)
    rewrites: list[str] = [operators_upper] if operators_upper != query else []
    # quoted, "1949年" is exact; unquoted, it is also searched in its other numerals (一九四九年)
    rewrites += [rewrite for node in words if isinstance(node, ast.Phrase) and not node.slop and has_han(node.text)
                 and numeral_variants(exact_key(node.text)) and (rewrite := _unquoted(query, node.text))]
    for node in words:
        for word, alternatives in _alternatives(searcher, node, segment):
            rewrites += [rewrite for alternative in alternatives if (rewrite := _rewrite(query, word, alternative))]
    useful = []
    for counted, rewrite in enumerate(dict.fromkeys(rewrites)):
        if len(useful) == MAX_SUGGESTIONS or counted == MAX_REWRITES_COUNTED:
            break
        try:
            if rewrite != query and count_hits(rewrite) > total:
                useful.append(rewrite)
        except SearchkitError:
            continue
    return useful
