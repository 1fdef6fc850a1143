"""Align an article's English and Chinese text into sentence beads (1-1, 2-1, 1-2, ..., 1-0, 0-1) that tile both texts.

Paragraphs (lines) are aligned first, then the sentences inside each aligned group of paragraphs, both by the
same banded dynamic programme (align_path.py: the bead costs and the programme). It pairs at most two sentences
with one; an unpaired sentence beside a bead then joins it when that costs less (3-1, 1-3, ...). English text
with no counterpart becomes 1-0 beads and Chinese text 0-1 beads; nothing is dropped. Sentence splitting, the
per-unit features and the expected path live in align_units.py.

The work is split in two. Indexing keeps only the paragraph groups (align_groups): their spans and how their
sentences are to be paired. A search aligns the sentences of the few groups its snippets fall in (group_beads),
with exactly the result aligning the whole article gives; that was half of the aligner's time at indexing.
Stored groups are read back by this code: a change to how sentences are split or paired must raise
schema.SCHEMA_VERSION, so that older indexes are rebuilt rather than read with other sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from searchkit import lexicon
from searchkit.align_path import KIND_COST, PARAGRAPH_KIND_COST, BeadCost, absorbed_skips, best_path, length_cost
from searchkit.align_units import (  # split_sentences_en / _zh: re-exported as part of this module's API
    chinese_units, english_units, first_sentences, is_chinese_text, lines, paragraph_numbers,
    split_sentences_en, split_sentences_zh, visible_length)

# Length costs (see length_cost) below which equal numbers of paragraphs, or of sentences in a paragraph pair,
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

# How a group's sentences pair: one to one; none (a paragraph the other side lacks: each sentence is a bead);
# by the dynamic programme, as a lone pair of paragraphs, or as paragraphs of a whole article aligned afresh
# (a bead joining sentences of two paragraphs costs more); or the group is one bead, aligned at indexing
# (BEAD + its kind: "bead:2-1").
PLAIN, UNPAIRED, PARAGRAPH_PROGRAMME, ARTICLE_PROGRAMME, BEAD = "plain", "unpaired", "paragraph", "article", "bead:"
# A group whose programme table has more cells is aligned at indexing and stored bead by bead, so that no search
# aligns a long one (an article on a single line is one group: 79k characters took 0.4 s). Over 1,450 generated
# articles, 139 of 12,100 programme groups were larger, 0.22 s of the 8.0 s their alignment took.
_MAX_SEARCH_TIME_CELLS = 100
_Range = tuple[int, int, int, int]  # English sentences [i0, i1), Chinese sentences [j0, j1)


@dataclass(frozen=True)
class Bead:
    """One alignment unit: [start, end) character spans in body_en and body_zh (an empty span for 0-1 / 1-0)."""

    kind: str             # "<English sentences>-<Chinese sentences>": "1-1", "2-1", "1-2", "3-1", ..., "1-0", "0-1"
    en: tuple[int, int]
    zh: tuple[int, int]


@dataclass(frozen=True)
class Group:
    """Paragraphs aligned as a whole: [start, end) character spans in body_en and body_zh that tile them as beads
    do, and how the sentences inside pair (PLAIN, UNPAIRED, PARAGRAPH_PROGRAMME or ARTICLE_PROGRAMME), or BEAD and
    the kind of the one bead the group is."""

    mode: str
    en: tuple[int, int]
    zh: tuple[int, int]


# ---- alignment ----------------------------------------------------------------------------------------------------

def align(body_en: str, body_zh: str) -> list[Bead]:
    """Sentence beads in document order whose English spans tile body_en and whose Chinese spans tile body_zh
    (no beads when neither text has a sentence)."""
    return [bead for group in align_groups(body_en, body_zh) for bead in group_beads(body_en, body_zh, group)]


def align_groups(body_en: str, body_zh: str) -> list[Group]:
    """The article's paragraph groups in document order (what indexing stores); group_beads gives their beads."""
    en_sentences, zh_sentences = split_sentences_en(body_en), split_sentences_zh(body_zh)
    en_firsts = first_sentences(en_sentences, lines(body_en))
    zh_firsts = first_sentences(zh_sentences, lines(body_zh))
    groups = _plain_groups(body_en, body_zh, en_sentences, zh_sentences, en_firsts, zh_firsts)
    if groups is None:
        groups = _article_groups(body_en, body_zh, en_sentences, zh_sentences, en_firsts, zh_firsts)
    en_cuts = _cuts([(i0, i1) for _, (i0, i1, _, _) in groups], en_sentences, len(body_en))
    zh_cuts = _cuts([(j0, j1) for _, (_, _, j0, j1) in groups], zh_sentences, len(body_zh))
    return [piece for (mode, (i0, i1, j0, j1)), en, zh in zip(groups, en_cuts, zh_cuts)
            for piece in _searchable(body_en, body_zh, Group(mode, en, zh), (i1 - i0 + 1) * (j1 - j0 + 1))]


def _searchable(body_en: str, body_zh: str, group: Group, cells: int) -> list[Group]:
    """The group as stored: a programme group of more than _MAX_SEARCH_TIME_CELLS cells as its beads."""
    if group.mode not in (PARAGRAPH_PROGRAMME, ARTICLE_PROGRAMME) or cells <= _MAX_SEARCH_TIME_CELLS:
        return [group]
    return [Group(BEAD + bead.kind, bead.en, bead.zh) for bead in group_beads(body_en, body_zh, group)]


