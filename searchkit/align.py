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

_KIND_COST = {(1, 1): 0.0, (2, 1): 3.0, (1, 2): 3.0, (1, 0): 0.0, (0, 1): 0.0}
_PARAGRAPH_KIND_COST = {(1, 1): 0.0, (2, 1): 2.5, (1, 2): 2.0, (3, 1): 4.0, (1, 3): 3.5, (1, 0): 0.0, (0, 1): 0.0}
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
_BAND_MARGIN = 3           # how far (in units) the path may stray from the diagonal beyond the length difference

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
    words: list[frozenset]           # English: content stems; Chinese: the union of its words' gloss stems
    word_glosses: list[list]         # Chinese: one gloss-stem set per dictionary word; English: unused
    anchors: list[frozenset]         # numbers, months, days
    names: list                      # English: pinyin syllable tuples of names; Chinese: pinyin bigrams
    skip_only: list[bool]            # English units that are Chinese text: never paired

    def word_count(self, index: int) -> int:
        return len(self.word_glosses[index]) if self.word_glosses else len(self.words[index])

    def merged(self, groups: list[tuple[int, int]]) -> "_Units":
        """Units made of consecutive runs of these units ([start, end) index ranges)."""
        def union(values, start, end):
            return frozenset().union(*values[start:end])

        english = not self.word_glosses
        return _Units(
            lengths=[sum(self.lengths[s:e]) for s, e in groups],
            words=[union(self.words, s, e) for s, e in groups],
            word_glosses=[] if english else [sum(self.word_glosses[s:e], []) for s, e in groups],
            anchors=[union(self.anchors, s, e) for s, e in groups],
            names=[sum(self.names[s:e], []) if english else set().union(*self.names[s:e]) for s, e in groups],
            skip_only=[e > s and all(self.skip_only[s:e]) for s, e in groups],
        )


def _english_units(text: str, sentences: list[tuple[int, int]]) -> _Units:
    pieces = [text[start:end] for start, end in sentences]
    return _Units(
        lengths=[_visible_length(p) for p in pieces],
        words=[lexicon.content_stems(p) for p in pieces],
        word_glosses=[],
        anchors=[frozenset(lexicon.english_number_anchors(p)) for p in pieces],
        names=[lexicon.romanized_names(p) for p in pieces],
        skip_only=[3 * len(_HAN.findall(p)) > len(_LATIN.findall(p)) for p in pieces],
    )


def _chinese_units(text: str, sentences: list[tuple[int, int]]) -> _Units:
    pieces = [fold_string(text[start:end]) for start, end in sentences]
    glosses = [lexicon.chinese_gloss_sets(p) for p in pieces]
    return _Units(
        lengths=[_visible_length(p) for p in pieces],
        words=[frozenset().union(*g) for g in glosses],
        word_glosses=glosses,
        anchors=[frozenset(lexicon.chinese_number_anchors(p)) for p in pieces],
        names=[lexicon.pinyin_bigrams(p) for p in pieces],
        skip_only=[False] * len(pieces),
    )


