"""Posting blocks whose positions are stored apart from their ids and weights: scoring a term reads only those.

A Whoosh 3 posting block holds one pickled (ids, weights, values) tuple, compressed as a whole, so scoring a common
term decompresses every position of it (for 的 in 100,000 articles some 5 million) although it needs only ids and
frequencies. The bulk writer stores a large block of a positions field as a pickled call to unpack_block instead,
with two parts: a head (id deltas and frequencies) and the positions. The head holds each of its two columns in the
fewest bytes (1, 2 or 4) its largest number fits, not compressed: a common term's block takes 2 bytes a posting,
near what zlib made of its 8. Compressing the heads had cost 7 % of a one-process build of 4,000 articles (55.8 →
51.7 s without), for an index 3.4 % smaller (9 % at 100,000 articles: 2.50 against 2.73 times the corpus). Positions
below 65,536 (those of any article shorter than that) are stored as they are, in 2 bytes each, which is smaller than
zlib makes them in 4 (zlib was 14 % of an indexing process's time, the positions 40 % of it); larger ones are
compressed, in 4 bytes each. Unpickling, which Whoosh's reader does for every block it reads, reads the head; the
positions wait in a PackedValues sequence until a posting's value is asked for. The pickle is written by hand in one
fixed layout, so that block_reader can also take the two parts out of it directly, without unpickling. A large block
of a field without positions is packed the same way, with the head alone (unpack_counted_block): its ids and counts
then come out of the bytes too, where a plain block costs an unpickling of tuples.

This module is imported when such a block is unpickled, so it must stay light: no numpy.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from typing import NamedTuple

_LITTLE_ENDIAN = sys.byteorder == "little"


def _uint32s(raw: bytes) -> array:
    return _widened(raw, 4)


def _widened(raw: bytes, width: int) -> array:
    """Little-endian unsigned numbers of `width` bytes (1, 2 or 4) as an array of uint32."""
    numbers = array(_TYPECODES[width])
    numbers.frombytes(raw)
    if not _LITTLE_ENDIAN and width > 1:
        numbers.byteswap()
    return numbers if width == 4 else array("I", numbers)


_TYPECODES = {1: "B", 2: "H", 4: "I"}


# ---- heads: a block's id deltas and frequencies ---------------------------------------------------------------------
# Two bytes giving the widths of the deltas after the first and of the frequencies; the first delta (absolute: a
# document number) in 4 bytes; the other deltas; the frequencies. All little-endian.
HEAD_WIDTHS_SIZE, FIRST_DELTA_SIZE = 2, 4


def number_width(largest: int) -> int:
    """The fewest bytes (1, 2 or 4) an unsigned number up to `largest` fits."""
    return 1 if largest < 1 << 8 else 2 if largest < 1 << 16 else 4


def head_bytes(first_delta: bytes, delta_width: int, later_deltas: bytes, count_width: int, counts: bytes) -> bytes:
    """A head from its parts, already in their widths (the bulk writer cuts them from whole chunks)."""
    return b"".join((bytes((delta_width, count_width)), first_delta, later_deltas, counts))


def narrow_head(deltas: list[int], counts: list[int]) -> bytes:
    """The head of postings with these id deltas (the first absolute) and frequencies, one of each per posting."""
    delta_width, count_width = number_width(max(deltas[1:], default=0)), number_width(max(counts))
    return head_bytes(deltas[0].to_bytes(FIRST_DELTA_SIZE, "little"), delta_width,
                      b"".join(delta.to_bytes(delta_width, "little") for delta in deltas[1:]), count_width,
                      b"".join(count.to_bytes(count_width, "little") for count in counts))


LATER_DELTAS_AT = HEAD_WIDTHS_SIZE + FIRST_DELTA_SIZE  # where the deltas after the first start


class HeadLayout(NamedTuple):
    """What a head holds and where: its postings, the widths of its two columns and where the counts start."""

    postings: int
    delta_width: int
    count_width: int
    counts_at: int


def head_layout(head: bytes) -> HeadLayout:
    delta_width, count_width = head[0], head[1]
    postings = (len(head) - LATER_DELTAS_AT + delta_width) // (delta_width + count_width)
    return HeadLayout(postings, delta_width, count_width, LATER_DELTAS_AT + (postings - 1) * delta_width)


def head_numbers(head: bytes) -> tuple[array, array]:
    """The id deltas and the frequencies of a head, each an array of uint32."""
    layout = head_layout(head)
    deltas = _uint32s(head[HEAD_WIDTHS_SIZE:LATER_DELTAS_AT])
    deltas.extend(_widened(head[LATER_DELTAS_AT:layout.counts_at], layout.delta_width))
    return deltas, _widened(head[layout.counts_at:], layout.count_width)


def _little_endian_bytes(numbers: array) -> bytes:
    if not _LITTLE_ENDIAN:
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


# The first byte of a packed block's positions part: the positions as they are, 2 bytes each, or compressed, 4
# bytes each.
SHORT_POSITIONS, COMPRESSED_POSITIONS = 2, 4
SHORT_POSITION_LIMIT = 1 << 16


class PackedValues:
    """A block's postings' values (each posting's positions as packed little-endian uint32), unpacked and split
    on first use. packed: the block's positions part (the positions, one posting's after another's, short or
    compressed); counts_bytes: how many positions each posting has, one little-endian uint32 each. block_reader
    reads both without splitting."""

    __slots__ = ("packed", "counts_bytes", "_values")

    def __init__(self, packed: bytes, counts_bytes: bytes) -> None:
        self.packed, self.counts_bytes, self._values = packed, counts_bytes, None

    def stored_positions(self) -> tuple[bytes, int]:
        """Every posting's positions, one after another, as little-endian unsigned integers of the returned size
        in bytes (2 or 4)."""
        if self.packed[0] == SHORT_POSITIONS:
            return self.packed[1:], 2
        return zlib.decompress(self.packed[1:]), 4

    def positions(self) -> bytes:
        """Every posting's positions, one after another (4 bytes each, little-endian)."""
        raw, size = self.stored_positions()
        if size == 4:
            return raw
        wide = bytearray(2 * len(raw))  # each 2-byte number as 4 bytes, little-endian: copied by slices, in C
        wide[0::4], wide[1::4] = raw[0::2], raw[1::2]
        return bytes(wide)

    def counts(self) -> array:
        return _uint32s(self.counts_bytes)

    def _split(self) -> tuple[bytes, ...]:
        raw, values, start = self.positions(), [], 0
        for count in self.counts():
            values.append(raw[start:start + 4 * count])
            start += 4 * count
        self._values = tuple(values)
        return self._values

    def __getitem__(self, index):
        return (self._values or self._split())[index]

    def __len__(self) -> int:
        return len(self.counts_bytes) // 4

    def __iter__(self):
        return iter(self._values or self._split())