def group_beads(body_en: str, body_zh: str, group: Group) -> list[Bead]:
    """The sentence beads of one group, as aligning the whole article gives them."""
    (en_start, en_end), (zh_start, zh_end) = group.en, group.zh
    if group.mode.startswith(BEAD):
        return [Bead(group.mode.removeprefix(BEAD), group.en, group.zh)]
    text_en, text_zh = body_en[en_start:en_end], body_zh[zh_start:zh_end]
    en_sentences, zh_sentences = split_sentences_en(text_en), split_sentences_zh(text_zh)
    pairs = _group_pairs(group.mode, text_en, text_zh, en_sentences, zh_sentences)
    en_cuts = _cuts([(i0, i1) for i0, i1, _, _ in pairs], en_sentences, len(text_en))
    zh_cuts = _cuts([(j0, j1) for _, _, j0, j1 in pairs], zh_sentences, len(text_zh))
    return [Bead(f"{i1 - i0}-{j1 - j0}", (en_start + en[0], en_start + en[1]), (zh_start + zh[0], zh_start + zh[1]))
            for (i0, i1, j0, j1), en, zh in zip(pairs, en_cuts, zh_cuts)]


def _group_pairs(mode: str, text_en: str, text_zh: str, en_sentences: list, zh_sentences: list) -> list[_Range]:
    """The sentence beads, as index ranges, of a group's texts (its own sentences numbered from 0)."""
    n, m = len(en_sentences), len(zh_sentences)
    if mode == PLAIN and n == m:  # unequal only if the index was written by other code: then the programme
        return _one_to_one(0, n, 0)
    if mode == UNPAIRED:
        return [(i, i + 1, 0, 0) for i in range(n)] + [(n, n, j, j + 1) for j in range(m)]
    english = english_units(text_en, en_sentences)
    chinese = chinese_units(text_zh, zh_sentences, english)
    paragraphs = None  # the programme also takes any mode that other code may have stored
    if mode == ARTICLE_PROGRAMME:
        paragraphs = (paragraph_numbers(first_sentences(en_sentences, lines(text_en))),
                      paragraph_numbers(first_sentences(zh_sentences, lines(text_zh))))
    cost = BeadCost(english, chinese, KIND_COST, paragraphs=paragraphs)
    return absorbed_skips(best_path(0, n, 0, m, cost), cost)


def _plain_groups(body_en: str, body_zh: str, en_sentences: list, zh_sentences: list, en_firsts: list[int],
                  zh_firsts: list[int]) -> list[tuple[str, _Range]] | None:
    """The groups of an article whose paragraphs pair one to one, else None. Paragraph pairs with as many
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
    return [(PLAIN if is_plain else PARAGRAPH_PROGRAMME, bounds) for bounds, is_plain in zip(paragraphs, plain)]


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
    return all(length_cost(sum(en_lengths[i0:i1]), sum(zh_lengths[j0:j1]), ratio) <= _PLAIN_PARAGRAPH_LENGTH_COST
               for i0, i1, j0, j1 in zip(en_firsts, en_firsts[1:], zh_firsts, zh_firsts[1:]))


def _sentences_match(en_lengths: list[int], zh_lengths: list[int], ratio: float) -> bool:
    """True when a paragraph pair has as many sentences on both sides, pair by pair of plausible lengths."""
    return len(en_lengths) == len(zh_lengths) and all(
        length_cost(en, zh, ratio) <= _PLAIN_SENTENCE_LENGTH_COST for en, zh in zip(en_lengths, zh_lengths))


def _article_groups(body_en: str, body_zh: str, en_sentences: list, zh_sentences: list, en_firsts: list[int],
                    zh_firsts: list[int]) -> list[tuple[str, _Range]]:
    """The groups of a whole article: its paragraphs aligned by the programme. A group whose sentences fit and
    share links pairs them one to one (PLAIN); the others are aligned by the programme when searched."""
    english = english_units(body_en, en_sentences)
    chinese = chinese_units(body_zh, zh_sentences, english)
    paragraph_cost = BeadCost(english.merged(list(zip(en_firsts, en_firsts[1:]))),
                               chinese.merged(list(zip(zh_firsts, zh_firsts[1:]))),
                               PARAGRAPH_KIND_COST, _MAX_PARAGRAPH_LENGTH_COST)
    sentence_cost = BeadCost(english, chinese, KIND_COST)
    ratio = _length_ratio(english.lengths, chinese.lengths)
    groups = []
    for p0, p1, q0, q1 in best_path(0, len(en_firsts) - 1, 0, len(zh_firsts) - 1, paragraph_cost):
        i0, i1, j0, j1 = bounds = en_firsts[p0], en_firsts[p1], zh_firsts[q0], zh_firsts[q1]
        if i1 == i0 or j1 == j0:  # an unaligned paragraph: each of its sentences is a bead
            groups.append((UNPAIRED, bounds))
        elif (p1 - p0 == q1 - q0 == 1 and not any(english.skip_only[i0:i1])
              and _sentences_match(english.lengths[i0:i1], chinese.lengths[j0:j1], ratio)
              and _pairs_share_links(sentence_cost, i0, i1, j0)):
            groups.append((PLAIN, bounds))
        else:
            groups.append((ARTICLE_PROGRAMME, bounds))
    return groups


def _pairs_share_links(cost: BeadCost, i0: int, i1: int, j0: int) -> bool:
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
