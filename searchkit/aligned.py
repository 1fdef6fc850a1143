"""Aligned passages: the other-language text that a snippet's sentences were aligned with, translations marked.

Beads come from align.py at index time and are stored with each article as (kind, en_start, en_end, zh_start,
zh_end). A snippet remembers the ranges of the text it was cut from; the beads overlapping those ranges give
the ranges of the other text. In that passage we mark the query's own matches and, through CC-CEDICT, the words
that translate the query's terms (drill bit → 钻头, 劳动模范 → labor model).
"""

from __future__ import annotations

from searchkit.compiler import MatchTargets
from searchkit.highlight import Snippet, Span, chinese_match_spans, english_match_spans, passage

StoredBead = tuple[str, int, int, int, int]  # kind, en_start, en_end, zh_start, zh_end
MAX_ALIGNED_CHARS = {"en": 320, "zh": 160}


def bead_record(bead) -> StoredBead:
    return (bead.kind, bead.en[0], bead.en[1], bead.zh[0], bead.zh[1])


def _overlaps(first: Span, second: Span) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def aligned_ranges(beads: list[StoredBead], sources: tuple[Span, ...], source_side: str) -> list[Span]:
    """The other side's ranges of every bead that overlaps one of the source ranges, merged, in text order."""
    own, other = ((1, 2), (3, 4)) if source_side == "en" else ((3, 4), (1, 2))
    ranges: list[list[int]] = []
    for bead in beads:
        mine, theirs = (bead[own[0]], bead[own[1]]), (bead[other[0]], bead[other[1]])
        if theirs[0] == theirs[1] or not any(_overlaps(mine, source) for source in sources):
            continue
        if ranges and theirs[0] <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], theirs[1])
        else:
            ranges.append([theirs[0], theirs[1]])
    return [(start, end) for start, end in ranges]


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _translation_spans(text: str, ranges: list[Span], targets: MatchTargets, language: str) -> list[Span]:
    from searchkit import lexicon

    spans: list[Span] = []
    for start, end in ranges:
        piece = text[start:end]
        if language == "zh":
            found = chinese_match_spans(piece, targets.chinese_strings)
            found += lexicon.find_translation_spans_zh(piece, sorted(targets.english_words))
        else:
            found = english_match_spans(piece, targets)
            found += lexicon.find_translation_spans(piece, sorted(targets.chinese_strings))
        spans += [(start + a, start + b) for a, b in found]
    return sorted(set(spans))


def aligned_passage(beads: list[StoredBead], snippet: Snippet, source_side: str, other_text: str,
                    targets: MatchTargets) -> Snippet:
    """The passage of other_text aligned with the snippet (cut from the source_side text), with marks."""
    ranges = [trimmed for trimmed in (_trim(other_text, r) for r in aligned_ranges(beads, snippet.sources, source_side))
              if trimmed[0] < trimmed[1]]
    if not ranges:
        return Snippet("")
    language = "zh" if source_side == "en" else "en"
    spans = _translation_spans(other_text, ranges, targets, language)
    merged: list[Span] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
        else:
            merged.append(span)
    return passage(other_text, ranges, merged, MAX_ALIGNED_CHARS[language])