def _visible_length(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\u3000") - text.count("\t")


# ---- costs and the dynamic programme -------------------------------------------------------------------------

class _BeadCost:
    """The cost of a bead joining English units [i0, i1) and Chinese units [j0, j1) (pair values cached)."""

    def __init__(self, english: _Units, chinese: _Units, kind_costs: dict, max_length_cost: float = math.inf,
                 paragraphs: tuple[list[int], list[int]] | None = None):
        self.english, self.chinese, self.kind_costs = english, chinese, kind_costs
        self.en_paragraph, self.zh_paragraph = paragraphs or (range(len(english.lengths)), range(len(chinese.lengths)))
        self.max_length_cost = max_length_cost
        self.pairs: dict[int, tuple[int, int, int]] = {}
        self.groups: dict[tuple, int] = {}
        self.stride = len(chinese.lengths) + 1
        self.en_lengths, self.zh_lengths = _prefix_sums(english.lengths), _prefix_sums(chinese.lengths)
        self.en_words = _prefix_sums([english.word_count(i) for i in range(len(english.lengths))])
        self.zh_words = _prefix_sums([chinese.word_count(j) for j in range(len(chinese.lengths))])
        self.en_anchors = _prefix_sums([len(a) for a in english.anchors])
        self.zh_anchors = _prefix_sums([len(a) for a in chinese.anchors])
        self.skip_only = _prefix_sums(english.skip_only)

    def pair(self, i: int, j: int) -> tuple[int, int, int]:
        """(English words glossed, Chinese words translated, shared anchors and names) of units i and j."""
        value = self.pairs.get(i * self.stride + j)
        if value is None:
            en, zh = self.english, self.chinese
            stems = en.words[i]
            english_links = len(stems & zh.words[j])
            chinese_links = sum(not g.isdisjoint(stems) for g in zh.word_glosses[j]) if english_links else 0
            anchors = len(en.anchors[i] & zh.anchors[j]) + lexicon.name_matches(en.names[i], zh.names[j])
            value = self.pairs[i * self.stride + j] = (english_links, chinese_links, anchors)
        return value

    def _links(self, i0: int, i1: int, j0: int, j1: int) -> tuple[int, int, int]:
        """Linked English words, linked Chinese words and shared anchors of a bead. Each side's words are
        compared with the union of the other side's units, so a word linked to two units counts once."""
        if i1 - i0 == 1 and j1 - j0 == 1:
            return self.pair(i0, j0)
        anchors = sum(self.pair(i, j)[2] for i in range(i0, i1) for j in range(j0, j1))
        if j1 - j0 == 1:
            english_links = sum(self.pair(i, j0)[0] for i in range(i0, i1))
            return english_links, self._chinese_links(j0, i0, i1), anchors
        chinese_links = sum(self.pair(i0, j)[1] for j in range(j0, j1))
        return self._english_links(i0, j0, j1), chinese_links, anchors

    def _english_links(self, i: int, j0: int, j1: int) -> int:
        """English words of unit i glossed by some Chinese word of units [j0, j1)."""
        key = ("en", i, j0, j1)
        if key not in self.groups:
            glosses = frozenset().union(*self.chinese.words[j0:j1])
            self.groups[key] = len(self.english.words[i] & glosses)
        return self.groups[key]

    def _chinese_links(self, j: int, i0: int, i1: int) -> int:
        """Chinese words of unit j translated by some English word of units [i0, i1)."""
        key = ("zh", j, i0, i1)
        if key not in self.groups:
            stems = frozenset().union(*self.english.words[i0:i1])
            self.groups[key] = sum(not glosses.isdisjoint(stems) for glosses in self.chinese.word_glosses[j])
        return self.groups[key]

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        if i1 == i0 or j1 == j0:
            return 0.0 if i1 > i0 and self.english.skip_only[i0] else _SKIP_COST
        if self.skip_only[i1] != self.skip_only[i0]:
            return math.inf
        english_links, chinese_links, anchors = self._links(i0, i1, j0, j1)
        links = (_link_evidence(english_links, self.en_words[i1] - self.en_words[i0])
                 + _link_evidence(chinese_links, self.zh_words[j1] - self.zh_words[j0]))
        one_sided = self.en_anchors[i1] - self.en_anchors[i0] + self.zh_anchors[j1] - self.zh_anchors[j0]
        one_sided = max(one_sided - 2 * anchors, 0)
        length = _length_cost(self.en_lengths[i1] - self.en_lengths[i0], self.zh_lengths[j1] - self.zh_lengths[j0])
        crossing = self.en_paragraph[i0] != self.en_paragraph[i1 - 1] or self.zh_paragraph[j0] != self.zh_paragraph[j1 - 1]
        return (self.kind_costs[(i1 - i0, j1 - j0)]
                + _CROSS_PARAGRAPH_COST * crossing
                + min(length, self.max_length_cost)
                - _LINK_WEIGHT * links / 2
                - _ANCHOR_BONUS * min(anchors, _MAX_ANCHORS)
                + _ANCHOR_PENALTY * min(one_sided, _MAX_ANCHORS))


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


def _best_path(en_lengths: list[int], zh_lengths: list[int], cost, moves) -> list[tuple[int, int, int, int]]:
    """The cheapest monotone sequence of beads (i0, i1, j0, j1) covering both unit lists; the band is widened
    and the search redone when the best path runs along its edge."""
    n, m = len(en_lengths), len(zh_lengths)
    # Narrow first; then wide enough for any path that aligns one text fully and leaves the other one's surplus
    # unaligned (a truncated or padded translation); then everything.
    for width in (_BAND_MARGIN + max(n, m) // 20, abs(n - m) + 4 * _BAND_MARGIN + max(n, m) // 10, n + m):
        band = _band(en_lengths, zh_lengths, width)
        path = _banded_path(n, m, band, cost, moves)
        if path is not None and not any(j == band[i][0] > 0 or j == band[i][1] < m for _, i, _, j in path):
            return path
    return path


def _banded_path(n: int, m: int, band: list[tuple[int, int]], cost, moves) -> list[tuple[int, int, int, int]] | None:
    """The cheapest path through the cells of the band, or None when the band holds no complete path."""
    best: list[dict[int, tuple[float, tuple[int, int]]]] = [dict() for _ in range(n + 1)]
    best[0][0] = (0.0, (0, 0))
    for i in range(n + 1):
        low, high = band[i]
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            champion = (math.inf, (0, 0))
            for di, dj in moves:
                previous = best[i - di].get(j - dj) if i >= di and j >= dj else None
                if previous is not None:
                    total = previous[0] + cost(i - di, i, j - dj, j)
                    if total < champion[0]:
                        champion = (total, (di, dj))
            if champion[0] < math.inf:
                best[i][j] = champion
    if m not in best[n]:
        return None
    path, i, j = [], n, m
    while i or j:
        di, dj = best[i][j][1]
        path.append((i - di, i, j - dj, j))
        i, j = i - di, j - dj
    return path[::-1]


# ---- alignment ------------------------------------------------------------------------------------------------

def align(body_en: str, body_zh: str) -> list[Bead]:
    """Sentence beads in document order whose English spans tile body_en and whose Chinese spans tile body_zh."""
    en_sentences, zh_sentences = split_sentences_en(body_en), split_sentences_zh(body_zh)
    en_firsts = _paragraph_of(en_sentences, _lines(body_en))
    zh_firsts = _paragraph_of(zh_sentences, _lines(body_zh))
    english, chinese = _english_units(body_en, en_sentences), _chinese_units(body_zh, zh_sentences)
    en_groups = list(zip(en_firsts, en_firsts[1:]))
    zh_groups = list(zip(zh_firsts, zh_firsts[1:]))
    paragraph_cost = _BeadCost(english.merged(en_groups), chinese.merged(zh_groups), _PARAGRAPH_KIND_COST,
                               _MAX_PARAGRAPH_LENGTH_COST)
    sentence_cost = _BeadCost(english, chinese, _KIND_COST, paragraphs=(_paragraph_numbers(en_firsts),
                                                                         _paragraph_numbers(zh_firsts)))
    pairs = []
    paragraph_path = _best_path(paragraph_cost.english.lengths, paragraph_cost.chinese.lengths, paragraph_cost,
                                list(_PARAGRAPH_KIND_COST))
    for p0, p1, q0, q1 in paragraph_path:
        i0, i1, j0, j1 = en_firsts[p0], en_firsts[p1], zh_firsts[q0], zh_firsts[q1]
        pairs.extend(_sentence_beads(i0, i1, j0, j1, sentence_cost))
    return _beads(pairs, en_sentences, zh_sentences, len(body_en), len(body_zh))


def _sentence_beads(i0: int, i1: int, j0: int, j1: int, cost: _BeadCost) -> list[tuple[int, int, int, int]]:
    """The sentence beads of one paragraph group (English sentences [i0, i1), Chinese [j0, j1))."""
    if i1 == i0 or j1 == j0:
        return [(i, i + 1, j0, j0) for i in range(i0, i1)] + [(i1, i1, j, j + 1) for j in range(j0, j1)]

    def local(a0, a1, b0, b1):
        return cost(i0 + a0, i0 + a1, j0 + b0, j0 + b1)

    path = _best_path(cost.english.lengths[i0:i1], cost.chinese.lengths[j0:j1], local, list(_KIND_COST))
    return [(i0 + a0, i0 + a1, j0 + b0, j0 + b1) for a0, a1, b0, b1 in path]


def _beads(pairs, en_sentences, zh_sentences, en_length: int, zh_length: int) -> list[Bead]:
    """Beads from sentence index ranges; each side's spans stretched so that they tile its whole text."""
    en_cuts = _cuts([(i0, i1) for i0, i1, _, _ in pairs], en_sentences, en_length)
    zh_cuts = _cuts([(j0, j1) for _, _, j0, j1 in pairs], zh_sentences, zh_length)
    return [Bead(f"{i1 - i0}-{j1 - j0}", en, zh) for (i0, i1, j0, j1), en, zh in zip(pairs, en_cuts, zh_cuts)]


def _cuts(ranges: list[tuple[int, int]], sentences: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """One side's bead spans: a bead runs from the end of the previous one to the start of the next sentence."""
    spans, position = [], 0
    for index, (first, last) in enumerate(ranges):
        if first == last:
            spans.append((position, position))
            continue
        following = next((f for f, l in ranges[index + 1:] if l > f), None)
        end = sentences[following][0] if following is not None else length
        spans.append((position, end))
        position = end
    if position < length and spans:  # a side holding only white space: the first bead takes it
        spans = [(0, length)] + [(length, length)] * (len(spans) - 1)
    return spans
