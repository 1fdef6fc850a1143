"""Read a term's posting blocks into arrays: document numbers and weights at once, positions only where asked for.

Whoosh 3 stores a term's postings as blocks: a signed length, a pickled info tuple and pickled (id deltas,
weights, values) data, maybe compressed. Unpickling is C, so a block costs a few microseconds whatever its size.
Large blocks of the bulk writer's positions fields are packed (packed_blocks.py): their ids and frequencies are
taken out of the bytes directly, without unpickling, and their positions stay packed. Scoring a term never
unpacks them, and a phrase unpacks only the blocks that hold one of its candidate documents.
"""

from __future__ import annotations

import io
import pickle
import zlib
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import _INT_SIZE, unpack_int

from searchkit.packed_blocks import (
    COUNTED_PREFIX, HEAD_WIDTHS_SIZE, LATER_DELTAS_AT, PACKED_PREFIX, PackedValues, counted_head, head_layout,
    packed_parts)


@dataclass
class Postings:
    """A term's postings in one segment. block_values: each block's values (a packed block's PackedValues, its
    positions still packed; a counted block's None; a plain block's tuple of bytes per posting, or fixed-size
    values joined);
    block_starts: the row of each block's first posting."""

    ids: np.ndarray      # segment document numbers, ascending
    weights: np.ndarray  # float64
    block_values: list
    block_starts: np.ndarray

    def positions(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the postings at `rows` (ascending), one posting's after another's, and how many each
        has. Only the blocks holding those rows are decoded."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        block_of_row = np.searchsorted(self.block_starts, rows, side="right") - 1
        needed = sorted_unique(block_of_row)
        counts, positions = zip(*(_block_positions(self.block_values[block]) for block in needed.tolist()))
        all_counts = np.concatenate(counts)
        first_in_all = np.cumsum([0] + [len(each) for each in counts[:-1]])
        in_all = first_in_all[np.searchsorted(needed, block_of_row)] + rows - self.block_starts[block_of_row]
        starts = np.cumsum(all_counts) - all_counts
        return gather_ranges(np.concatenate(positions), starts[in_all], all_counts[in_all]), all_counts[in_all]


def _block_positions(values) -> tuple[np.ndarray, np.ndarray]:
    """A block's counts of positions per posting and its positions (int64), from either kind of block values."""
    if isinstance(values, PackedValues):
        raw, size = values.stored_positions()
        return (np.frombuffer(values.counts_bytes, dtype="<u4").astype(np.int64),
                np.frombuffer(raw, dtype="<u2" if size == 2 else "<u4").astype(np.int64))
    values = list(values)
    counts = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) // 4
    return counts, np.frombuffer(b"".join(values), dtype="<u4").astype(np.int64)


def sorted_unique(ascending: np.ndarray) -> np.ndarray:
    """np.unique of an array already in ascending order, in one pass (np.unique hashes or sorts it again); an
    array of fewer than two values comes back itself, not copied."""
    if len(ascending) < 2:
        return ascending
    keep = np.empty(len(ascending), dtype=bool)
    keep[0] = True
    np.not_equal(ascending[1:], ascending[:-1], out=keep[1:])
    return ascending[keep]


GATHER_SLICE = 1 << 20  # values gathered at a time


def gather_ranges(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """values[starts[i]:starts[i] + counts[i]] for every i, one after another.

    The index arrays take 16 bytes per value gathered, so a large gather (sorting a run or merging a chunk moves
    millions of positions) goes GATHER_SLICE values at a time, whole ranges per slice."""
    values = np.asarray(values)
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=values.dtype)
    ends = np.cumsum(counts, dtype=np.int64)
    gathered = np.empty(total, dtype=values.dtype)
    cuts = sorted_unique(np.searchsorted(ends, np.arange(GATHER_SLICE, total, GATHER_SLICE), side="right"))
    bounds = [0] + [int(cut) for cut in cuts if 0 < cut < len(counts)] + [len(counts)]
    for low, high in zip(bounds, bounds[1:]):
        first = int(ends[low - 1]) if low else 0
        gathered[first:int(ends[high - 1])] = values[_range_indexes(starts[low:high], counts[low:high])]
    return gathered


