"""Packed block data unpickles into what Whoosh's reader takes as block data, with its positions left packed;
its parts can be taken out without unpickling; its head holds each column in the width its numbers need."""

from __future__ import annotations

import pickle
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import packed_blocks
from searchkit.packed_blocks import (
    COUNTED_PREFIX, PACKED_PREFIX, SHORT_POSITION_LIMIT, PackedValues, counted_block_data, counted_head,
    head_numbers, narrow_head, packed_block_data, packed_parts,
)
from searchkit.posting_format import pack_positions, unpack_positions

# Blocks whose positions are all below the 2-byte limit (those of nearly every article), and blocks of any.
postings = st.one_of(*(st.lists(st.tuples(st.integers(0, 2**32 - 1), st.lists(
    position, min_size=1, max_size=20, unique=True).map(sorted)), min_size=1, max_size=140)
    for position in (st.integers(0, 2**32 - 1), st.integers(0, SHORT_POSITION_LIMIT - 1))))


def packed(found: list[tuple[int, list[int]]]) -> bytes:
    """The block's packed data, its positions in 2 bytes each when all fit, as the bulk writer stores them."""
    head = narrow_head([delta for delta, _ in found], [len(positions) for _, positions in found])
    every = [position for _, positions in found for position in positions]
    size = 2 if max(every) < SHORT_POSITION_LIMIT else 4
    return packed_block_data(head, array("H" if size == 2 else "I", every).tobytes(), size, 3)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(postings)
def test_a_packed_block_reads_back_as_whooshs_block_data(found):
    ids, weights, values = pickle.loads(packed(found))
    assert list(ids) == [delta for delta, _ in found]
    assert list(weights) == [float(len(positions)) for _, positions in found]
    assert len(values) == len(found)
    assert [unpack_positions(values[i]) for i in range(len(found))] == [positions for _, positions in found]
    assert [unpack_positions(value) for value in values] == [positions for _, positions in found]


def test_unpickling_leaves_the_positions_packed(monkeypatch):
    decompressed = []
    real = packed_blocks.zlib.decompress
    monkeypatch.setattr(packed_blocks.zlib, "decompress", lambda raw: decompressed.append(len(raw)) or real(raw))
    ids, weights, values = pickle.loads(packed([(5, [1, 9]), (2, [70_000])]))
    assert not decompressed  # the head (ids and frequencies) is not compressed
    assert isinstance(values, PackedValues) and values.counts().tolist() == [2, 1]
    assert unpack_positions(values[1]) == [70_000]
    assert len(decompressed) == 1  # the positions, once
    assert unpack_positions(values[0]) == [1, 9]
    assert len(decompressed) == 1


def test_positions_below_the_limit_are_stored_as_they_are_in_two_bytes(monkeypatch):
    ids, weights, values = pickle.loads(packed([(5, [1, 9]), (2, [SHORT_POSITION_LIMIT - 1])]))
    monkeypatch.setattr(packed_blocks.zlib, "decompress", None)  # nothing left to decompress
    assert values.stored_positions() == (array("H", [1, 9, SHORT_POSITION_LIMIT - 1]).tobytes(), 2)
    assert [unpack_positions(value) for value in values] == [[1, 9], [SHORT_POSITION_LIMIT - 1]]
    assert values.positions() == array("I", [1, 9, SHORT_POSITION_LIMIT - 1]).tobytes()


def test_the_reader_needs_only_this_light_module():
    """Unpickling names searchkit.packed_blocks.unpack_block: it must import without numpy."""
    import subprocess
    import sys

    script = ("import pickle, sys; from searchkit import packed_blocks; "
              f"print(pickle.loads({packed([(1, [3])])!r})[2][0], 'numpy' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split()[-1] == "False"


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(postings, st.binary(max_size=30))
def test_the_parts_are_found_without_unpickling(found, before):
    data = packed(found)
    assert data.startswith(PACKED_PREFIX)
    head, positions = packed_parts(before + data + b"after", len(before))
    assert [list(column) for column in head_numbers(head)] == [list(column) for column in zip(*[
        (delta, len(places)) for delta, places in found])]
    counts = array("I", [len(places) for _, places in found]).tobytes()
    assert PackedValues(positions, counts).positions() == b"".join(pack_positions(places) for _, places in found)


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 2**24)), min_size=1, max_size=140),
       st.binary(max_size=30))
def test_a_counted_block_reads_back_as_whooshs_block_data_and_its_head_is_found(found, before):
    """A field without positions: Whoosh's fixed-size values are the counts, 4 big-endian bytes each."""
    deltas, counts = [delta for delta, _ in found], [count for _, count in found]
    data = counted_block_data(narrow_head(deltas, counts))
    ids, weights, values = pickle.loads(data)
    assert list(ids) == [delta for delta, _ in found]
    assert list(weights) == [float(count) for _, count in found]
    assert values == b"".join(count.to_bytes(4, "big") for _, count in found)
    assert data.startswith(COUNTED_PREFIX)
    assert [list(column) for column in head_numbers(counted_head(before + data + b"after", len(before)))] == [
        deltas, counts]


# Columns of numbers whose largest fits 1, 2 or 4 bytes: each width, and a mix of them in one head.
numbers = st.one_of(*(st.integers(0, 2**bits - 1) for bits in (8, 16, 32)))
columns = st.integers(1, 140).flatmap(lambda size: st.tuples(
    st.lists(numbers, min_size=size, max_size=size), st.lists(numbers, min_size=size, max_size=size)))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(columns)
def test_a_head_holds_each_column_in_the_width_its_largest_number_needs(column_pair):
    deltas, counts = column_pair
    head = narrow_head(deltas, counts)
    assert [list(column) for column in head_numbers(head)] == [deltas, counts]
    widths = [1 if largest < 256 else 2 if largest < 65536 else 4 for largest in (max(deltas[1:], default=0),
                                                                                  max(counts))]
    assert len(head) == 2 + 4 + widths[0] * (len(deltas) - 1) + widths[1] * len(counts)


def test_a_frequent_terms_head_takes_two_bytes_a_posting():
    """Small gaps and counts (a common term's) take a byte each; the first id is absolute, in 4 bytes."""
    head = narrow_head([70_000] + [3] * 511, [1, 2] * 256)
    assert len(head) == 2 + 4 + 511 + 512
