"""Sorted runs of one field's postings: documents buffered as arrays, sorted into runs, and merged in chunks.

A field's postings arrive a document at a time (postings.FieldPostings). FieldBuffer keeps them until the writer's
memory budget is reached, then sorts them by term key into a Run, saved to disk as .npy files and read back
memory-mapped. Word fields number their terms in a Vocabulary per run; a run stores its terms sorted by UTF-8
bytes and its keys as ranks in that list. MergedRuns reads every run of a field together, a chunk of whole
terms at a time, sorted by term and then document: what a Whoosh field writer needs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from searchkit.postings import FieldPostings, Vocabulary, gram_key, gram_key_text

CHUNK_POSTINGS = 1 << 18  # postings merged and written at a time


@dataclass
class Run:
    """Postings of one field sorted by key, then document. terms: the run's own sorted term bytes, which keys
    index (word fields); None when keys are exact-field gram keys. Each posting's positions are
    positions[starts[i]:starts[i] + counts[i]]."""

    keys: np.ndarray
    docs: np.ndarray
    counts: np.ndarray
    starts: np.ndarray
    positions: np.ndarray | None
    terms: list[bytes] | None

    _ARRAYS = ("keys", "docs", "counts", "starts", "positions")

    def save(self, folder: str, name: str) -> "Run":
        """Write the arrays to folder and return the run reading them back from disk (memory-mapped)."""
        saved = {}
        for attribute in self._ARRAYS:
            array = getattr(self, attribute)
            if array is None:
                saved[attribute] = None
                continue
            path = os.path.join(folder, f"{name}.{attribute}.npy")
            np.save(path, array)
            saved[attribute] = np.load(path, mmap_mode="r")
        return Run(**saved, terms=self.terms)

    def __len__(self) -> int:
        return len(self.keys)


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
        order = np.lexsort((docs_array, keys))
        starts = (np.cumsum(counts_array, dtype=np.int64) - counts_array)[order]
        flat = np.array(positions, dtype=np.uint32) if self.with_positions else None
        self.runs.append(Run(keys[order], docs_array[order], counts_array[order], starts, flat,
                             None if self.grams else distinct))

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
        order = np.argsort(keys, kind="stable")  # documents were added in increasing order
        starts = (np.cumsum(counts, dtype=np.int64) - counts)[order]
        self._clear()
        return Run(keys[order], docs[order], counts[order], starts, positions, terms)

    def spill(self, folder: str, tag: str) -> None:
        run = self.sort_buffer()
        if run is not None:
            self.runs.append(run.save(folder, f"{self.name}.{tag}"))

    def all_runs(self) -> list[Run]:
        last = self.sort_buffer()
        return self.runs + ([last] if last is not None else [])


@dataclass
class Chunk:
    """Postings of a range of keys, sorted by key then document; a posting's value is values[i] (positions fields)
    or its frequency (frequency fields)."""

    keys: np.ndarray
    docs: np.ndarray
    counts: np.ndarray
    values: list[bytes] | None


class MergedRuns:
    """A field's runs read together in chunks of whole terms. Keys of word runs are mapped to ranks in the sorted
    union of the runs' terms (run ranks map to global ranks in order, so each run stays sorted)."""

    def __init__(self, runs: list[Run], grams: bool, with_positions: bool) -> None:
        self.runs, self.with_positions = runs, with_positions
        self.terms: list[bytes] | None = None
        self.remaps: list[np.ndarray | None] = [None] * len(runs)
        if not grams:
            self.terms = sorted(set().union(*(run.terms for run in runs)))
            rank = {term: number for number, term in enumerate(self.terms)}
            self.remaps = [np.array([rank[term] for term in run.terms], dtype=np.uint64) for run in runs]

    def term_bytes(self, key: int) -> bytes:
        return self.terms[key] if self.terms is not None else gram_key_text(key).encode("utf-8")

    def _global(self, number: int, keys: np.ndarray) -> np.ndarray:
        remap = self.remaps[number]
        return keys if remap is None else remap[keys]

    def _local(self, number: int, bound: int):
        remap = self.remaps[number]
        return bound if remap is None else np.searchsorted(remap, bound)

    def _boundaries(self) -> list[int]:
        """Keys that cut the runs into chunks of about CHUNK_POSTINGS postings (never inside a term)."""
        step = max(1, CHUNK_POSTINGS // 8)
        samples = np.unique(np.concatenate([self._global(number, np.asarray(run.keys[::step]))
                                            for number, run in enumerate(self.runs)]))
        return [int(key) for key in samples[8::8]]

    def chunks(self):
        bounds = [0] + self._boundaries() + [None]
        for low, high in zip(bounds, bounds[1:]):
            chunk = self._chunk(low, high)
            if len(chunk.keys):
                yield chunk

    def _chunk(self, low: int, high: int | None) -> Chunk:
        keys, docs, counts, flats = [], [], [], []
        for number, run in enumerate(self.runs):
            start = int(np.searchsorted(run.keys, self._local(number, low)))
            end = len(run) if high is None else int(np.searchsorted(run.keys, self._local(number, high)))
            keys.append(self._global(number, np.asarray(run.keys[start:end])))
            docs.append(np.asarray(run.docs[start:end]))
            counts.append(np.asarray(run.counts[start:end]))
            if self.with_positions:
                flats.append(_gather(run.positions, np.asarray(run.starts[start:end]), counts[-1]))
        keys, docs, counts = np.concatenate(keys), np.concatenate(docs), np.concatenate(counts)
        order = np.lexsort((docs, keys))
        values = None
        if self.with_positions:
            packed = np.concatenate(flats).astype("<u4").tobytes()
            ends = (np.cumsum(counts, dtype=np.int64) * 4)[order]
            starts = ends - counts[order].astype(np.int64) * 4
            values = [packed[start:end] for start, end in zip(starts.tolist(), ends.tolist())]
        return Chunk(keys[order], docs[order], counts[order], values)


def _gather(positions: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """positions[starts[i]:starts[i] + counts[i]] for every i, one after another."""
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.uint32)
    firsts = np.cumsum(counts, dtype=np.int64) - counts
    return np.asarray(positions)[np.arange(total, dtype=np.int64) + np.repeat(starts - firsts, counts)]
