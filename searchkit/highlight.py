"""Find query matches in a whole article text and cut snippets of the best sentences, with highlight spans.

Unlike Whoosh's highlighter this reads the whole text (no 32K limit), splits sentences at 。！？；.!? and line
breaks, and marks a matched phrase as one span.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from searchkit.analysis import (
    english_stem_spans, english_stems_of, has_english_words, stripped_characters,
)
from searchkit.compiler import MatchTargets
from searchkit.normalize import fold, fold_string
from searchkit.snippet_cuts import Span, trimmed, window_of

ELLIPSIS = " … "
# A sentence ends at a run of 。！？；!?; (with the closing quotes after it), at a full stop followed by white space
# unless it closes an initial or Mr, Ms, Dr, St, No, Mrs, U.S, U.N, at a full stop followed by closing quotes, and at
# every line break. Written to begin with one character class, so the regex engine skips to the candidates.
_SENTENCE_END = re.compile(
    r"[。！？；!?;.\n](?:(?<=[。！？；!?;])[。！？；!?;]*[”’\"'」』）)]*|(?<=\n)"
    r"|(?<=\.)(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bNo\.)(?<!\bMrs\.)(?<!\bU\.S\.)"
    r"(?<!\bU\.N\.)(?=\s)|(?<=\.)[”’\"']+)")


@dataclass(frozen=True)
class Snippet:
    """A short passage and the [start, end) character spans inside it that matched the query."""

    text: str
    spans: tuple[Span, ...] = ()
    sources: tuple[Span, ...] = ()  # the [start, end) ranges of the original text the fragments were cut from


def merge_spans(spans: list[Span], *, touching: bool = True) -> list[Span]:
    """The spans sorted, with overlapping ones joined, and touching ones too unless touching=False."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] if touching else start < merged[-1][1]):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def chinese_match_spans(text: str, strings: set[str]) -> list[Span]:
    """Spans of the original text whose folded, space-free form equals one of the strings."""
    if not strings or not text:
        return []
    folded = fold(text)
    key, folded_offsets = stripped_characters(folded)
    spans = []
    for string in strings:
        position = key.find(string)
        while position >= 0 and string:
            first, last = folded_offsets[position], folded_offsets[position + len(string) - 1]
            spans.append((folded.original_start(first), folded.original_end(last + 1)))
            position = key.find(string, position + 1)
    return merge_spans(spans)


