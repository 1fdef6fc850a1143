"""Align an article's English and Chinese text into sentence beads (1-1, 1-2, 2-1, 1-0, 0-1) that tile both texts.

Paragraphs (lines) are aligned first, then the sentences inside each aligned group of paragraphs, both by the
same banded dynamic programme. A bead's cost adds a prior for its kind, a Gale–Church length cost (English
characters per Chinese character measured on the seed corpus) and three similarity signals: CC-CEDICT links
between the two sides, shared numbers and dates, and English names that read as the pinyin of the Chinese.
English text with no counterpart becomes 1-0 beads and Chinese text 0-1 beads; nothing is dropped.
Sentence splitting, the per-unit features and the expected path live in align_units.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import accumulate

from searchkit import lexicon, pinyin
from searchkit.align_units import (  # split_sentences_en / _zh: re-exported as part of this module's API
    Units, chinese_units, english_units, expected_path, first_sentences, is_chinese_text, lines, paragraph_numbers,
    split_sentences_en, split_sentences_zh, visible_length)

# Non-space English characters per non-space Chinese character: 3.43 over the bodies of the 44 seed articles
# (53,874 / 15,704, English lines that are mostly Chinese left out; per-article median 3.42). WMT news: 2.9.
ENGLISH_CHARS_PER_CHINESE_CHAR = 3.43
# Variance of the English length per Chinese character. Measured: 15.5, over the 116 seed paragraph pairs of
# articles with as many English as Chinese paragraphs (length ratio within 2–5.5). Used: twice that, since
# sentences vary more than paragraphs and other translations have other ratios (bead F1 with 15.5 → 30: WMT
# 0.947 → 0.964, hand-aligned seeds 0.942 → 0.956).
LENGTH_VARIANCE_PER_CHINESE_CHAR = 30.0
_TWICE_LENGTH_VARIANCE = 2 * LENGTH_VARIANCE_PER_CHINESE_CHAR

# Prior costs of the pairing bead kinds; 1-0 and 0-1 beads cost _SKIP_COST (English lines in Chinese: nothing).
_KIND_COST = {(1, 1): 0.0, (2, 1): 3.0, (1, 2): 3.0}
_PARAGRAPH_KIND_COST = {(1, 1): 0.0, (2, 1): 5.5, (1, 2): 5.0, (3, 1): 7.0, (1, 3): 6.5}
_SKIP_COST = 4.0
# Length costs (see _length_cost) below which equal numbers of paragraphs, or of sentences in a paragraph pair,
# are taken to pair one to one without the dynamic programme.
_PLAIN_PARAGRAPH_LENGTH_COST = 5.0
_PLAIN_SENTENCE_LENGTH_COST = 2.0
_MIN_RATIO, _MAX_RATIO = 2.0, 6.0  # the article's own English/Chinese length ratio is used, within these bounds
# Paired one to one only if sampled pairs look like translations: in WMT translations 56% of the English content
# words have a CC-CEDICT link to the Chinese, in unrelated sentences 2%.
_LINK_SAMPLE = 4
_MIN_SAMPLE_WORDS = 6
_MIN_LINK_SHARE = 0.2
_MAX_PARAGRAPH_LENGTH_COST = 3.0  # partly translated paragraphs are common: their length says less
# Dictionary links per content word: in WMT translations 56% (English) / 61% (Chinese) of the words have a
# CC-CEDICT link to the other side, in unrelated sentence pairs 2%, but in neighbouring sentences of one article
# (same topic) far more; we assume 45% against 6%. The cost subtracts the log-likelihood ratio (translation vs
# unrelated text) of the links found among the words.
_LINKED_WORD_LLR = math.log(0.45 / 0.06)
_UNLINKED_WORD_LLR = math.log(0.55 / 0.94)
_LINK_WEIGHT = 0.8           # words are not independent: the sum of both sides' log-likelihood ratios is damped
_ANCHOR_BONUS = 1.5          # per shared number, date or name
_ANCHOR_PENALTY = 0.5        # per number on one side only
_MAX_ANCHORS = 4
_CROSS_PARAGRAPH_COST = 3.0  # a sentence bead joining sentences of two lines (paragraphs) of one side
_FULL_TABLE_CELLS = 100      # smaller tables are searched whole, larger ones in a band
_BAND_MARGIN = 3             # cells either side of the expected path searched (plus one per 40 units)
_BAND_ROUNDS = 6             # searches around the last best path before the whole table is searched



@dataclass(frozen=True)
class Bead:
    """One alignment unit: [start, end) character spans in body_en and body_zh (an empty span for 0-1 / 1-0)."""

    kind: str             # "<English sentences>-<Chinese sentences>": "1-1", "1-2", "2-1", "1-0" or "0-1"
    en: tuple[int, int]
    zh: tuple[int, int]



# ---- bead costs ---------------------------------------------------------------------------------------------------

class _BeadCost:
    """The costs of beads pairing English units [i0, i1) with Chinese units [j0, j1) (both non-empty)."""

    def __init__(self, english: Units, chinese: Units, kind_costs: dict, max_length_cost: float = math.inf,
                 paragraphs: tuple[list[int], list[int]] | None = None):
        self.english, self.chinese, self.kind_costs = english, chinese, kind_costs
        self.max_length_cost = max_length_cost
        self.en_paragraph, self.zh_paragraph = paragraphs or ([0] * len(english.lengths), [0] * len(chinese.lengths))
        sums = [list(accumulate(values, initial=0)) for values in (
            english.lengths, chinese.lengths, english.word_counts, chinese.word_counts,
            [len(a) for a in english.anchors], [len(a) for a in chinese.anchors])]
        self.en_lengths, self.zh_lengths, self.en_words, self.zh_words, self.en_anchors, self.zh_anchors = sums
        self.skip_only = list(accumulate(english.skip_only, initial=0))
        self.en_skips = [0.0 if skip else _SKIP_COST for skip in english.skip_only]
        self.stride = len(chinese.lengths) + 1
        self.pairs: dict[int, tuple[int, int, int]] = {}
        self.unions: dict[tuple[str, int, int], frozenset] = {}
        self.spelled: dict[int, str] = {}

    def row_costs(self, a0: int, di: int, dj: int, offset: int):
        """The cost of the bead of English units [a0, a0 + di) and Chinese units [offset + j, offset + j + dj), as a
        function of j: what the dynamic programme asks, cell after cell, along a row. Not cached: the programme
        asks for a cell's cost about once (2 % of lookups hit a cache over the 1k corpus); the pairs of units
        each cost is made of are cached."""
        compute, i1 = self._cost, a0 + di

        def cost_ending_at(j: int) -> float:
            return compute(a0, i1, offset + j, offset + j + dj)
        return cost_ending_at

    def _cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        if self.skip_only[i1] != self.skip_only[i0]:
            return math.inf
        if i1 - i0 == 1 and j1 - j0 == 1:  # the commonest bead: its links are one cached pair
            english_links, chinese_links, anchors = self.pair(i0, j0)
        else:
            english_links, chinese_links, anchors = self._links(i0, i1, j0, j1)
        english_words, chinese_words = self.en_words[i1] - self.en_words[i0], self.zh_words[j1] - self.zh_words[j0]
        linked = ((english_links if english_links < english_words else english_words)
                  + (chinese_links if chinese_links < chinese_words else chinese_words))
        one_sided = self.en_anchors[i1] - self.en_anchors[i0] + self.zh_anchors[j1] - self.zh_anchors[j0] - 2 * anchors
        length = _length_cost(self.en_lengths[i1] - self.en_lengths[i0], self.zh_lengths[j1] - self.zh_lengths[j0])
        unlinked = english_words + chinese_words - linked
        length = length if length < self.max_length_cost else self.max_length_cost
        cost = (self.kind_costs[(i1 - i0, j1 - j0)] + length
                - _LINK_WEIGHT * (linked * _LINKED_WORD_LLR + unlinked * _UNLINKED_WORD_LLR)
                - _ANCHOR_BONUS * (anchors if anchors < _MAX_ANCHORS else _MAX_ANCHORS))
        if one_sided > 0:
            cost += _ANCHOR_PENALTY * (one_sided if one_sided < _MAX_ANCHORS else _MAX_ANCHORS)
        if self.en_paragraph[i0] != self.en_paragraph[i1 - 1] or self.zh_paragraph[j0] != self.zh_paragraph[j1 - 1]:
            cost += _CROSS_PARAGRAPH_COST
        return cost

    def pair(self, i: int, j: int) -> tuple[int, int, int]:
        """(English words glossed, Chinese words translated, shared anchors and names) of units i and j."""
        value = self.pairs.get(i * self.stride + j)
        if value is None:
            en, zh = self.english, self.chinese
            linked = en.words[i] & zh.words[j]
            anchors = len(en.anchors[i] & zh.anchors[j])
            anchors += pinyin.name_matches(en.names[i], self._spelled(j)) if en.names[i] else 0
            value = self.pairs[i * self.stride + j] = (len(linked), self._translated(linked, j), anchors)
        return value

    def _spelled(self, j: int) -> str:
        """Chinese unit j in pinyin (spelled when an English name first meets it)."""
        if j not in self.spelled:
            self.spelled[j] = pinyin.spelled_pinyin(self.chinese.names[j])
        return self.spelled[j]

    def _translated(self, linked_stems, j: int) -> int:
        """How many words of Chinese unit j have one of the (linked) stems among their glosses."""
        masks, bits = self.chinese.masks[j], 0
        for stem in linked_stems:
            bits |= masks[stem]
        return bits.bit_count()

    def _links(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float, int]:
        """Linked English words, linked Chinese words and shared anchors of a bead of more than one unit (a 1-1
        bead's are its pair's). The side with one unit is compared with the union of the other side's units; the
        other side's links are scaled down by (the square root of) the share of them that point at distinct
        words (a repeated title explains nothing new)."""
        english_sum = chinese_sum = anchors = 0
        for i in range(i0, i1):
            for j in range(j0, j1):
                english, chinese, shared = self.pair(i, j)
                english_sum, chinese_sum, anchors = english_sum + english, chinese_sum + chinese, anchors + shared
        if j1 - j0 == 1:
            chinese_links = self._translated(self._union("en", i0, i1) & self.chinese.words[j0], j0)
            overlap = chinese_links / (chinese_sum if chinese_sum > 1 else 1)
            return english_sum * (overlap if overlap < 1.0 else 1.0) ** 0.5, chinese_links, anchors
        english_links = len(self.english.words[i0] & self._union("zh", j0, j1))
        overlap = english_links / (english_sum if english_sum > 1 else 1)
        return english_links, chinese_sum * (overlap if overlap < 1.0 else 1.0) ** 0.5, anchors

    def _union(self, side: str, start: int, end: int) -> frozenset:
        key = (side, start, end)
        if key not in self.unions:
            self.unions[key] = frozenset().union(*(self.english if side == "en" else self.chinese).words[start:end])
        return self.unions[key]


def _length_cost(english_length: int, chinese_length: int, ratio: float = ENGLISH_CHARS_PER_CHINESE_CHAR) -> float:
    """Gale–Church: −log P(|δ|) for the English length given the Chinese length (δ in standard deviations), for
    `ratio` English characters per Chinese character."""
    mean_chinese = (chinese_length + english_length / ratio) / 2
    delta = abs(english_length - ratio * chinese_length) / math.sqrt(
        (mean_chinese if mean_chinese > 1.0 else 1.0) * _TWICE_LENGTH_VARIANCE)
    tail = math.erfc(delta)
    return -math.log(tail if tail > 1e-12 else 1e-12)


# ---- the dynamic programme ----------------------------------------------------------------------------------------

def _best_path(i0: int, i1: int, j0: int, j1: int, cost: _BeadCost) -> list[tuple[int, int, int, int]]:
    """The cheapest monotone sequence of beads (a0, a1, b0, b1) covering English units [i0, i1) and Chinese units
    [j0, j1). A large table is searched in a band: around the expected path, then, while the best path runs along
    the band's edge, around that path; in the end, if need be, everywhere."""
    n, m = i1 - i0, j1 - j0
    if (n + 1) * (m + 1) <= _FULL_TABLE_CELLS:
        return _banded_path(i0, j0, [(0, m)] * (n + 1), cost)
    width = _BAND_MARGIN + max(n, m) // 40
    centers = expected_path(cost.english, cost.chinese, (i0, i1, j0, j1)) + [m]
    band = [(max(0, centers[i] - width), min(m, centers[i + 1] + width)) for i in range(n + 1)]
    band[0], band[n] = (0, band[0][1]), (band[n][0], m)
    for _ in range(_BAND_ROUNDS):
        path = _banded_path(i0, j0, band, cost)
        if path is None or not any(b - j0 == band[a - i0][0] > 0 or b - j0 == band[a - i0][1] < m
                                   for _, a, _, b in path):  # the path keeps off the band's inner edges
            break
        lows, highs = [m] * (n + 1), [0] * (n + 1)
        for a0, a1, b0, b1 in path:  # the next band: `width` either side of the cells the path visits
            for i in range(a0 - i0, a1 - i0 + 1):
                lows[i], highs[i] = min(lows[i], b0 - j0), max(highs[i], b1 - j0)
        band = [(max(0, low - width), min(m, high + width)) for low, high in zip(lows, highs)]
    return path or _banded_path(i0, j0, [(0, m)] * (n + 1), cost)


