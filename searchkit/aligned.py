"""Aligned passages: the other-language text that a snippet's sentences were aligned with, translations marked.

Indexing stores each article's paragraph groups (align.py) as (mode, en_start, en_end, zh_start, zh_end). A
snippet remembers the ranges of the text it was cut from; the sentences of the groups overlapping those ranges are
aligned into beads (kind, en_start, en_end, zh_start, zh_end), and the beads overlapping the ranges give the ranges
of the other text. In that passage we mark the query's own matches and, through CC-CEDICT, the words
that translate the query's terms (drill bit → 钻头, 劳动模范 → labor model).
"""

from __future__ import annotations

import re

from searchkit.compiler import MatchTargets
from searchkit.highlight import Snippet, Span, merge_spans, passage
from searchkit.numerals import NUMERAL_CHARACTERS

StoredBead = tuple[str, int, int, int, int]  # kind, en_start, en_end, zh_start, zh_end
StoredGroup = tuple[str, int, int, int, int]  # mode, en_start, en_end, zh_start, zh_end: an align.Group
MAX_ALIGNED_CHARS = {"en": 320, "zh": 160}


def group_record(group) -> StoredGroup:
    return (group.mode, group.en[0], group.en[1], group.zh[0], group.zh[1])


def beads_of_groups(groups: list[StoredGroup], body_en: str, body_zh: str, sources_en: tuple[Span, ...] | None = None,
                    sources_zh: tuple[Span, ...] | None = None) -> list[StoredBead]:
    """The sentence beads of the stored groups that overlap one of the English or Chinese source ranges (of every
    group when neither is given), in document order. Only those groups' sentences are aligned."""
    from searchkit.align import Group, group_beads  # loaded by the first search that shows an aligned passage

    every = sources_en is None and sources_zh is None
    chosen = [Group(mode, (en_start, en_end), (zh_start, zh_end)) for mode, en_start, en_end, zh_start, zh_end in groups
              if every or _touches((en_start, en_end), sources_en) or _touches((zh_start, zh_end), sources_zh)]
    return [(bead.kind, bead.en[0], bead.en[1], bead.zh[0], bead.zh[1])
            for group in chosen for bead in group_beads(body_en, body_zh, group)]


def _touches(span: Span, sources: tuple[Span, ...] | None) -> bool:
    return any(_overlaps(span, source) for source in sources or ())


def _overlaps(first: Span, second: Span) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def aligned_ranges(beads: list[StoredBead], sources: tuple[Span, ...], source_side: str) -> list[Span]:
    """The other side's ranges of every bead that overlaps one of the source ranges, merged, in text order."""
    if not sources:
        return []
    own, other = (1, 3) if source_side == "en" else (3, 1)  # index of each side's start; its end follows
    first, last = min(start for start, _ in sources), max(end for _, end in sources)  # a cheap test first
    return merge_spans([(bead[other], bead[other + 1]) for bead in beads
                        if bead[own] < last and first < bead[own + 1] and bead[other] < bead[other + 1]
                        and any(_overlaps((bead[own], bead[own + 1]), source) for source in sources)])


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _translation_spans(text: str, ranges: list[Span], targets: MatchTargets, language: str) -> list[Span]:
    """Spans, in the given ranges of text, of the words that translate the query's terms (through CC-CEDICT)."""
    from searchkit import lexicon

    spans: list[Span] = []
    numbers = _numbers_in(targets.english_words if language == "zh" else targets.chinese_strings, language)
    for start, end in ranges:
        piece = text[start:end]
        if language == "zh":
            found = lexicon.find_translation_spans_zh(piece, sorted(targets.english_words))
            found += [span for phrase in sorted(targets.english_words) for span in _phrase_word_spans(piece, phrase)]
        else:
            found = lexicon.find_translation_spans(piece, sorted(targets.chinese_strings))
        found += [match.span() for number in numbers for match in re.finditer(number, piece)]
        spans += [(start + a, start + b) for a, b in found]
    return spans