def within_edit_distance(word: str, target: str, distance: int) -> bool:
    """Levenshtein distance between word and target is at most `distance`."""
    if abs(len(word) - len(target)) > distance:
        return False
    previous = list(range(len(target) + 1))
    for i, char in enumerate(word, 1):
        current = [i]
        for j, other in enumerate(target, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > distance:
            return False
        previous = current
    return previous[-1] <= distance


def _stem_matches(stem: str, targets: MatchTargets) -> bool:
    return (stem in targets.english_terms
            or any(stem.startswith(prefix) for prefix in targets.english_prefixes)
            or any(stem[:1] == fuzzy[:1] and within_edit_distance(stem, fuzzy, distance)
                   for fuzzy, distance in targets.english_fuzzy))


def line_probes(stem: str) -> set[str]:
    """Strings one of which a word stemming to `stem` (or to a stem `stem` begins) starts with, as _candidate_lines
    writes lines (without . and ,). Snowball changes only a word's last letters, and a stem of four letters or more
    is the word's beginning but for its last letter (happi: happy, cooper: cooperation). A shorter stem gives its
    first three letters, or those with an i, y or e third read as i or y (cry → cri, skies → sky, using → use), or
    with an i second read as y (dying → die). tests/test_highlight.py checks this on every short word and on the
    English words of the seeds and of the WMT pairs."""
    if len(stem) >= 4:
        probes = {stem[:-1]}
    else:
        probe = stem[:3]
        probes = {probe, probe[:2] + "i", probe[:2] + "y"} if probe[2:3] in ("i", "y", "e") else {probe}
        if probe[1:2] == "i":
            probes.add(probe[0] + "y")
    return {probe.replace(".", "").replace(",", "") for probe in probes}


def _candidate_lines(text: str, targets: MatchTargets) -> list[tuple[int, str | None]]:
    """The lines (start, text) that may hold a match: a cheap test on the first letters of every target stem,
    so long articles are not stemmed whole for every hit. Fuzzy targets need every line. A line left out that
    has English words is (start, None): no phrase runs across it (one of Chinese only is no gap, as in the index)."""
    words = targets.english_terms | targets.english_prefixes
    probes = {probe for word in words.union(*targets.english_phrases) for probe in line_probes(word)}
    lines, start = [], 0
    for line in text.split("\n"):
        # U.S. → us, 6,000 → 6000, o’clock → o'clock, as tokens are; co-operation → cooperation, as its joined word
        # is (dropping every hyphen only adds lines to stem: a probe found with them is found without)
        plain = fold_string(line).replace(".", "").replace(",", "").replace("’", "'").replace("-", "")
        if targets.english_fuzzy or any(probe in plain for probe in probes):
            lines.append((start, line))
        elif targets.english_phrases and has_english_words(line):  # only phrases need to know of gaps
            lines.append((start, None))
        start += len(line) + 1
    return lines


def english_match_spans(text: str, targets: MatchTargets) -> list[Span]:
    """Spans of English words matching query terms (stems, prefixes, fuzzy), and of whole phrases (one span each)."""
    phrases = targets.english_phrases
    if not (targets.english_terms or phrases or targets.english_prefixes or targets.english_fuzzy) or not text:
        return []
    tokens: list[tuple[str | None, int, int]] = []  # (None, start, start): a line between that was left out
    joined: list[tuple[str, int, int]] = []  # hyphenated words, joined (co-operation as cooper)
    for start, line in _candidate_lines(text, targets):
        tokens += english_stem_spans(line, start, joined) if line is not None else [(None, start, start)]
    if targets.english_prefixes or targets.english_fuzzy:
        spans = [(start, end) for stem, start, end in tokens + joined
                 if stem is not None and _stem_matches(stem, targets)]
    else:  # the common case, without a call per word
        spans = [(start, end) for stem, start, end in tokens + joined if stem in targets.english_terms]
    for sequence in ([tokens, _with_joined_words(tokens, joined)] if joined and phrases else [tokens]):
        spans += _phrase_spans(sequence, phrases)
    return merge_spans(spans)


def _phrase_spans(tokens: list[tuple[str | None, int, int]], phrases: set[tuple[str, ...]]) -> list[Span]:
    stems, spans = [stem for stem, _, _ in tokens], []
    for phrase in phrases:
        width = len(phrase)
        for index, stem in enumerate(stems[:max(0, len(stems) - width + 1)]):
            if stem == phrase[0] and tuple(stems[index:index + width]) == phrase:
                spans.append((tokens[index][1], tokens[index + width - 1][2]))
    return spans


def _with_joined_words(tokens: list, joined: list[tuple[str, int, int]]) -> list:
    """The tokens with each hyphenated word's parts replaced by the word joined (economic co-operation as the
    phrase economic cooper)."""
    replaced, ends = [], {start: (stem, end) for stem, start, end in joined}
    skip_until = -1
    for token in tokens:
        if token[1] < skip_until:
            continue
        if token[1] in ends:
            stem, skip_until = ends[token[1]]
            replaced.append((stem, token[1], skip_until))
        else:
            replaced.append(token)
    return replaced


def sentence_bounds(text: str) -> list[int]:
    """0, the end of every sentence, and len(text): sentence k is text[bounds[k]:bounds[k + 1]], untrimmed."""
    return [0, *(match.end() for match in _SENTENCE_END.finditer(text)), len(text)]


def sentence_ranges(text: str) -> list[Span]:
    """Sentence boundaries: after 。！？；.!? (with closing quotes) and at every line break; blank ends trimmed."""
    bounds = sentence_bounds(text)
    return [sentence for begin, end in zip(bounds, bounds[1:]) if (sentence := trimmed(text, begin, end))]


_SPACE_RUN = re.compile(r"\s+")  # \s is str.isspace()


def _compact(text: str, piece: Span, spans: list[Span]) -> tuple[str, list[Span]]:
    """The piece with white space runs collapsed to one space, and the spans inside it re-based (an offset inside
    a run moves to just after its space)."""
    start, end = piece
    chunk = text[start:end]
    out: list[str] = []
    runs: list[tuple[int, int, int]] = []  # (run start, run end, characters removed before the run), in chunk
    kept_from, removed = 0, 0
    for run in _SPACE_RUN.finditer(chunk):
        out += (chunk[kept_from:run.start()], " ")
        runs.append((run.start(), run.end(), removed))
        removed += run.end() - run.start() - 1
        kept_from = run.end()
    out.append(chunk[kept_from:])
    run_starts = [run[0] for run in runs]

    def rebased(index: int) -> int:
        offset = index - start
        number = bisect_right(run_starts, offset - 1) - 1  # the last run starting before offset
        if number < 0:
            return offset
        run_start, run_end, removed_before = runs[number]
        if offset < run_end:  # inside the run: just after its one space
            return run_start - removed_before + 1
        return offset - removed_before - (run_end - run_start - 1)

    return "".join(out), [(rebased(a), rebased(b)) for a, b in spans if a >= start and b <= end]


def passage(text: str, ranges: list[Span], spans: list[Span], max_chars: int, hints: tuple[int, ...] = ()) -> Snippet:
    """The given ranges of text (each cut to its share of max_chars around its spans, else around a hint inside
    it), white space compacted, joined with an ellipsis, with the spans that fall inside re-based onto the
    passage."""
    per_range = max(40, max_chars // max(1, len(ranges)))
    pieces, piece_spans, length, sources = [], [], 0, []
    for number, whole in enumerate(ranges):
        hint = next((position for position in hints if whole[0] <= position < whole[1]), None)
        window = window_of(text, whole, spans, per_range, hint)
        sources.append(window)
        piece_text, rebased = _compact(text, window, spans)
        if window[0] > whole[0] and not pieces:
            piece_text, rebased = "…" + piece_text, [(a + 1, b + 1) for a, b in rebased]
        if window[1] < whole[1] and number == len(ranges) - 1:
            piece_text += "…"
        if pieces:
            length += len(ELLIPSIS)
        piece_spans += [(a + length, b + length) for a, b in rebased]
        pieces.append(piece_text)
        length += len(piece_text)
    return Snippet(ELLIPSIS.join(pieces), tuple(piece_spans), tuple(sources))


class _Sentences:
    """The text's sentences (see sentence_bounds) by number, each trimmed only when first asked for: long articles
    have hundreds and a snippet needs a few."""

    def __init__(self, text: str) -> None:
        self.text, self.bounds = text, sentence_bounds(text)
        self._trimmed: dict[int, Span | None] = {}

    def trimmed(self, number: int) -> Span | None:
        if number not in self._trimmed:
            self._trimmed[number] = trimmed(self.text, self.bounds[number], self.bounds[number + 1])
        return self._trimmed[number]

    def holding(self, start: int) -> int:
        """The number of the last non-blank sentence whose trimmed start is at or before `start` (-1 if none)."""
        number = min(bisect_right(self.bounds, start) - 1, len(self.bounds) - 2)
        while number >= 0 and ((sentence := self.trimmed(number)) is None or sentence[0] > start):
            number -= 1
        return number

    def first(self) -> Span | None:
        return next((sentence for number in range(len(self.bounds) - 1) if (sentence := self.trimmed(number))), None)


def _matches_by_sentence(sentences: _Sentences, spans: list[Span]) -> tuple[dict[int, list[str]], dict[int, int]]:
    """For each sentence (by number) the matched strings, lowercased, of the spans that start inside it; and for
    the sentences where a span runs on into later sentences (a quotation across a full stop), the end of the last
    sentence it reaches."""
    matched: dict[int, list[str]] = {}
    reaches: dict[int, int] = {}
    for start, end in spans:
        number = sentences.holding(start)  # the only sentence that can hold the span's start: they do not overlap
        if number < 0:
            continue
        matched.setdefault(number, []).append(sentences.text[start:end].lower())
        if end > sentences.trimmed(number)[1]:
            last = sentences.trimmed(sentences.holding(end - 1))  # a sentence: holding(end - 1) >= number
            reaches[number] = max(reaches.get(number, 0), last[1])
    return matched, reaches


def _distinct_matches(texts: list[str], strings: set[str] | None) -> frozenset[str]:
    """The different things the matched texts of a sentence are: the strings they hold, when known, else their
    English stems (labor models and labor model are one thing)."""
    if strings is None:
        return frozenset(" ".join(english_stems_of(text)) or text for text in texts if text)
    keys = {"".join(fold_string(text).split()) for text in texts}
    return frozenset(string for string in strings if any(string in key for key in keys))


def _covering(ranked: list[int], distinct: dict[int, frozenset[str]], max_fragments: int) -> list[int]:
    """Up to max_fragments sentences, each adding the most matches the ones before it lack (ties: the earlier in
    ranked order), so that a query's second word is shown even when its first fills many sentences."""
    chosen, covered, candidates = [], frozenset(), list(ranked)
    while candidates and len(chosen) < max_fragments:
        best = max(candidates, key=lambda number: len(distinct[number] - covered))
        chosen.append(best)
        covered |= distinct[best]
        candidates.remove(best)
    return chosen


def _length(span: Span) -> int:
    return span[1] - span[0]


def _fragment(sentences: _Sentences, number: int, reaches: dict[int, int]) -> Span:
    """Sentence `number`, run on to the end of the last sentence a match starting in it reaches."""
    start, end = sentences.trimmed(number)
    return start, max(end, reaches.get(number, end))


def make_snippet(text: str, spans: list[Span], *, max_fragments: int = 2, max_chars: int = 240,
                 strings: set[str] | None = None) -> Snippet:
    """The best sentences (most distinct matches, then earliest; a second one adding matches the first lacks) in
    document order, joined with an ellipsis; a sentence whose match runs on into the next sentences is shown up to
    the match's end. strings: the (folded) strings the spans are matches of; a span holding several of them
    (人民服务 holds 人民 and 服务 too) counts each, so the sentence with the whole string outranks those with one
    of its words."""
    sentences = _Sentences(text)
    matched, reaches = _matches_by_sentence(sentences, spans)
    distinct = {number: _distinct_matches(texts, strings) for number, texts in matched.items()}
    # The sentences with matches, most distinct ones first; without any (or no spans at all), the first sentence.
    ranked = sorted(matched, key=lambda number: (-len(distinct[number]), -len(matched[number]), number))
    numbers = _covering(ranked, distinct, max_fragments)
    share = max(40, max_chars // max_fragments)
    if len(numbers) > 1 and not set().union(*(distinct[n] for n in numbers[1:])) - distinct[numbers[0]] and \
            len(distinct[numbers[0]]) > 1 and _length(sentences.trimmed(numbers[0])) > share:
        numbers = numbers[:1]  # the others add nothing: the first, too long for its share, gets the whole budget
    # Fragments that overlap are joined; two sentences that only touch stay two fragments.
    chosen = merge_spans([_fragment(sentences, number, reaches) for number in numbers], touching=False)
    if not chosen:
        first = sentences.first()
        if first is None:
            return Snippet("")
        chosen = [first]
    # One sentence holding several different matches gets the whole budget, to show them all.
    whole = not spans or (len(chosen) == 1 and len(numbers) == 1 and len(distinct[numbers[0]]) > 1)
    return passage(text, chosen, spans, max_chars if whole else share * len(chosen))


ENGLISH_SNIPPET_CHARS, CHINESE_SNIPPET_CHARS = 240, 120


def english_snippet(text: str, targets: MatchTargets) -> Snippet:
    return make_snippet(text, english_match_spans(text, targets), max_chars=ENGLISH_SNIPPET_CHARS)


def chinese_snippet(text: str, targets: MatchTargets) -> Snippet:
    return make_snippet(text, chinese_match_spans(text, targets.chinese_strings), max_chars=CHINESE_SNIPPET_CHARS,
                        strings=targets.chinese_strings)