def _banded_path(i0: int, j0: int, band: list[tuple[int, int]], cost: _BeadCost):
    """The cheapest path through the band's cells (indexes relative to i0, j0), or None if it holds none."""
    n, m = len(band) - 1, band[-1][1]
    best: list[dict[int, tuple[float, int, int]]] = [dict() for _ in range(n + 1)]
    for i in range(n + 1):
        row, skip_en = best[i], cost.en_skips[i0 + i - 1] if i else 0.0
        candidates = [(best[i - di], di, dj, cost.row_costs(i0 + i - di, di, dj, j0 - dj))
                      for di, dj in cost.kind_costs if i >= di]
        above = best[i - 1] if i else {}
        for j in range(band[i][0], band[i][1] + 1):
            champion = (0.0, 0, 0) if i == j == 0 else (math.inf, 0, 0)
            previous = row.get(j - 1)
            if previous is not None and previous[0] + _SKIP_COST < champion[0]:
                champion = (previous[0] + _SKIP_COST, 0, 1)
            previous = above.get(j)
            if previous is not None and previous[0] + skip_en < champion[0]:
                champion = (previous[0] + skip_en, 1, 0)
            for source, di, dj, bead_cost in candidates:
                previous = source.get(j - dj)
                if previous is not None:
                    total = previous[0] + bead_cost(j)
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


