"""Align an article's English and Chinese text into sentence beads (1-1, 1-2, 2-1, 1-0, 0-1) that tile both texts.

Paragraphs (lines) are aligned first, then the sentences inside each aligned group of paragraphs, both with the
same banded dynamic programme. A bead's cost adds a prior for its kind, a Gale–Church length cost (English
characters per Chinese character measured on the seed corpus) and three similarity signals: CC-CEDICT links
between the two sides, shared numbers and dates, and English names that read as the pinyin of the Chinese.
English text with no counterpart becomes 1-0 beads and Chinese text 0-1 beads; nothing is dropped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from searchkit import lexicon
from searchkit.normalize import fold_string

# Non-space English characters per non-space Chinese character: 3.43 over the bodies of the 44 seed articles
# (53,874 / 15,704, English lines that are mostly Chinese left out; the per-article median is 3.42).
ENGLISH_CHARS_PER_CHINESE_CHAR = 3.43
# Variance of the English length per Chinese character: 15.5, from the 116 paragraph pairs of the seed articles
# with as many English as Chinese paragraphs whose length ratio lies within 2–5.5 (mismatched lines left out).
LENGTH_VARIANCE_PER_CHINESE_CHAR = 30.0

# Prior costs of the pairing bead kinds; 1-0 and 0-1 beads cost _SKIP_COST (nothing for English lines that
# are Chinese text).
_KIND_COST = {(1, 1): 0.0, (2, 1): 3.0, (1, 2): 3.0}
_PARAGRAPH_KIND_COST = {(1, 1): 0.0, (2, 1): 2.5, (1, 2): 2.0, (3, 1): 4.0, (1, 3): 3.5}
_SKIP_COST = 4.0           # leaving one sentence or paragraph unaligned
_MAX_PARAGRAPH_LENGTH_COST = 3.0  # paragraphs partly translated are common: their length says less
# Dictionary links, per word: in WMT translations 56% (English) / 61% (Chinese) of the content words have a
# CC-CEDICT link to the other side, in unrelated sentence pairs 2%; we assume 45% against 2.5%.
_LINKED_WORD_LLR = math.log(0.45 / 0.025)
_UNLINKED_WORD_LLR = math.log(0.55 / 0.975)
_LINK_WEIGHT = 1.1         # words are not independent: the log-likelihood ratio is damped
_ANCHOR_BONUS = 1.5        # per shared number, date or name
_ANCHOR_PENALTY = 0.5      # per number on one side only
_MAX_ANCHORS = 4
_CROSS_PARAGRAPH_COST = 3.0  # a sentence bead joining sentences of two lines of one side
_BAND_MARGIN = 3           # cells either side of the expected path that the search looks at (plus 1 per 40 units)
_BAND_ROUNDS = 6           # searches around the last best path before the whole table is searched

_EN_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_ZH_SENTENCE_END = re.compile(r"(?:[。！？；]+|[!?;]+(?![\u3400-\u9fffA-Za-z0-9]))[”’」』）)》\"']*")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[A-Z]|Mr|Mrs|Ms|Dr|No|Nos|St|Mt|Gen|Col|Lt|Sgt|Capt|Prof|Rev|Jr|Sr|Co|Corp|Inc|Ltd|vs|Vol|"
    r"pp|Fig|Art|Dept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|a\.m|p\.m|e\.g|i\.e)\.$"
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Bead:
    """One alignment unit: [start, end) character spans in body_en and body_zh (an empty span for 0-1 / 1-0)."""

    kind: str             # "<English sentences>-<Chinese sentences>": "1-1", "1-2", "2-1", "1-0" or "0-1"
    en: tuple[int, int]
    zh: tuple[int, int]


# ---- sentences and paragraphs ---------------------------------------------------------------------------------

def _lines(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the non-blank lines of a text, surrounding white space excluded."""
    spans, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
        offset += len(line) + 1
    return spans


def _split_line(text: str, line: tuple[int, int], ends: list[int]) -> list[tuple[int, int]]:
    """A line cut after each sentence end offset in `ends` (offsets inside the line), white space trimmed."""
    spans, start = [], line[0]
    for end in ends + [line[1]]:
        piece = text[start:end]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            spans.append((left, left + len(piece.strip())))
        start = end
    return spans


