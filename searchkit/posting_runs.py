"""Sorted runs of one field's postings: documents buffered as arrays, sorted into runs, and merged in chunks.

A field's postings arrive a document at a time (postings.FieldPostings). FieldBuffer keeps them until the writer's
memory budget is reached, then sorts them by term key into a Run, saved to disk in one file and read back a
slice at a time. Word fields number their terms in a Vocabulary per run; a run stores its terms sorted by UTF-8
bytes and its keys as ranks in that list. MergedRuns reads every run of a field together, a chunk at a time
(bounded in postings and positions; a term too large for one goes on over several), sorted by term and then
document: what a Whoosh field writer needs.
"""

from __future__ import annotations

import marshal
import os
from bisect import bisect_left
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from searchkit.block_reader import gather_ranges
from searchkit.postings import FieldPostings, Vocabulary, gram_key, gram_key_text
from searchkit.run_ranks import RankArray, RankFile

CHUNK_POSTINGS = 1 << 16  # postings merged and written at a time (their Python lists take some 15 MB)
CHUNK_POSITIONS = 1 << 20  # at most (about) this many positions in a chunk: 4 MB, a few copies of which are made
SAMPLE_STEP = 256  # a run on disk keeps every SAMPLE_STEP-th key in memory; chunk boundaries are among them