def _range_indexes(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indexes of values[starts[i]:starts[i] + counts[i]], one range after another."""
    ends = np.cumsum(counts, dtype=np.int64)
    indexes = np.repeat((starts - (ends - counts)).astype(np.int64, copy=False), counts)
    indexes += np.arange(int(ends[-1]), dtype=np.int64)  # in place: no third array of the same size
    return indexes


def inlined_postings(ids, weights, values) -> Postings:
    """The postings a term info holds inline (a term with very few of them)."""
    return Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), [values],
                    np.zeros(1, dtype=np.int64))


def read_blocks(raw: bytes) -> Postings:
    """Decode a term's posting blocks (raw: its bytes in the segment's postings file)."""
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 posting list")
    position, ids, weights, block_values, sizes = 4, [], [], [], []
    while position < len(raw):
        length = unpack_int(raw[position:position + _INT_SIZE])[0]
        end = position + _INT_SIZE + abs(length)
        search_end = min(end, position + _INFO_SEARCH_BYTES)
        packed_at = raw.find(PACKED_PREFIX, position + _INT_SIZE, search_end)
        counted_at = raw.find(COUNTED_PREFIX, position + _INT_SIZE, search_end) if packed_at < 0 else -1
        if packed_at >= 0 or counted_at >= 0:  # straight from the bytes: no unpickling, positions untouched
            head, positions = packed_parts(raw, packed_at) if packed_at >= 0 else (counted_head(raw, counted_at), None)
            count, block_deltas, counts = _head_columns(head)
            ids.append(block_deltas)
            weights.append(counts)  # the counts, which are the weights
            block_values.append(PackedValues(positions, counts) if positions is not None else None)
        else:
            count, block_ids, block_weights, values = _plain_block(raw, position + _INT_SIZE, end)
            ids.append(np.asarray(block_ids, dtype="<u4").tobytes())
            weights.append(block_weights)
            block_values.append(values)
        sizes.append(count)
        position = end
        if length < 0:
            break
    starts = np.cumsum([0] + sizes[:-1])
    deltas = np.frombuffer(b"".join(ids), dtype="<u4").astype(np.int64)
    return Postings(_undelta(deltas, sizes, starts), _weights(weights, sizes), block_values, starts)


def _head_columns(head: bytes) -> tuple[int, bytes, bytes]:
    """(postings, id deltas, frequencies) of a packed block's head, the two columns as little-endian uint32."""
    layout = head_layout(head)
    deltas = np.empty(layout.postings, dtype="<u4")
    deltas[0] = int.from_bytes(head[HEAD_WIDTHS_SIZE:LATER_DELTAS_AT], "little")
    deltas[1:] = np.frombuffer(head, dtype=f"<u{layout.delta_width}", count=layout.postings - 1,
                               offset=LATER_DELTAS_AT)
    counts = np.frombuffer(head, dtype=f"<u{layout.count_width}", count=layout.postings, offset=layout.counts_at)
    return layout.postings, deltas.tobytes(), counts.astype("<u4").tobytes()


# A block's info tuple pickles in under 64 bytes: packed data starts within that many bytes of the block's start
# (plus the longer of the two prefixes).
_INFO_SEARCH_BYTES = _INT_SIZE + 64 + len(COUNTED_PREFIX)


def _plain_block(raw: bytes, start: int, end: int) -> tuple[int, object, object, object]:
    """A Whoosh block's posting count, ids (deltas), weights and values, by unpickling."""
    stream = io.BytesIO(raw)
    stream.seek(start)
    count, _, _, compression, _, _ = pickle.load(stream)
    data = raw[stream.tell():end]
    block_ids, block_weights, values = pickle.loads(zlib.decompress(data) if compression else data)
    return count, block_ids, block_weights, values


def _weights(blocks: list, sizes: list[int]) -> np.ndarray:
    """Every posting's weight from each block's (see _block_weights); all packed blocks' counts at once."""
    if all(isinstance(weights, bytes) for weights in blocks):
        return np.frombuffer(b"".join(blocks), dtype="<u4").astype(np.float64)
    return np.concatenate([_block_weights(weights, size) for weights, size in zip(blocks, sizes)])


def _block_weights(weights, size: int) -> np.ndarray:
    """A packed block's counts (little-endian uint32 bytes), or a plain block's weights as Whoosh minimizes them
    (None for all 1.0, one float when all are equal, else a sequence), as float64."""
    if isinstance(weights, bytes):
        return np.frombuffer(weights, dtype="<u4").astype(np.float64)
    if weights is None or isinstance(weights, float):
        return np.full(size, 1.0 if weights is None else weights)
    return np.asarray(weights, dtype=np.float64)


def _undelta(deltas: np.ndarray, sizes: list[int], starts: np.ndarray) -> np.ndarray:
    """Document numbers from per-block deltas (each block's first delta is absolute)."""
    running = np.cumsum(deltas)
    before = np.where(starts > 0, running[np.maximum(starts - 1, 0)], 0)
    return running - np.repeat(before, sizes)