# ---- alignment ----------------------------------------------------------------------------------------------------

def align(body_en: str, body_zh: str) -> list[Bead]:
    """Sentence beads in document order whose English spans tile body_en and whose Chinese spans tile body_zh
    (no beads when neither text has a sentence)."""
    en_sentences, zh_sentences = split_sentences_en(body_en), split_sentences_zh(body_zh)
    en_firsts = first_sentences(en_sentences, lines(body_en))
    zh_firsts = first_sentences(zh_sentences, lines(body_zh))
    pairs = _plain_pairs(body_en, body_zh, en_sentences, zh_sentences, en_firsts, zh_firsts)
    if pairs is None:
        pairs = _aligned_article(body_en, body_zh, en_sentences, zh_sentences, en_firsts, zh_firsts)
    en_cuts = _cuts([(i0, i1) for i0, i1, _, _ in pairs], en_sentences, len(body_en))
    zh_cuts = _cuts([(j0, j1) for _, _, j0, j1 in pairs], zh_sentences, len(body_zh))
    return [Bead(f"{i1 - i0}-{j1 - j0}", en, zh) for (i0, i1, j0, j1), en, zh in zip(pairs, en_cuts, zh_cuts)]


def _plain_pairs(body_en: str, body_zh: str, en_sentences: list, zh_sentences: list, en_firsts: list[int],
                 zh_firsts: list[int]) -> list[tuple[int, int, int, int]] | None:
    """The sentence beads of an article whose paragraphs pair one to one, else None. Paragraph pairs with as many
    sentences of plausible lengths on both sides pair them one to one; the others are aligned by the dynamic
    programme. None also when sampled sentence pairs share too few dictionary links to be translations."""
    en_lengths = [visible_length(body_en[start:end]) for start, end in en_sentences]
    zh_lengths = [visible_length(body_zh[start:end]) for start, end in zh_sentences]
    ratio = _length_ratio(en_lengths, zh_lengths)
    if not _paragraphs_match(en_firsts, zh_firsts, en_lengths, zh_lengths, ratio):
        return None
    paragraphs = list(zip(en_firsts, en_firsts[1:], zh_firsts, zh_firsts[1:]))
    plain = [_sentences_match(en_lengths[i0:i1], zh_lengths[j0:j1], ratio)
             and not any(is_chinese_text(body_en[slice(*en_sentences[i])]) for i in range(i0, i1))
             for i0, i1, j0, j1 in paragraphs]
    one_to_one = [bead for (i0, i1, j0, _), is_plain in zip(paragraphs, plain) if is_plain
                  for bead in _one_to_one(i0, i1, j0)]
    sample = one_to_one[::max(1, len(one_to_one) // _LINK_SAMPLE)][:_LINK_SAMPLE]
    if not _share_links([(body_en[slice(*en_sentences[i])], body_zh[slice(*zh_sentences[j])])
                         for i, _, j, _ in sample]):
        return None  # checked before any paragraph is aligned: the whole article is then aligned afresh
    pairs = []
    for bounds, is_plain in zip(paragraphs, plain):
        i0, i1, j0, _ = bounds
        pairs += (_one_to_one(i0, i1, j0) if is_plain
                  else _aligned_paragraph(body_en, body_zh, en_sentences, zh_sentences, bounds))
    return pairs


def _share_links(texts: list[tuple[str, str]]) -> bool:
    """True when the English content words of the (English, Chinese) pairs have dictionary links to the Chinese
    at least as often as a translation's would (or when they have too few content words to tell)."""
    english = [lexicon.content_stems(en) for en, _ in texts]
    words = sum(map(len, english))
    linked = sum(len(stems & frozenset().union(*lexicon.chinese_gloss_sets(zh))) for stems, (_, zh) in
                 zip(english, texts))
    return _links_suffice(linked, words)


def _links_suffice(linked: int, words: int) -> bool:
    """True when `linked` of `words` English content words having a dictionary link to the paired Chinese is as
    often as in a translation, or when there are too few words to tell."""
    return words < _MIN_SAMPLE_WORDS or linked >= _MIN_LINK_SHARE * words


def _one_to_one(i0: int, i1: int, j0: int) -> list[tuple[int, int, int, int]]:
    """1-1 beads pairing English sentences [i0, i1) with as many Chinese sentences from j0."""
    return [(i, i + 1, j, j + 1) for i, j in zip(range(i0, i1), range(j0, j0 + i1 - i0))]


def _paragraphs_match(en_firsts: list[int], zh_firsts: list[int], en_lengths: list[int], zh_lengths: list[int],
                      ratio: float) -> bool:
    """True when both sides have as many paragraphs, each of a length that translates the other's: then the
    paragraphs pair one to one and only the sentences inside them need aligning."""
    if len(en_firsts) != len(zh_firsts) or len(en_firsts) < 2:
        return False
    return all(_length_cost(sum(en_lengths[i0:i1]), sum(zh_lengths[j0:j1]), ratio) <= _PLAIN_PARAGRAPH_LENGTH_COST
               for i0, i1, j0, j1 in zip(en_firsts, en_firsts[1:], zh_firsts, zh_firsts[1:]))


def _sentences_match(en_lengths: list[int], zh_lengths: list[int], ratio: float) -> bool:
    """True when a paragraph pair has as many sentences on both sides, pair by pair of plausible lengths."""
    return len(en_lengths) == len(zh_lengths) and all(
        _length_cost(en, zh, ratio) <= _PLAIN_SENTENCE_LENGTH_COST for en, zh in zip(en_lengths, zh_lengths))


def _aligned_paragraph(body_en: str, body_zh: str, en_sentences: list, zh_sentences: list,
                       bounds: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """The sentence beads, as index ranges, of one pair of paragraphs (sentences [i0, i1) and [j0, j1))."""
    i0, i1, j0, j1 = bounds
    english = english_units(body_en, en_sentences[i0:i1])
    chinese = chinese_units(body_zh, zh_sentences[j0:j1], english)
    path = _best_path(0, i1 - i0, 0, j1 - j0, _BeadCost(english, chinese, _KIND_COST))
    return [(a0 + i0, a1 + i0, b0 + j0, b1 + j0) for a0, a1, b0, b1 in path]


def _aligned_article(body_en: str, body_zh: str, en_sentences: list, zh_sentences: list, en_firsts: list[int],
                     zh_firsts: list[int]) -> list[tuple[int, int, int, int]]:
    """The sentence beads, as index ranges, of a whole article: paragraphs aligned first, then their sentences
    (one to one, without the dynamic programme, in a pair of paragraphs whose sentences fit and share links)."""
    english = english_units(body_en, en_sentences)
    chinese = chinese_units(body_zh, zh_sentences, english)
    paragraph_cost = _BeadCost(english.merged(list(zip(en_firsts, en_firsts[1:]))),
                               chinese.merged(list(zip(zh_firsts, zh_firsts[1:]))),
                               _PARAGRAPH_KIND_COST, _MAX_PARAGRAPH_LENGTH_COST)
    sentence_cost = _BeadCost(english, chinese, _KIND_COST,
                              paragraphs=(paragraph_numbers(en_firsts), paragraph_numbers(zh_firsts)))
    ratio = _length_ratio(english.lengths, chinese.lengths)
    pairs = []
    for p0, p1, q0, q1 in _best_path(0, len(en_firsts) - 1, 0, len(zh_firsts) - 1, paragraph_cost):
        i0, i1, j0, j1 = en_firsts[p0], en_firsts[p1], zh_firsts[q0], zh_firsts[q1]
        if i1 == i0 or j1 == j0:  # an unaligned paragraph: each of its sentences is a bead
            pairs += [(i, i + 1, j0, j0) for i in range(i0, i1)] + [(i1, i1, j, j + 1) for j in range(j0, j1)]
        elif (p1 - p0 == q1 - q0 == 1 and not any(english.skip_only[i0:i1])
              and _sentences_match(english.lengths[i0:i1], chinese.lengths[j0:j1], ratio)
              and _pairs_share_links(sentence_cost, i0, i1, j0)):
            pairs += _one_to_one(i0, i1, j0)
        else:
            pairs += _best_path(i0, i1, j0, j1, sentence_cost)
    return pairs


def _pairs_share_links(cost: _BeadCost, i0: int, i1: int, j0: int) -> bool:
    """True when English sentences [i0, i1), paired one to one with Chinese sentences from j0, have dictionary
    links as often as translations do (or too few content words to tell); see _share_links."""
    linked = sum(cost.pair(i, j)[0] for i, _, j, _ in _one_to_one(i0, i1, j0))
    return _links_suffice(linked, sum(cost.english.word_counts[i0:i1]))


def _length_ratio(en_lengths: list[int], zh_lengths: list[int]) -> float:
    """This translator's English characters per Chinese character, within _MIN_RATIO.._MAX_RATIO."""
    return min(max(sum(en_lengths) / max(sum(zh_lengths), 1), _MIN_RATIO), _MAX_RATIO)


def _cuts(ranges: list[tuple[int, int]], sentences: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """One side's bead spans: a bead runs from the end of the previous one to the start of the next sentence
    (the first from 0, the last to the end); a bead without sentences on this side gets an empty span."""
    ends, following = [], length
    for first, last in reversed(ranges):
        ends.append(following)
        following = sentences[first][0] if last > first else following
    spans, position = [], 0
    for (first, last), end in zip(ranges, reversed(ends)):
        spans.append((position, end) if last > first else (position, position))
        position = end if last > first else position
    if position < length and spans:  # a side holding only white space: the first bead takes it
        spans = [(0, length)] + [(length, length)] * (len(spans) - 1)
    return spans