def _phrase_word_spans(piece: str, phrase: str) -> list[Span]:
    """The translations of an English phrase's content words in Chinese text that lacks the phrase's own, when
    every one of them is there ("will of the people": 意志 in 人民的意志; not drill and bit, 训练 and 一点, in a
    text without 钻头, unless both are)."""
    from searchkit import lexicon

    words = [word for word in phrase.split() if lexicon.is_content_word(word)]
    if " " not in phrase or not words or lexicon.find_translation_spans_zh(piece, [phrase]):
        return []
    found = [lexicon.find_translation_spans_zh(piece, [word]) for word in words]
    return [span for spans in found for span in spans] if all(found) else []


_NUMERAL_NEIGHBOUR = f"[0-9０-９{NUMERAL_CHARACTERS}两〇零]"


def _numbers_in(terms: set[str], language: str) -> list[str]:
    """Patterns of the numbers the query's terms hold, as the other language writes them, never inside a longer
    number: 1950 → 一九五〇 (or 一九五零, 一千九百五十) in Chinese, 29倍 → 29 in English (not in 1,290 or 一百二十九)."""
    from searchkit.numerals import numeral_variants

    if language == "zh":
        forms = {form for term in terms if term.isdigit() for form in numeral_variants(term) if len(form) > 1}
        return [rf"(?<!{_NUMERAL_NEIGHBOUR}){re.escape(form)}(?!{_NUMERAL_NEIGHBOUR})"
                for form in sorted(forms, key=len, reverse=True)]
    digits = {run for term in terms for form in numeral_variants(term) for run in re.findall(r"\d+", form)}
    return [rf"(?<![\d.,]){run}(?![\d]|[.,]\d)" for run in sorted(digits, key=len, reverse=True)]


def aligned_passage(beads: list[StoredBead], snippet: Snippet, source_side: str, other_text: str,
                    other_matches: list[Span], targets: MatchTargets) -> Snippet:
    """The passage of other_text aligned with the snippet (cut from the source_side text), marked with the query's
    own matches in other_text (other_matches, found over the whole text) and the translations of its terms."""
    ranges = [trimmed for trimmed in (_trim(other_text, r) for r in aligned_ranges(beads, snippet.sources, source_side))
              if trimmed[0] < trimmed[1]]
    if not ranges:
        return Snippet("")
    language = "zh" if source_side == "en" else "en"
    spans = merge_spans(other_matches + _translation_spans(other_text, ranges, targets, language))
    hints = _same_share(beads, snippet.sources, source_side)
    return passage(other_text, ranges, spans, MAX_ALIGNED_CHARS[language], hints)


def _same_share(beads: list[StoredBead], sources: tuple[Span, ...], source_side: str) -> tuple[int, ...]:
    """For each source range, the point of its bead's other side as far into it as the range is into the bead:
    where the translation of a part cut from a long sentence most likely lies (used where nothing is marked)."""
    own, other = (1, 3) if source_side == "en" else (3, 1)
    hints = []
    for start, _ in sources:
        bead = next((b for b in beads if b[own] <= start < b[own + 1] and b[other] < b[other + 1]), None)
        if bead is not None:
            share = (start - bead[own]) / (bead[own + 1] - bead[own])
            hints.append(bead[other] + int(share * (bead[other + 1] - bead[other])))
    return tuple(hints)


def title_passage(snippet: Snippet, source_text: str, titles: tuple[str, str], other_matches: list[Span],
                  targets: MatchTargets, language: str) -> Snippet:
    """The other language's title (titles: the snippet's own, then the other), marked, as the passage aligned with
    a snippet that is the body's copy of its title (or of most of it): a line that the other body often leaves
    out, so that no bead pairs it. An empty Snippet for any other snippet."""
    own_title, other_title = ("".join(title.split()) for title in titles)
    if not snippet.sources or not own_title or not other_title:
        return Snippet("")
    start, end = snippet.sources[0][0], snippet.sources[-1][1]
    line_end = source_text.find("\n", end)
    line = source_text[source_text.rfind("\n", 0, start) + 1:len(source_text) if line_end < 0 else line_end]
    line = "".join(line.split())
    if not own_title.startswith(line) or 2 * len(line) < len(own_title):  # a heading may hold its author too
        return Snippet("")
    title = titles[1]
    spans = merge_spans(other_matches + _translation_spans(title, [(0, len(title))], targets, language))
    return passage(title, [_trim(title, (0, len(title)))], spans, MAX_ALIGNED_CHARS[language])