@dataclass
class Run:
    """Postings of one field sorted by key, then document. terms: the run's own sorted term bytes, which keys
    index (word fields); None when keys are exact-field gram keys. Positions are stored in posting order: posting
    i's are positions[starts[i]:starts[i] + counts[i]], so a range of postings has one contiguous range of them.

    A run spilled to disk (RunFile) is read back a slice at a time with plain reads, never memory-mapped: mapped
    pages would count in the process's resident memory as the merge reads them."""

    keys: np.ndarray
    docs: np.ndarray
    counts: np.ndarray
    starts: np.ndarray
    positions: np.ndarray | None
    terms: list[bytes] | None

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, key: int) -> int:
        """The number of postings with a key below `key`."""
        return int(np.searchsorted(self.keys, key))

    def sample(self, step: int) -> np.ndarray:
        """Every step-th key (step a multiple of SAMPLE_STEP)."""
        return self.keys[::step]

    def frequencies(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """keys, docs and counts of postings [start, end), without their positions."""
        return self.keys[start:end], self.docs[start:end], self.counts[start:end]

    def positions_of(self, start: int, total: int) -> np.ndarray:
        """The `total` positions that begin with posting `start`'s (a range of postings has one range of them)."""
        if total == 0:
            return np.empty(0, dtype=np.uint32)
        first = int(self.starts[start])
        return self.positions[first:first + total]

    def save(self, path: str) -> "RunFile":
        """Write the run to path; every SAMPLE_STEP-th key stays in memory to find postings by key."""
        with open(path, "wb") as handle:
            layout = {}
            for name in ("keys", "docs", "counts", "starts", "positions"):
                array = getattr(self, name)
                if array is not None:
                    layout[name] = (handle.tell(), array.dtype.str)
                    array.tofile(handle)
            if self.terms is not None:  # the run's words: a word field's runs would otherwise keep them all
                layout["terms"] = (handle.tell(), None)
                marshal.dump(self.terms, handle)
        return RunFile(path, len(self.keys), self.keys[::SAMPLE_STEP].copy(), layout)

    def term_list(self) -> list[bytes] | None:
        return self.terms

    def close(self) -> None:
        """Let go of the run's file, if it has one."""


class RunFile(Run):
    """A run on disk, read a slice at a time; in memory only every SAMPLE_STEP-th key (8 bytes per 256 postings,
    where keeping all keys took 8 bytes a posting, some 30 kB an article). A word field's terms are read back
    when the runs are merged."""

    def __init__(self, path: str, size: int, sampled_keys: np.ndarray, layout: dict) -> None:
        self.path, self.size, self.sampled_keys, self.layout = path, size, sampled_keys, layout
        self.terms = None
        self._handle = None  # opened on the first read: a merge reads each run thousands of times

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def term_list(self) -> list[bytes] | None:
        if "terms" not in self.layout:
            return None
        with open(self.path, "rb") as handle:  # the terms end the file; marshal.load(handle) would read the file
            handle.seek(self.layout["terms"][0])  # once per term (14 times as slow)
            return marshal.loads(handle.read())

    def __len__(self) -> int:
        return self.size

    def _read(self, name: str, start: int, end: int) -> np.ndarray:
        offset, dtype = self.layout[name]
        size = np.dtype(dtype).itemsize
        if self._handle is None:
            self._handle = open(self.path, "rb")
        self._handle.seek(offset + start * size)
        return np.frombuffer(self._handle.read(max(0, end - start) * size), dtype=dtype)

    def find(self, key: int) -> int:
        block = int(np.searchsorted(self.sampled_keys, key))  # the answer lies in the block of keys before it
        start = max(0, (block - 1) * SAMPLE_STEP)
        end = min(self.size, block * SAMPLE_STEP)
        return start + int(np.searchsorted(self._read("keys", start, end), key))

    def sample(self, step: int) -> np.ndarray:
        return self.sampled_keys[::step // SAMPLE_STEP]

    def frequencies(self, start: int, end: int):
        return tuple(self._read(name, start, end) for name in ("keys", "docs", "counts"))

    def positions_of(self, start: int, total: int) -> np.ndarray:
        if total == 0:
            return np.empty(0, dtype=np.uint32)
        first = int(self._read("starts", start, start + 1)[0])
        return self._read("positions", first, first + total)


class FieldBuffer:
    """The postings of one bulk field in one segment: documents not yet sorted, and the runs sorted so far."""

    def __init__(self, name: str, grams: bool, with_positions: bool) -> None:
        self.name = name
        self.grams = grams
        self.with_positions = with_positions
        self.vocabulary = Vocabulary()
        self.runs: list[Run] = []
        self._clear()

    def _clear(self) -> None:
        self._docs: list[int] = []
        self._postings: list[FieldPostings] = []
        self.buffered_bytes = 0

    def add(self, docnum: int, postings: FieldPostings) -> None:
        if not len(postings.keys):
            return
        self._docs.append(docnum)
        self._postings.append(postings)
        self.buffered_bytes += postings.keys.nbytes * 3 + (0 if postings.positions is None else postings.positions.nbytes)

    def add_merged(self, terms: list[bytes], docs: list[int], counts: list[int], positions: list[int]) -> None:
        """Postings a merged segment brings (term bytes, new document number, frequency and, with positions,
        every posting's positions one after another): they become a run of their own."""
        distinct = sorted(set(terms))
        rank = {term: number for number, term in enumerate(distinct)}
        keys = np.array([gram_key(term.decode("utf-8")) if self.grams else rank[term] for term in terms],
                        dtype=np.uint64)
        counts_array, docs_array = np.array(counts, dtype=np.uint32), np.array(docs, dtype=np.uint32)
        flat = np.array(positions, dtype=np.uint32) if self.with_positions else None
        self.runs.append(_sorted_run(keys, docs_array, counts_array, flat, None if self.grams else distinct))

    def sort_buffer(self) -> Run | None:
        """The buffered documents as a run (in memory), and an empty buffer."""
        if not self._postings:
            return None
        keys = np.concatenate([postings.keys for postings in self._postings])
        counts = np.concatenate([postings.counts for postings in self._postings])
        docs = np.repeat(np.array(self._docs, dtype=np.uint32), [len(p.keys) for p in self._postings])
        positions = np.concatenate([p.positions for p in self._postings]) if self.with_positions else None
        terms = None
        if not self.grams:
            words = [term.encode("utf-8") for term in self.vocabulary.terms()]
            by_bytes = sorted(range(len(words)), key=words.__getitem__)
            rank_of_id = np.empty(len(words), dtype=np.uint64)
            rank_of_id[by_bytes] = np.arange(len(words), dtype=np.uint64)
            keys, terms = rank_of_id[keys], [words[number] for number in by_bytes]
            self.vocabulary = Vocabulary()
        self._clear()
        return _sorted_run(keys, docs, counts, positions, terms)

    def spill(self, folder: str, tag: str) -> None:
        run = self.sort_buffer()
        if run is not None:
            self.runs.append(run.save(os.path.join(folder, f"{tag}.{self.name}.run")))


def _sorted_run(keys: np.ndarray, docs: np.ndarray, counts: np.ndarray, positions: np.ndarray | None,
                terms: list[bytes] | None) -> Run:
    """Postings given in any order (each one's positions right after the previous one's) sorted by key, then
    document, their positions moved into the same order."""
    order = _key_then_document_order(keys, docs)
    sorted_counts = counts[order]
    starts = np.cumsum(sorted_counts, dtype=np.int64) - sorted_counts
    if positions is not None:
        given_starts = np.cumsum(counts, dtype=np.int64) - counts
        positions = gather_ranges(positions, given_starts[order], sorted_counts)
    return Run(keys[order], docs[order], sorted_counts, starts, positions, terms)


def _key_then_document_order(keys: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The order that sorts postings by key, then document: np.lexsort((docs, keys)), which for postings that
    are each a distinct (key, document) is one sort of both packed into 64 bits (twice as fast) when they fit."""
    if len(keys) == 0:
        return np.empty(0, dtype=np.intp)
    document_bits = int(docs.max()).bit_length()
    if int(keys.max()) >> (64 - document_bits):
        return np.lexsort((docs, keys))
    packed = keys << np.uint64(document_bits)
    packed |= docs  # in place: no third array of 8 bytes a posting
    return np.argsort(packed)


def _merged_order(keys: np.ndarray, docs: np.ndarray, document_ranges: list[tuple[int, int]]) -> np.ndarray:
    """The order that sorts runs' postings (each run's sorted by key, then document; given one run after another,
    with each run's (first, last) document) by key, then document. When each run holds later documents than the
    run before, as runs written one after another do, a stable sort by key keeps each key's documents in order,
    and merges the sorted runs five times as fast as np.lexsort."""
    if all(low > previous_high for (_, previous_high), (low, _) in zip(document_ranges, document_ranges[1:])):
        return np.argsort(keys, kind="stable")
    return np.lexsort((docs, keys))  # a merged segment's run may hold earlier documents


@dataclass
class Chunk:
    """Postings of a range of keys, sorted by key then document. Positions fields: posting i's positions are
    positions[starts[i]:starts[i] + counts[i]] (so a range of postings has one contiguous range of them); frequency
    fields: both None, a posting's value is its frequency. A term with more positions than a chunk holds is cut
    between chunks: continues_term says the first term began in the chunk before, goes_on that the last term
    goes on in the next one."""

    keys: np.ndarray
    docs: np.ndarray
    counts: np.ndarray
    positions: np.ndarray | None = None
    starts: np.ndarray | None = None
    continues_term: bool = False
    goes_on: bool = False


class MergedRuns:
    """A field's runs read together in chunks. Keys of word runs are mapped to ranks in the sorted union of the
    runs' terms (run ranks map to global ranks in order, so each run stays sorted); a run on disk keeps those
    ranks on disk too (run_ranks.RankFile).

    A chunk holds about CHUNK_POSTINGS postings of whole terms and, for positions fields, at most about
    CHUNK_POSITIONS positions: the positions of a very common word (English "the": some 84 per article) grow
    with the segment, and a chunk's few copies of them were the largest memory of a merge. Such a term is cut
    between chunks after a multiple of term_step of its postings (the writer's block size)."""

    def __init__(self, runs: list[Run], grams: bool, with_positions: bool, *, term_step: int) -> None:
        self.runs, self.with_positions, self.term_step = runs, with_positions, term_step
        self.terms: list[bytes] | None = None
        self.remaps: list[RankFile | RankArray | None] = [None] * len(runs)
        self.sampled_ranks: list[np.ndarray | None] = [None] * len(runs)  # the ranks of run.sample(SAMPLE_STEP)
        if not grams:  # each run's words read twice from disk, one run at a time, rather than all kept in memory
            union: set[bytes] = set()
            for run in runs:
                union.update(run.term_list())
            self.terms = sorted(union)
            del union
            for number, run in enumerate(runs):
                ranks = self._ranks(run.term_list())
                self.sampled_ranks[number] = ranks[run.sample(SAMPLE_STEP)]
                self.remaps[number] = (RankFile(f"{run.path}.ranks", ranks) if isinstance(run, RunFile)
                                       else RankArray(ranks))

    def _ranks(self, run_terms: list[bytes]) -> np.ndarray:
        """Each of a run's terms' rank among all terms (4 bytes each), found by bisection: as fast as a dict of all
        terms, which took some 30 MB through the merge at 200,000 terms."""
        return np.fromiter(map(bisect_left, repeat(self.terms), run_terms), dtype=np.uint32, count=len(run_terms))

    def term_bytes(self, key: int) -> bytes:
        return self.terms[key] if self.terms is not None else gram_key_text(key).encode("utf-8")

    def _global(self, number: int, keys: np.ndarray) -> np.ndarray:
        remap = self.remaps[number]
        return keys if remap is None else remap.take(keys)

    def _local(self, number: int, bound: int):
        remap = self.remaps[number]
        return bound if remap is None else remap.find(bound)

    def _boundaries(self) -> list[int]:
        """Keys that cut the runs into chunks of about CHUNK_POSTINGS postings (never inside a term): each run's
        keys sampled every SAMPLE_STEP postings, all sorted together, and every CHUNK_POSTINGS // SAMPLE_STEP-th
        of them. (A sample stands for as many postings whatever its run, so many small runs make no large chunks:
        taking every 8th distinct key of samples 8 times sparser did, as every run's first keys are much alike,
        and a chunk's Python lists grew to some 400,000 postings at 20,000 articles.)"""
        samples = np.sort(np.concatenate([run.sample(SAMPLE_STEP) if ranks is None else ranks
                                          for run, ranks in zip(self.runs, self.sampled_ranks)]))
        every = max(1, CHUNK_POSTINGS // SAMPLE_STEP)
        return np.unique(samples[every::every]).tolist()

    def chunks(self):
        bounds = [0] + self._boundaries() + [None]
        try:
            for low, high in zip(bounds, bounds[1:]):
                yield from self._key_range(low, high)
        finally:
            for run, remap in zip(self.runs, self.remaps):
                run.close()
                if remap is not None:
                    remap.close()

    def _key_range(self, low: int, high: int | None):
        """The chunks of keys [low, high): the postings' keys, documents and counts are read first, then the
        positions of one chunk at a time."""
        ranges, keys, docs, counts = [], [], [], []
        for number, run in enumerate(self.runs):
            start = run.find(self._local(number, low))
            end = len(run) if high is None else run.find(self._local(number, high))
            run_keys, run_docs, run_counts = run.frequencies(start, end)
            ranges.append((start, end))
            keys.append(self._global(number, np.asarray(run_keys)))
            docs.append(run_docs)
            counts.append(run_counts)
        document_ranges = [(int(run_docs.min()), int(run_docs.max())) for run_docs in docs if len(run_docs)]
        keys, docs, counts = np.concatenate(keys), np.concatenate(docs), np.concatenate(counts)
        if not len(keys):
            return
        order = _merged_order(keys, docs, document_ranges)
        if not self.with_positions:
            yield Chunk(keys[order], docs[order], counts[order])
            return
        sorted_keys = keys[order]
        cuts = term_cuts(sorted_keys, counts[order], CHUNK_POSITIONS, self.term_step)
        for first, last in zip(cuts, cuts[1:]):
            chunk = self._with_positions(ranges, order[first:last], keys, docs, counts)
            chunk.continues_term = first > 0 and sorted_keys[first - 1] == sorted_keys[first]
            chunk.goes_on = last < len(sorted_keys) and sorted_keys[last - 1] == sorted_keys[last]
            yield chunk

    def _with_positions(self, ranges: list[tuple[int, int]], selected: np.ndarray, keys: np.ndarray,
                        docs: np.ndarray, counts: np.ndarray) -> Chunk:
        """The chunk of postings `selected` (indexes into the runs' postings one run after another, in sorted
        order). A run's share of a range of sorted postings is a range of its own postings, read in one go."""
        run_order = np.sort(selected)
        run_bounds = np.cumsum([0] + [end - start for start, end in ranges])
        flats = []
        for number, (start, _) in enumerate(ranges):
            low, high = np.searchsorted(run_order, run_bounds[number:number + 2]).tolist()
            if high > low:
                first = start + int(run_order[low]) - int(run_bounds[number])
                flats.append(self.runs[number].positions_of(first, int(counts[run_order[low:high]].sum())))
        flat_counts = counts[run_order]
        flat_starts = np.cumsum(flat_counts, dtype=np.int64) - flat_counts
        given_starts = flat_starts[np.searchsorted(run_order, selected)]
        sorted_counts = counts[selected]
        positions = gather_ranges(np.concatenate(flats), given_starts, sorted_counts)
        starts = np.cumsum(sorted_counts, dtype=np.int64) - sorted_counts
        return Chunk(keys[selected], docs[selected], sorted_counts, positions.astype("<u4", copy=False), starts)


def term_cuts(keys: np.ndarray, counts: np.ndarray, most_positions: int, term_step: int) -> list[int]:
    """Where to cut sorted postings (keys, their positions counts) into pieces of at most about most_positions
    positions: [0, ..., len(keys)]. A cut inside a term comes after a multiple of term_step of its postings; a
    piece of a single term holds at least term_step postings (or the rest of the term)."""
    ends = np.cumsum(counts, dtype=np.int64)
    term_starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    cuts, size = [0], len(keys)
    while cuts[-1] < size:
        first = cuts[-1]
        fitting = int(np.searchsorted(ends, (int(ends[first - 1]) if first else 0) + most_positions, side="right"))
        if fitting >= size:
            cuts.append(size)
            break
        term = int(np.searchsorted(term_starts, fitting, side="right")) - 1
        term_start = int(term_starts[term])
        cut = term_start + (fitting - term_start) // term_step * term_step
        if cut <= first:  # the piece starts inside (or at) this term and not one step of it fits
            term_end = int(term_starts[term + 1]) if term + 1 < len(term_starts) else size
            cut = min(first + term_step, term_end)
        cuts.append(cut)
    return cuts
