"""Bead costs and the banded dynamic programme that finds an alignment's cheapest path of beads (for align.py).

A bead pairs English units [i0, i1) with Chinese units [j0, j1) (sentences, or paragraphs merged into units).
Its cost adds a prior for its kind, a Gale–Church length cost and three similarity signals: CC-CEDICT links,
shared numbers and dates, and English names that read as the pinyin of the Chinese.
"""

from __future__ import annotations

import math
from itertools import accumulate

from searchkit import pinyin
from searchkit.align_units import Units, expected_path


# Non-space English characters per non-space Chinese character: 3.43 over the bodies of the 44 seed articles
# (53,874 / 15,704, English lines that are mostly Chinese left out; per-article median 3.42). WMT news: 2.9.
ENGLISH_CHARS_PER_CHINESE_CHAR = 3.43
# Variance of the English length per Chinese character. Measured: 15.5, over the 116 seed paragraph pairs of
# articles with as many English as Chinese paragraphs (length ratio within 2–5.5). Used: twice that, since
# sentences vary more than paragraphs and other translations have other ratios (bead F1 with 15.5 → 30: WMT
# 0.947 → 0.964, hand-aligned seeds 0.942 → 0.956).
LENGTH_VARIANCE_PER_CHINESE_CHAR = 30.0
_TWICE_LENGTH_VARIANCE = 2 * LENGTH_VARIANCE_PER_CHINESE_CHAR


class _KindCosts(dict):
    """Prior costs of the pairing bead kinds the dynamic programme tries; a larger bead (3-1, 1-3, ...), made only
    by absorbing unpaired sentences after it, costs _EXTRA_SENTENCE_COST for each sentence beyond a 1-1's."""

    def __missing__(self, kind: tuple[int, int]) -> float:
        return _EXTRA_SENTENCE_COST * (kind[0] + kind[1] - 2)


# Prior costs of the pairing bead kinds; 1-0 and 0-1 beads cost SKIP_COST (English lines in Chinese: nothing).
_EXTRA_SENTENCE_COST = 3.0
KIND_COST = _KindCosts({(1, 1): 0.0, (2, 1): 3.0, (1, 2): 3.0})
PARAGRAPH_KIND_COST = {(1, 1): 0.0, (2, 1): 5.5, (1, 2): 5.0, (3, 1): 7.0, (1, 3): 6.5}
SKIP_COST = 4.0
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
_BAND_MARGIN = 3             # cells either side of the expected path searched (plus one per 40 units, up to:)
_MAX_BAND_MARGIN = 15        # a band as wide as the table is long made an article of 4,000 paragraphs cost 20 s
_BAND_ROUNDS = 6             # searches around the last best path before the whole table is searched




# ---- bead costs ---------------------------------------------------------------------------------------------------

