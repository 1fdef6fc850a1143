"""Split an article's two sides into sentences and paragraphs, gather each unit's alignment features, and from
them the path an alignment is expected to follow."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from searchkit import lexicon, number_anchors, pinyin
from searchkit.normalize import HAN_CHAR, HAN_RANGES, fold_string

_EN_SENTENCE_END = re.compile(rf"[.!?]+[\"'”’)\]]*(?=\s+[A-Z0-9\"'“‘(\[—–*△{HAN_RANGES}-])")
_ZH_SENTENCE_END = re.compile(rf"(?:[。！？；]+|[!?;]+(?![{HAN_RANGES}A-Za-z0-9]))[”’」』）)》\"']*")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[A-Z]|Mr|Mrs|Ms|Dr|No|Nos|St|Mt|Gen|Col|Lt|Sgt|Capt|Prof|Rev|Jr|Sr|Co|Corp|Inc|Ltd|vs|Vol|"
    r"pp|Fig|Art|Dept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|a\.m|p\.m|e\.g|i\.e)\.$")
_LATIN = re.compile(r"[A-Za-z]")
EXPECTED_PAIR_SCORE = 2.0  # rare shared words (1 each, ½ if in two units) marking a pair on the expected path


# ---- sentences and paragraphs -------------------------------------------------------------------------------------

def lines(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the non-blank lines of a text, surrounding white space excluded."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            start = offset + len(line) - len(line.lstrip())
            spans.append((start, start + len(line.strip())))
        offset += len(line) + 1
    return spans


def _split_line(text: str, line: tuple[int, int], ends: list[int]) -> list[tuple[int, int]]:
    """A line cut after each sentence end offset in `ends`, white space trimmed."""
    spans, start = [], line[0]
    for end in ends + [line[1]]:
        piece = text[start:end]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            spans.append((left, left + len(piece.strip())))
        start = end
    return spans


def split_sentences_en(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the English sentences: ends at . ! ? (plus closing quotes) before a capital, a digit,
    an opening quote or Chinese (not after abbreviations such as "No." or initials), and at line breaks."""
    spans = []
    for line in lines(text):
        ends = [m.end() for m in _EN_SENTENCE_END.finditer(text, line[0], line[1])
                if m.group()[0] != "." or not _ABBREVIATION.search(text[max(line[0], m.start() - 6):m.start() + 1])]
        spans += _split_line(text, line, ends)
    return spans


