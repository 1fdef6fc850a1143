"""The postings format of fields with positions: positions packed as little-endian 32-bit integers.

Whoosh's Positions format pickles each posting's position deltas; reading them back means unpickling and summing
in Python. PackedPositions stores one uint32 per occurrence, so frequency is the value's length and positions
come back with one array conversion. Bulk segment writers (segment_writer.py) write the same bytes.
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from typing import Iterable

from whoosh.formats import Positions, tokens

_LITTLE_ENDIAN = sys.byteorder == "little"


def pack_positions(positions: Iterable[int]) -> bytes:
    packed = array("I", positions)
    if not _LITTLE_ENDIAN:
        packed.byteswap()
    return packed.tobytes()


def unpack_positions(value: bytes) -> list[int]:
    unpacked = array("I")
    unpacked.frombytes(value)
    if not _LITTLE_ENDIAN:
        unpacked.byteswap()
    return unpacked.tolist()


class PackedPositions(Positions):
    """Positions stored as packed little-endian uint32 (one per occurrence): frequency, weight and positions.

    uncounted_prefix: terms starting with it (the English pair terms) are indexed and scored like any other, but
    do not count towards the document's field length, so BM25's length normalisation sees the words only.
    """

    def __init__(self, field_boost: float = 1.0, uncounted_prefix: str | None = None, **options) -> None:
        super().__init__(field_boost=field_boost, **options)
        self.uncounted_prefix = uncounted_prefix

    def word_values(self, value, analyzer, **kwargs):
        positions = defaultdict(list)
        kwargs["positions"] = True
        for token in tokens(value, analyzer, kwargs):
            positions[token.text].append(token.pos)
        uncounted = self.uncounted_prefix
        for term, found in positions.items():  # Whoosh's writer adds the second value to the field length
            counted = 0 if uncounted and term.startswith(uncounted) else len(found)
            # ascending, as the bulk writer stores them: a joined hyphenated word comes after the token its last
            # part ends in, and may also occur later as a plain word (é-é.é: e, e.e as ee, then e-e as ee at 0)
            yield term, counted, len(found) * self.field_boost, pack_positions(sorted(found))

    def encode(self, poslist) -> bytes:
        return pack_positions(poslist)

    def decode_positions(self, value: bytes) -> list[int]:
        return unpack_positions(value)

    def decode_frequency(self, value: bytes) -> int:
        return len(value) // 4

    def decode_weight(self, value: bytes) -> float:
        return len(value) // 4 * self.field_boost

    def decode_position_boosts(self, value: bytes) -> list[tuple[int, float]]:
        return [(position, 1.0) for position in unpack_positions(value)]

    def combine(self, values) -> bytes:
        return pack_positions(sorted({position for value in values for position in unpack_positions(value)}))