class BeadCost:
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
        self.en_skips = [0.0 if skip else SKIP_COST for skip in english.skip_only]
        self.stride = len(chinese.lengths) + 1
        self.pairs: dict[int, tuple[int, int, int]] = {}
        self.unions: dict[tuple[str, int, int], frozenset] = {}
        self.spelled: dict[int, str] = {}

    def row_totals(self, source: dict, a0: int, di: int, dj: int, offset: int, cells: range) -> dict[int, float]:
        """For each cell j of `cells` whose source cell j - dj holds a path (source: j → (cost, ...)), that path's
        cost plus that of the bead of English units [a0, a0 + di) and Chinese units [offset + j, offset + j + dj):
        what the programme asks along a row, computed as _cost does (the same operations in the same order give
        the same costs), what the row shares worked out once. Cells whose bead is impossible are left out."""
        a1 = a0 + di
        if self.skip_only[a1] != self.skip_only[a0]:
            return {}
        links, kind, cap = self._row_links(a0, di, dj), self.kind_costs[(di, dj)], self.max_length_cost
        english_words = self.en_words[a1] - self.en_words[a0]
        english_anchors = self.en_anchors[a1] - self.en_anchors[a0]
        english_length = self.en_lengths[a1] - self.en_lengths[a0]
        english_cross = self.en_paragraph[a0] != self.en_paragraph[a1 - 1]
        zh_words, zh_anchors, zh_lengths = self.zh_words, self.zh_anchors, self.zh_lengths
        totals = {}
        for j in cells:
            previous = source.get(j - dj)
            if previous is None:
                continue
            b0 = offset + j
            b1 = b0 + dj
            english_links, chinese_links, anchors = links(b0)
            chinese_words = zh_words[b1] - zh_words[b0]
            linked = ((english_links if english_links < english_words else english_words)
                      + (chinese_links if chinese_links < chinese_words else chinese_words))
            one_sided = english_anchors + zh_anchors[b1] - zh_anchors[b0] - 2 * anchors
            length = length_cost(english_length, zh_lengths[b1] - zh_lengths[b0])
            unlinked = english_words + chinese_words - linked
            length = length if length < cap else cap
            cost = (kind + length - _LINK_WEIGHT * (linked * _LINKED_WORD_LLR + unlinked * _UNLINKED_WORD_LLR)
                    - _ANCHOR_BONUS * (anchors if anchors < _MAX_ANCHORS else _MAX_ANCHORS))
            if one_sided > 0:
                cost += _ANCHOR_PENALTY * (one_sided if one_sided < _MAX_ANCHORS else _MAX_ANCHORS)
            if english_cross or self.zh_paragraph[b0] != self.zh_paragraph[b1 - 1]:
                cost += _CROSS_PARAGRAPH_COST
            totals[j] = previous[0] + cost
        return totals

    def _row_links(self, a0: int, di: int, dj: int):
        """A function of b0: the links of the bead of English units [a0, a0 + di) and Chinese units [b0, b0 + dj)
        (see _links; a 1-1 bead's are its pair's), what is the same along a row of the programme worked out once."""
        pair = self.pair
        if di == 1 and dj == 1:
            return lambda b0: pair(a0, b0)

        def pair_sums(b0: int) -> tuple[int, int, int]:
            english_sum = chinese_sum = anchors = 0
            for i in range(a0, a0 + di):
                for j in range(b0, b0 + dj):
                    english, chinese, shared = pair(i, j)
                    english_sum, chinese_sum, anchors = english_sum + english, chinese_sum + chinese, anchors + shared
            return english_sum, chinese_sum, anchors
        if dj == 1:
            union, words, translated = self._union("en", a0, a0 + di), self.chinese.words, self._translated

            def english_side_links(b0: int) -> tuple[float, int, int]:
                english_sum, chinese_sum, anchors = pair_sums(b0)
                chinese_links = translated(union & words[b0], b0)
                overlap = chinese_links / (chinese_sum if chinese_sum > 1 else 1)
                return english_sum * (overlap if overlap < 1.0 else 1.0) ** 0.5, chinese_links, anchors
            return english_side_links
        words, unions = self.english.words[a0], self._union

        def chinese_side_links(b0: int) -> tuple[int, float, int]:
            english_sum, chinese_sum, anchors = pair_sums(b0)
            english_links = len(words & unions("zh", b0, b0 + dj))
            overlap = english_links / (english_sum if english_sum > 1 else 1)
            return english_links, chinese_sum * (overlap if overlap < 1.0 else 1.0) ** 0.5, anchors
        return chinese_side_links

    def bead_cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The cost of any bead, unpaired (1-0, 0-1) ones included."""
        if i1 == i0:
            return SKIP_COST * (j1 - j0)
        if j1 == j0:
            return sum(self.en_skips[i0:i1])
        return self._cost(i0, i1, j0, j1)

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
        length = length_cost(self.en_lengths[i1] - self.en_lengths[i0], self.zh_lengths[j1] - self.zh_lengths[j0])
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
        return self._row_links(i0, i1 - i0, j1 - j0)(j0)

    def _union(self, side: str, start: int, end: int) -> frozenset:
        key = (side, start, end)
        if key not in self.unions:
            self.unions[key] = frozenset().union(*(self.english if side == "en" else self.chinese).words[start:end])
        return self.unions[key]


def length_cost(english_length: int, chinese_length: int, ratio: float = ENGLISH_CHARS_PER_CHINESE_CHAR) -> float:
    """Gale–Church: −log P(|δ|) for the English length given the Chinese length (δ in standard deviations), for
    `ratio` English characters per Chinese character."""
    mean_chinese = (chinese_length + english_length / ratio) / 2
    delta = abs(english_length - ratio * chinese_length) / math.sqrt(
        (mean_chinese if mean_chinese > 1.0 else 1.0) * _TWICE_LENGTH_VARIANCE)
    tail = math.erfc(delta)
    return -math.log(tail if tail > 1e-12 else 1e-12)


# ---- the dynamic programme ----------------------------------------------------------------------------------------

def best_path(i0: int, i1: int, j0: int, j1: int, cost: BeadCost) -> list[tuple[int, int, int, int]]:
    """The cheapest monotone sequence of beads (a0, a1, b0, b1) covering English units [i0, i1) and Chinese units
    [j0, j1). A large table is searched in a band: around the expected path, then, while the best path runs along
    the band's edge, around that path; in the end, if need be, everywhere."""
    n, m = i1 - i0, j1 - j0
    if (n + 1) * (m + 1) <= _FULL_TABLE_CELLS:
        return _banded_path(i0, j0, [(0, m)] * (n + 1), cost)
    width = min(_BAND_MARGIN + max(n, m) // 40, _MAX_BAND_MARGIN)
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


def _banded_path(i0: int, j0: int, band: list[tuple[int, int]], cost: BeadCost):
    """The cheapest path through the band's cells (indexes relative to i0, j0), or None if it holds none."""
    n, m = len(band) - 1, band[-1][1]
    best: list[dict[int, tuple[float, int, int]]] = [dict() for _ in range(n + 1)]
    for i in range(n + 1):
        row, skip_en, cells = best[i], cost.en_skips[i0 + i - 1] if i else 0.0, range(band[i][0], band[i][1] + 1)
        candidates = [(cost.row_totals(best[i - di], i0 + i - di, di, dj, j0 - dj, cells), di, dj)
                      for di, dj in cost.kind_costs if i >= di]
        above = best[i - 1] if i else {}
        for j in cells:
            champion = (0.0, 0, 0) if i == j == 0 else (math.inf, 0, 0)
            previous = row.get(j - 1)
            if previous is not None and previous[0] + SKIP_COST < champion[0]:
                champion = (previous[0] + SKIP_COST, 0, 1)
            previous = above.get(j)
            if previous is not None and previous[0] + skip_en < champion[0]:
                champion = (previous[0] + skip_en, 1, 0)
            for totals, di, dj in candidates:
                total = totals.get(j)
                if total is not None and total < champion[0]:
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


def absorbed_skips(path: list[tuple[int, int, int, int]], cost: BeadCost) -> list[tuple[int, int, int, int]]:
    """The path with each 1-0 (0-1) bead joined to a neighbouring bead of one Chinese (English) sentence when the
    joined bead costs less than the two apart. The programme pairs at most two sentences with one, so a Chinese
    sentence that three English sentences translate would otherwise leave the third unpaired."""
    path, k = list(path), 0
    while k < len(path):
        i0, i1, j0, j1 = path[k]
        unpaired = (i1 - i0) + (j1 - j0) == 1
        for n in (k - 1, k + 1) if unpaired else ():
            if 0 <= n < len(path) and (joined := _joined_bead(path[min(k, n)], path[max(k, n)], cost)):
                path[min(k, n):max(k, n) + 1] = [joined]
                k = max(min(k, n) - 1, 0)  # the joined bead may absorb the bead before it too
                break
        else:
            k += 1
    return path


def _joined_bead(first: tuple[int, int, int, int], second: tuple[int, int, int, int], cost: BeadCost):
    """The bead of two neighbouring beads, one of them unpaired (1-0 or 0-1), if it keeps one side a single
    sentence and costs less than the two beads apart; else None."""
    i0, _, j0, _ = first
    _, i1, _, j1 = second
    if (i1 - i0 != 1 and j1 - j0 != 1) or i1 == i0 or j1 == j0:
        return None
    apart = sum(cost.bead_cost(*bead) for bead in (first, second))
    return (i0, i1, j0, j1) if cost.bead_cost(i0, i1, j0, j1) < apart else None