def split_sentences_zh(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the Chinese sentences: ends at 。！？；!?; (plus closing quotes) and at line breaks."""
    spans = []
    for line in lines(text):
        spans += _split_line(text, line, [m.end() for m in _ZH_SENTENCE_END.finditer(text, line[0], line[1])])
    return spans


def first_sentences(sentences: list[tuple[int, int]], lines: list[tuple[int, int]]) -> list[int]:
    """For each line, the index of its first sentence, plus a final entry: the number of sentences."""
    firsts, index = [], 0
    for line in lines:
        firsts.append(index)
        while index < len(sentences) and sentences[index][0] < line[1]:
            index += 1
    return firsts + [len(sentences)]


def paragraph_numbers(firsts: list[int]) -> list[int]:
    """For each sentence, the number of its paragraph."""
    return [number for number, (first, end) in enumerate(zip(firsts, firsts[1:])) for _ in range(first, end)]


# ---- features -----------------------------------------------------------------------------------------------------

@dataclass
class Units:
    """Per-unit (sentence or paragraph) features of one side of an article."""

    lengths: list[int]               # non-space characters
    words: list[frozenset]           # English: content stems; Chinese: gloss stems of its words (both cut down
    word_counts: list[int]           # to the stems the other side has); content / dictionary words per unit
    masks: list[dict[str, int]]      # Chinese: gloss stem → bit set of the unit's words having it
    anchors: list[frozenset]         # numbers, months, days
    names: list                      # English: pinyin syllable tuples of names; Chinese: the folded text
    skip_only: list[bool]            # English units that are Chinese text: never paired

    def merged(self, groups: list[tuple[int, int]]) -> "Units":
        """Units made of consecutive runs of these units ([start, end) index ranges)."""
        english = not self.masks
        return Units(
            lengths=[sum(self.lengths[s:e]) for s, e in groups],
            words=[frozenset().union(*self.words[s:e]) for s, e in groups],
            word_counts=[sum(self.word_counts[s:e]) for s, e in groups],
            masks=[] if english else [self._merged_masks(s, e) for s, e in groups],
            anchors=[frozenset().union(*self.anchors[s:e]) for s, e in groups],
            names=[list(dict.fromkeys(sum(self.names[s:e], []))) if english else "。".join(self.names[s:e])
                   for s, e in groups],
            skip_only=[e > s and all(self.skip_only[s:e]) for s, e in groups],
        )

    def _merged_masks(self, start: int, end: int) -> dict[str, int]:
        merged: dict[str, int] = {}
        offset = 0
        for index in range(start, end):
            for stem, bits in self.masks[index].items():
                merged[stem] = merged.get(stem, 0) | bits << offset
            offset += self.word_counts[index]
        return merged


def english_units(text: str, sentences: list[tuple[int, int]]) -> Units:
    pieces = [text[start:end] for start, end in sentences]
    words = [lexicon.content_stems(p) for p in pieces]
    return Units(lengths=[visible_length(p) for p in pieces], words=words, word_counts=[len(w) for w in words],
                 masks=[], anchors=[frozenset(number_anchors.english_number_anchors(p)) for p in pieces],
                 names=[list(dict.fromkeys(pinyin.romanized_names(p))) for p in pieces],
                 skip_only=[is_chinese_text(p) for p in pieces])


def chinese_units(text: str, sentences: list[tuple[int, int]], english: Units) -> Units:
    """The Chinese units; their stems (and English unit stems) are cut down to those both sides have."""
    pieces = [fold_string(text[start:end]) for start, end in sentences]
    vocabulary = frozenset().union(*english.words)
    masks, counts = [], []
    for piece in pieces:
        mask: dict[str, int] = {}
        glosses = lexicon.chinese_gloss_sets(piece, folded=True)
        for index, stems in enumerate(glosses):
            for stem in stems & vocabulary:
                mask[stem] = mask.get(stem, 0) | 1 << index
        masks.append(mask)
        counts.append(len(glosses))
    chinese_vocabulary = frozenset().union(*masks)
    english.words = [words & chinese_vocabulary for words in english.words]
    anchors = [frozenset(number_anchors.chinese_number_anchors(p)) for p in pieces]
    return Units(lengths=[visible_length(p) for p in pieces], words=[frozenset(m) for m in masks],
                 word_counts=counts, masks=masks, anchors=anchors, names=pieces, skip_only=[False] * len(pieces))


def visible_length(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\u3000") - text.count("\t")


def is_chinese_text(text_en: str) -> bool:
    """True for a piece of the English side that is mostly Chinese (a copy of the original): never paired."""
    han = len(HAN_CHAR.findall(text_en))
    return han > 0 and 3 * han > len(_LATIN.findall(text_en))


# ---- the expected path (where a large alignment table is searched first) ------------------------------------------

def expected_path(english: Units, chinese: Units, bounds: tuple[int, int, int, int]) -> list[int]:
    """For each English index 0..n, the Chinese index the alignment is expected at: straight lines through the
    longest chain (increasing on both sides) of unit pairs that share rare words, numbers or dates."""
    i0, i1, j0, j1 = bounds
    postings: dict[str, list[int]] = {}
    for j in range(j0, j1):
        for key in chinese.words[j] | chinese.anchors[j]:
            postings.setdefault(key, []).append(j - j0)
    points = []
    for i in range(i0, i1):
        scores: dict[int, float] = {}
        for key in english.words[i] | english.anchors[i]:
            hits = postings.get(key, ())
            for j in hits if len(hits) <= 2 else ():
                scores[j] = scores.get(j, 0.0) + 1 / len(hits)
        best = max(sorted(scores), key=scores.__getitem__, default=None)  # ties: the first, whatever the hash seed
        if best is not None and scores[best] >= EXPECTED_PAIR_SCORE:
            points.append((i - i0, best))
    chain, n, m = _increasing_chain(points), i1 - i0, j1 - j0
    last_i, last_j = chain[-1] if chain else (0, 0)  # after the last pair: on towards the end, or flat
    chain.append((n, min(m, last_j + (n - last_i) * max(m - last_j, 0) // max(n - last_i, 1))))
    centers, previous = [], (0, 0)
    for i, j in chain:
        centers += [previous[1] + (j - previous[1]) * (row - previous[0]) // max(i - previous[0], 1)
                    for row in range(previous[0], i)]
        previous = (i, j)
    return centers + [previous[1]]


def _increasing_chain(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) points (sorted by i) whose i and j both strictly increase."""
    tails: list[int] = []  # tails[k]: the point ending the best chain of length k + 1 found so far
    parents: list[int | None] = []
    for index, (i, j) in enumerate(points):
        k = bisect.bisect_left([points[t][1] for t in tails], j)
        while k > 0 and points[tails[k - 1]][0] == i:
            k -= 1
        parents.append(tails[k - 1] if k else None)
        tails[k:k + 1] = [index]
    chain, index = [], tails[-1] if tails else None
    while index is not None:
        chain.append(points[index])
        index = parents[index]
    return chain[::-1]