def split_sentences_en(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the English sentences: ends at . ! ? (plus closing quotes) and at line breaks."""
    spans = []
    for line in _lines(text):
        ends = []
        for match in _EN_SENTENCE_END.finditer(text, line[0], line[1]):
            following = text[match.end():line[1]].lstrip()[:1]
            if following and (following.isupper() or following.isdigit() or following in "\"'“‘([—–-*△"
                              or _HAN.match(following)):
                if match.group()[0] != "." or not _ABBREVIATION.search(text[line[0]:match.start() + 1]):
                    ends.append(match.end())
        spans.extend(_split_line(text, line, ends))
    return spans


def split_sentences_zh(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the Chinese sentences: ends at 。！？；!?; (plus closing quotes) and at line breaks."""
    spans = []
    for line in _lines(text):
        ends = [m.end() for m in _ZH_SENTENCE_END.finditer(text, line[0], line[1])]
        spans.extend(_split_line(text, line, ends))
    return spans


def _paragraph_numbers(firsts: list[int]) -> list[int]:
    """For each sentence, the number of its paragraph (from each paragraph's first sentence index)."""
    return [number for number, (first, end) in enumerate(zip(firsts, firsts[1:])) for _ in range(first, end)]


def _paragraph_of(sentences: list[tuple[int, int]], lines: list[tuple[int, int]]) -> list[int]:
    """For each line, the index of its first sentence (plus a final entry: the number of sentences)."""
    firsts, index = [], 0
    for line in lines:
        firsts.append(index)
        while index < len(sentences) and sentences[index][0] < line[1]:
            index += 1
    return firsts + [len(sentences)]


# ---- features -------------------------------------------------------------------------------------------------

@dataclass
class _Units:
    """Per-unit (sentence or paragraph) features of one side of an article."""

    lengths: list[int]               # non-space characters
    words: list[frozenset]           # English: content stems; Chinese: the gloss stems of its words
    word_counts: list[int]           # content words (English) or dictionary words with a gloss (Chinese)
    masks: list[dict[str, int]]      # Chinese: gloss stem → bit set of the unit's words having it
    anchors: list[frozenset]         # numbers, months, days
    names: list                      # English: pinyin syllable tuples of names; Chinese: pinyin bigrams
    skip_only: list[bool]            # English units that are Chinese text: never paired

    def merged(self, groups: list[tuple[int, int]]) -> "_Units":
        """Units made of consecutive runs of these units ([start, end) index ranges)."""
        english = not self.masks
        return _Units(
            lengths=[sum(self.lengths[s:e]) for s, e in groups],
            words=[frozenset().union(*self.words[s:e]) for s, e in groups],
            word_counts=[sum(self.word_counts[s:e]) for s, e in groups],
            masks=[] if english else [self._merged_masks(s, e) for s, e in groups],
            anchors=[frozenset().union(*self.anchors[s:e]) for s, e in groups],
            names=[sum(self.names[s:e], []) if english else set().union(*self.names[s:e]) for s, e in groups],
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


def _english_units(text: str, sentences: list[tuple[int, int]]) -> _Units:
    pieces = [text[start:end] for start, end in sentences]
    words = [lexicon.content_stems(p) for p in pieces]
    return _Units(
        lengths=[_visible_length(p) for p in pieces],
        words=words,
        word_counts=[len(w) for w in words],
        masks=[],
        anchors=[frozenset(lexicon.english_number_anchors(p)) for p in pieces],
        names=[lexicon.romanized_names(p) for p in pieces],
        skip_only=[3 * len(_HAN.findall(p)) > len(_LATIN.findall(p)) for p in pieces],
    )


def _chinese_units(text: str, sentences: list[tuple[int, int]]) -> _Units:
    pieces = [fold_string(text[start:end]) for start, end in sentences]
    glosses = [lexicon.chinese_gloss_sets(p) for p in pieces]
    masks = []
    for word_glosses in glosses:
        mask: dict[str, int] = {}
        for index, stems in enumerate(word_glosses):
            for stem in stems:
                mask[stem] = mask.get(stem, 0) | 1 << index
        masks.append(mask)
    return _Units(
        lengths=[_visible_length(p) for p in pieces],
        words=[frozenset(mask) for mask in masks],
        word_counts=[len(g) for g in glosses],
        masks=masks,
        anchors=[frozenset(lexicon.chinese_number_anchors(p)) for p in pieces],
        names=[lexicon.pinyin_bigrams(p) for p in pieces],
        skip_only=[False] * len(pieces),
    )


def _visible_length(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\u3000") - text.count("\t")


# ---- costs and the dynamic programme -------------------------------------------------------------------------

class _BeadCost:
    """The cost of a bead pairing English units [i0, i1) with Chinese units [j0, j1) (both non-empty)."""

    def __init__(self, english: _Units, chinese: _Units, kind_costs: dict, max_length_cost: float = math.inf,
                 paragraphs: tuple[list[int], list[int]] | None = None):
        self.english, self.chinese, self.kind_costs = english, chinese, kind_costs
        self.max_length_cost = max_length_cost
        self.en_paragraph, self.zh_paragraph = paragraphs or (range(len(english.lengths)), range(len(chinese.lengths)))
        self.en_lengths, self.zh_lengths = _prefix_sums(english.lengths), _prefix_sums(chinese.lengths)
        self.en_words, self.zh_words = _prefix_sums(english.word_counts), _prefix_sums(chinese.word_counts)
        self.en_anchors = _prefix_sums([len(a) for a in english.anchors])
        self.zh_anchors = _prefix_sums([len(a) for a in chinese.anchors])
        self.skip_only = _prefix_sums(english.skip_only)
        self.en_skips = [0.0 if skip else _SKIP_COST for skip in english.skip_only]
        self.stride = len(chinese.lengths) + 1
        self.pairs: dict[int, tuple[int, int, int]] = {}
        self.unions: dict[tuple[str, int, int], frozenset] = {}
        self.costs: dict[int, float] = {}

    def pair(self, i: int, j: int) -> tuple[int, int, int]:
        """(English words glossed, Chinese words translated, shared anchors and names) of units i and j."""
        value = self.pairs.get(i * self.stride + j)
        if value is None:
            en, zh = self.english, self.chinese
            linked = en.words[i] & zh.words[j]
            anchors = len(en.anchors[i] & zh.anchors[j]) + lexicon.name_matches(en.names[i], zh.names[j])
            value = self.pairs[i * self.stride + j] = (len(linked), self._translated(linked, j), anchors)
        return value

    def _translated(self, linked_stems, j: int) -> int:
        """How many words of Chinese unit j have one of the (linked) stems among their glosses."""
        masks, bits = self.chinese.masks[j], 0
        for stem in linked_stems:
            bits |= masks[stem]
        return bits.bit_count()

    def _union(self, side: str, start: int, end: int) -> frozenset:
        key = (side, start, end)
        if key not in self.unions:
            units = self.english if side == "en" else self.chinese
            self.unions[key] = frozenset().union(*units.words[start:end])
        return self.unions[key]

    def _links(self, i0: int, i1: int, j0: int, j1: int) -> tuple[int, int, int]:
        """Linked English words, linked Chinese words and shared anchors of a bead; a word linked to two units of
        the other side counts once."""
        if i1 - i0 == 1 and j1 - j0 == 1:
            return self.pair(i0, j0)
        anchors = sum(self.pair(i, j)[2] for i in range(i0, i1) for j in range(j0, j1))
        if j1 - j0 == 1:
            stems = self._union("en", i0, i1) & self.chinese.words[j0]
            return sum(self.pair(i, j0)[0] for i in range(i0, i1)), self._translated(stems, j0), anchors
        english_links = len(self.english.words[i0] & self._union("zh", j0, j1))
        return english_links, sum(self.pair(i0, j)[1] for j in range(j0, j1)), anchors

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        key = ((i0 * self.stride + j0) * 4 + i1 - i0) * 4 + j1 - j0
        value = self.costs.get(key)
        if value is None:
            value = self.costs[key] = self._cost(i0, i1, j0, j1)
        return value

    def _cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        if self.skip_only[i1] != self.skip_only[i0]:
            return math.inf
        english_links, chinese_links, anchors = self._links(i0, i1, j0, j1)
        links = (_link_evidence(english_links, self.en_words[i1] - self.en_words[i0])
                 + _link_evidence(chinese_links, self.zh_words[j1] - self.zh_words[j0]))
        one_sided = self.en_anchors[i1] - self.en_anchors[i0] + self.zh_anchors[j1] - self.zh_anchors[j0]
        length = _length_cost(self.en_lengths[i1] - self.en_lengths[i0], self.zh_lengths[j1] - self.zh_lengths[j0])
        crossing = (self.en_paragraph[i0] != self.en_paragraph[i1 - 1]
                    or self.zh_paragraph[j0] != self.zh_paragraph[j1 - 1])
        return (self.kind_costs[(i1 - i0, j1 - j0)]
                + _CROSS_PARAGRAPH_COST * crossing
                + min(length, self.max_length_cost)
                - _LINK_WEIGHT * links / 2
                - _ANCHOR_BONUS * min(anchors, _MAX_ANCHORS)
                + _ANCHOR_PENALTY * min(max(one_sided - 2 * anchors, 0), _MAX_ANCHORS))


def _prefix_sums(values) -> list[int]:
    sums = [0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _link_evidence(links: int, words: int) -> float:
    """Log-likelihood ratio (translation vs unrelated text) of `links` of `words` words having a dictionary link."""
    links = min(links, words)
    return links * _LINKED_WORD_LLR + (words - links) * _UNLINKED_WORD_LLR


def _length_cost(english_length: int, chinese_length: int) -> float:
    """Gale–Church: −log P(|δ|) for the English length given the Chinese length."""
    mean_chinese = (chinese_length + english_length / ENGLISH_CHARS_PER_CHINESE_CHAR) / 2
    delta = (english_length - ENGLISH_CHARS_PER_CHINESE_CHAR * chinese_length) / math.sqrt(
        max(mean_chinese, 1.0) * LENGTH_VARIANCE_PER_CHINESE_CHAR)
    return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12))


def _band(en_lengths: list[int], zh_lengths: list[int], width: int) -> list[tuple[int, int]]:
    """For each English index 0..n, the range of Chinese indexes the path may visit: `width` either side of the
    point where the Chinese has covered the same share of its length as the English."""
    n, m = len(en_lengths), len(zh_lengths)
    en_total, zh_total = max(sum(en_lengths), 1), max(sum(zh_lengths), 1)
    band, j, en_done, zh_done = [], 0, 0, 0
    for i in range(n + 1):
        while j < m and (zh_done + zh_lengths[j] / 2) / zh_total < en_done / en_total:
            zh_done += zh_lengths[j]
            j += 1
        center = m if i == n else j
        band.append((max(0, center - width), min(m, center + width)))
        if i < n:
            en_done += en_lengths[i]
    return band


def _best_path(i0: int, i1: int, j0: int, j1: int, cost: _BeadCost) -> list[tuple[int, int, int, int]]:
    """The cheapest monotone sequence of beads (a0, a1, b0, b1) covering English units [i0, i1) and Chinese units
    [j0, j1). The search is confined to a band: first along the diagonal (by length), then, while the best path
    runs along the band's edge, around that path; in the end, if need be, everywhere."""
    n, m = i1 - i0, j1 - j0
    width = _BAND_MARGIN + max(n, m) // 40
    band = _band(cost.english.lengths[i0:i1], cost.chinese.lengths[j0:j1], width)
    for _ in range(_BAND_ROUNDS):
        path = _banded_path(i0, j0, band, cost)
        if path is not None and not _touches_edge(path, band, i0, j0, m):
            return path
        if path is not None:
            band = _band_around(path, i0, j0, n, m, width)
        else:
            width *= 2
            band = _band(cost.english.lengths[i0:i1], cost.chinese.lengths[j0:j1], width)
    return _banded_path(i0, j0, [(0, m)] * (n + 1), cost)


def _touches_edge(path, band: list[tuple[int, int]], i0: int, j0: int, m: int) -> bool:
    for _, a1, _, b1 in path:
        low, high = band[a1 - i0]
        if (b1 - j0 == low and low > 0) or (b1 - j0 == high and high < m):
            return True
    return False


def _band_around(path, i0: int, j0: int, n: int, m: int, width: int) -> list[tuple[int, int]]:
    """A band `width` either side of the cells a path visits (it may widen the band by `width` at each round)."""
    lows, highs = [m] * (n + 1), [0] * (n + 1)
    lows[0] = highs[0] = 0
    for a0, a1, b0, b1 in path:
        for i in range(a0 - i0, a1 - i0 + 1):
            lows[i], highs[i] = min(lows[i], b0 - j0), max(highs[i], b1 - j0)
    return [(max(0, low - width), min(m, high + width)) for low, high in zip(lows, highs)]


def _banded_path(i0: int, j0: int, band: list[tuple[int, int]], cost: _BeadCost):
    """The cheapest path through the band's cells (indexes relative to i0, j0), or None if it holds none."""
    n, m = len(band) - 1, band[-1][1]
    moves = [move for move in cost.kind_costs if move[0] and move[1]]
    best: list[dict[int, tuple[float, int, int]]] = [dict() for _ in range(n + 1)]
    for i in range(n + 1):
        row, low, high = best[i], band[i][0], band[i][1]
        above = best[i - 1] if i else {}
        for j in range(low, high + 1):
            champion = (0.0, 0, 0) if i == j == 0 else (math.inf, 0, 0)
            if j - 1 in row:
                champion = min(champion, (row[j - 1][0] + _SKIP_COST, 0, 1))
            if j in above:
                champion = min(champion, (above[j][0] + cost.en_skips[i0 + i - 1], 1, 0))
            for di, dj in moves:
                previous = best[i - di].get(j - dj) if i >= di and j >= dj else None
                if previous is not None:
                    total = previous[0] + cost(i0 + i - di, i0 + i, j0 + j - dj, j0 + j)
                    if total < champion[0]:
                        champion = (total, di, dj)
            if champion[0] < math.inf:
                row[j] = champion
    if m not in best[n]:
        return None
    path, i, j = [], n, m
    while i or j:
        _, di, dj = best[i][j]
        path.append((i0 + i - di, i0 + i, j0 + j - dj, j0 + j))
        i, j = i - di, j - dj
    return path[::-1]


# ---- alignment ------------------------------------------------------------------------------------------------

def align(body_en: str, body_zh: str) -> list[Bead]:
    """Sentence beads in document order whose English spans tile body_en and whose Chinese spans tile body_zh."""
    en_sentences, zh_sentences = split_sentences_en(body_en), split_sentences_zh(body_zh)
    en_firsts = _paragraph_of(en_sentences, _lines(body_en))
    zh_firsts = _paragraph_of(zh_sentences, _lines(body_zh))
    english, chinese = _english_units(body_en, en_sentences), _chinese_units(body_zh, zh_sentences)
    paragraph_cost = _BeadCost(english.merged(list(zip(en_firsts, en_firsts[1:]))),
                               chinese.merged(list(zip(zh_firsts, zh_firsts[1:]))),
                               _PARAGRAPH_KIND_COST, _MAX_PARAGRAPH_LENGTH_COST)
    sentence_cost = _BeadCost(english, chinese, _KIND_COST,
                              paragraphs=(_paragraph_numbers(en_firsts), _paragraph_numbers(zh_firsts)))
    pairs = []
    for p0, p1, q0, q1 in _best_path(0, len(en_firsts) - 1, 0, len(zh_firsts) - 1, paragraph_cost):
        i0, i1, j0, j1 = en_firsts[p0], en_firsts[p1], zh_firsts[q0], zh_firsts[q1]
        if i1 == i0 or j1 == j0:  # an unaligned paragraph: each of its sentences is a bead
            pairs += [(i, i + 1, j0, j0) for i in range(i0, i1)] + [(i1, i1, j, j + 1) for j in range(j0, j1)]
        else:
            pairs += _best_path(i0, i1, j0, j1, sentence_cost)
    return _beads(pairs, en_sentences, zh_sentences, len(body_en), len(body_zh))


def _beads(pairs, en_sentences, zh_sentences, en_length: int, zh_length: int) -> list[Bead]:
    """Beads from sentence index ranges; each side's spans stretched so that they tile its whole text."""
    en_cuts = _cuts([(i0, i1) for i0, i1, _, _ in pairs], en_sentences, en_length)
    zh_cuts = _cuts([(j0, j1) for _, _, j0, j1 in pairs], zh_sentences, zh_length)
    return [Bead(f"{i1 - i0}-{j1 - j0}", en, zh) for (i0, i1, j0, j1), en, zh in zip(pairs, en_cuts, zh_cuts)]


def _cuts(ranges: list[tuple[int, int]], sentences: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """One side's bead spans: a bead runs from the end of the previous one to the start of the next sentence."""
    ends, following = [], length
    for first, last in reversed(ranges):  # each bead ends where the next bead with a sentence starts
        ends.append(following)
        if last > first:
            following = sentences[first][0]
    spans, position = [], 0
    for (first, last), end in zip(ranges, reversed(ends)):
        spans.append((position, end) if last > first else (position, position))
        position = end if last > first else position
    if position < length and spans:  # a side holding only white space: the first bead takes it
        spans = [(0, length)] + [(length, length)] * (len(spans) - 1)
    return spans