def unpack_block(head: bytes, positions: bytes) -> tuple[array, array, PackedValues]:
    """The (id deltas, weights, values) of a packed block, as Whoosh's reader takes a block's data."""
    deltas, counts = head_numbers(head)
    return deltas, array("f", counts), PackedValues(positions, _little_endian_bytes(counts))


def unpack_counted_block(head: bytes) -> tuple[array, array, bytes]:
    """The (id deltas, weights, values) of a packed block of a field without positions: its values are the
    counts as Whoosh's fixed-size values, 4 big-endian bytes each."""
    deltas, counts = head_numbers(head)
    big_endian = array("I", counts)
    if _LITTLE_ENDIAN:
        big_endian.byteswap()
    return deltas, array("f", counts), big_endian.tobytes()


# A packed block's data, written out by hand as protocol 5 opcodes (so readers that know the layout can find its
# parts without unpickling): the global unpack_block, the head and the positions as BINBYTES, TUPLE2, REDUCE, STOP.
# A field without positions has no positions part: unpack_counted_block, the head, TUPLE1, REDUCE, STOP.
def _prefix(function: bytes) -> bytes:
    module = __name__.encode("ascii")
    return b"".join((b"\x80\x05", b"\x8c", bytes([len(module)]), module, b"\x8c", bytes([len(function)]), function,
                     b"\x93"))


PACKED_PREFIX, COUNTED_PREFIX = _prefix(b"unpack_block"), _prefix(b"unpack_counted_block")
_BINBYTES, _SUFFIX, _COUNTED_SUFFIX = b"B", b"\x86R.", b"\x85R."


def packed_block_data(head: bytes, positions: bytes, size: int, level: int) -> bytes:
    """A block's pickled data, unpickling to unpack_block's tuple. head: its head (head_bytes); positions: theirs,
    one after another, as little-endian unsigned integers of `size` bytes: 2 (all below SHORT_POSITION_LIMIT) or 4,
    compressed at zlib level `level`."""
    if size == 2:
        packed = bytes((SHORT_POSITIONS,)) + positions
    else:
        packed = bytes((COMPRESSED_POSITIONS,)) + zlib.compress(positions, level)
    return b"".join((PACKED_PREFIX, _BINBYTES, len(head).to_bytes(4, "little"), head,
                     _BINBYTES, len(packed).to_bytes(4, "little"), packed, _SUFFIX))


def counted_block_data(head: bytes) -> bytes:
    """A block's pickled data for a field without positions, unpickling to unpack_counted_block's tuple."""
    return b"".join((COUNTED_PREFIX, _BINBYTES, len(head).to_bytes(4, "little"), head, _COUNTED_SUFFIX))


def counted_head(raw: bytes, start: int) -> bytes:
    """The head of the counted block data at raw[start:] (it starts with COUNTED_PREFIX)."""
    at = start + len(COUNTED_PREFIX) + 1
    return raw[at + 4:at + 4 + int.from_bytes(raw[at:at + 4], "little")]


def packed_parts(raw: bytes, start: int) -> tuple[bytes, bytes]:
    """The head and the positions part (PackedValues.packed) of the packed block data at raw[start:]
    (it starts with PACKED_PREFIX)."""
    at = start + len(PACKED_PREFIX) + 1
    size = int.from_bytes(raw[at:at + 4], "little")
    head = raw[at + 4:at + 4 + size]
    at += 4 + size + 1
    return head, raw[at + 4:at + 4 + int.from_bytes(raw[at:at + 4], "little")]
