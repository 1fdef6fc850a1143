"""Write a Whoosh segment's postings in bulk: documents' postings buffered as arrays, sorted in runs, written term by term.

Whoosh's own writer turns every posting into a tuple, pickles it into sorted runs on disk and merges them back
one posting at a time: about 10 µs of Python per posting, and an article has thousands. BulkSegmentWriter takes
each bulk field's postings as numpy arrays (postings.py), keeps them in memory up to a budget and then sorts them
into a compact run on disk (about 60 kB per article), and at the end merges the runs chunk by chunk, writing each
term's posting blocks in Whoosh 3's own format. The per-posting work left is a slice of bytes; what remains per
term and per block (pickling a block, one entry in the terms table) runs in C.

Fields without a bulk analysis (ids, dates, facets) and segments merged in with add_reader go through Whoosh's
posting pool as usual; postings a merged segment brings for a bulk field are moved into that field's runs.
"""

from __future__ import annotations

import gc
import pickle
import struct
from array import array
from dataclasses import dataclass
from itertools import groupby

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.filedb import filetables
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import _length_byte_cache
from whoosh.util.numlists import GrowableArray
from whoosh.writing import SegmentWriter

from searchkit.packed_blocks import (
    FIRST_DELTA_SIZE, SHORT_POSITION_LIMIT, counted_block_data, head_bytes, number_width, packed_block_data)
from searchkit.posting_runs import Chunk, FieldBuffer, MergedRuns
from searchkit.process_memory import give_back_freed_memory, map_large_blocks
from searchkit.postings import forget_memoised_analysis

# Postings per block; Whoosh 3 writes 128. Reading a block costs the array path some 20 µs whatever its size (finding
# its parts, a decompression, a few objects): 的 in 100,000 articles was 780 blocks of 128 in each of two fields.
# Whoosh's matchers, which take the light queries, read a block whole too, and skip little at these sizes.
BLOCK_POSTINGS = 512  # of every field: the bulk fields here, the others through Whoosh's writer (BulkCodec)
PACKED_MIN_POSTINGS = 16  # smaller blocks of positions fields stay plain: packed data costs some 60 bytes more
# Whoosh pickles a block's data with protocol 2, which stores each bytes value (a posting's positions) as a call to
# codecs.encode on a latin-1 string; protocol 5 stores raw bytes. Measured on blocks of a generated corpus: 980 →
# 553 bytes before compression (456 → 223 after), 9.4 → 1.7 µs to pickle and 9.1 → 2.7 µs to unpickle. Whoosh's
# reader unpickles any protocol.
_DATA_PICKLE_PROTOCOL = 5
# Postings held in memory before they are sorted into a run on disk. 16 MB. At 20,000 articles on two workers,
# 48 -> 32 MB took the summed peak from 591 to 556 MB and 32 -> 24 MB from 581 to 523 MB (largest process 315 -> 286
# -> 261 MB), in the same build time within 0.5 % (benchmarks/results/ab-20000-buffer-*.json). 24 -> 20 MB, once
# jieba-rs's dictionary (33 MB, kept to the end) had replaced jieba's trie (12 MB, emptied before the merge): at
# 10,000 articles 472 -> 434 MB (largest process 222 -> 212 MB), in 75.1 and 74.2 s (measured by hand, one each).
# 20 -> 16 MB, measured with a 1 MB mapping threshold (process_memory.MAPPED_BLOCK_BYTES, since put back), with
# which 100,000 articles peaked at 599.5 MB: at 10,000 articles 441.6 -> 406.2 MB (largest process 211.1 -> 199.8
# MB), in 62.9 and 62.7 s (one each; the summed peak of one build scatters by some 20 MB from run to run). With 16 MB
# and the 128 kB threshold 100,000 articles peaked at 595.8 MB (benchmarks/results/run-100000.json).
BUFFER_BYTES = 16 * 1024 * 1024
# From this many documents the analysers' caches are emptied before a segment's merge (postings.
# forget_memoised_analysis). At 5,000 documents in one process the merge peaked above the adding, 221 MB against 204,
# and 190 MB with the caches emptied (measured by hand); they take a few seconds to fill again, so small segments,
# whose merge is short and small, keep them.
FORGET_CACHES_FROM_DOCUMENTS = 4_000
_LENGTH_BYTES = np.array(_length_byte_cache, dtype=np.int64)
_ENTRY_LENGTHS = struct.Struct("!ii")  # filetables' key and value lengths before each entry
_CRC32_HASH = 1  # filetables._hash_functions[1]: crc_hash
_POINTER = struct.Struct("!Iq")  # filetables' hash table slot: hash value, entry position


def length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's one-byte encoding of field lengths (whoosh.util.numeric.length_to_byte), for an array."""
    return np.minimum(np.searchsorted(_LENGTH_BYTES, lengths, side="left"), 255).astype(np.uint8)


@dataclass(frozen=True)
class _ChunkTables:
    """What a chunk's posting blocks and term infos are made of, as Python lists (built with numpy).

    blocks: (start, end, last id, max count, min count, min length byte, max length byte, largest delta after the
    first) per block of at most BLOCK_POSTINGS postings of one term; terms: (key, start, end, weight, max weight,
    min length byte, max length byte, first id, last id) per term; deltas: each posting's id minus the previous
    one's, absolute at a block's start (Whoosh's delta_encode per block)."""

    blocks: list[tuple]
    terms: list[tuple]
    deltas: list[int]
    weights: list[float]
    delta_numbers: np.ndarray  # the deltas as an array, whose bytes packed heads are cut from (deltas: as a list,
    # which plain blocks slice into tuples faster)


def _chunk_tables(chunk: Chunk, length_of_doc: np.ndarray) -> _ChunkTables:
    keys, counts, size = chunk.keys, chunk.counts, len(chunk.keys)
    ids = chunk.docs.astype(np.int64)
    term_starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    term_ends = np.append(term_starts[1:], size)
    within_term = np.arange(size) - np.repeat(term_starts, term_ends - term_starts)
    block_starts = np.flatnonzero(within_term % BLOCK_POSTINGS == 0)
    block_ends = np.append(block_starts[1:], size)
    deltas = ids.copy()
    deltas[1:] -= ids[:-1]
    deltas[block_starts] = ids[block_starts]
    lengths = length_of_doc[chunk.docs]
    later_deltas = deltas.copy()
    later_deltas[block_starts] = 0

    def per(starts: np.ndarray, reduce, values: np.ndarray) -> list:
        return reduce.reduceat(values, starts).tolist()

    blocks = zip(block_starts.tolist(), block_ends.tolist(), ids[block_ends - 1].tolist(),
                 per(block_starts, np.maximum, counts), per(block_starts, np.minimum, counts),
                 per(block_starts, np.minimum, lengths), per(block_starts, np.maximum, lengths),
                 per(block_starts, np.maximum, later_deltas))
    terms = zip(keys[term_starts].tolist(), term_starts.tolist(), term_ends.tolist(),
                per(term_starts, np.add, counts.astype(np.float64)), per(term_starts, np.maximum, counts),
                per(term_starts, np.minimum, lengths), per(term_starts, np.maximum, lengths),
                ids[term_starts].tolist(), ids[term_ends - 1].tolist())
    return _ChunkTables(list(blocks), list(terms), deltas.tolist(), counts.astype(np.float64).tolist(),
                        deltas)


class CompactTermsTable(filetables.OrderedHashWriter):
    """Whoosh's terms table (an ordered on-disk hash) with its in-memory hash buckets kept as arrays: 12 bytes a
    term instead of a tuple of two ints (about 120 bytes), which for the millions of distinct terms of a large
    segment was hundreds of MB. Keys are hashed with CRC-32 (zlib's, in C), which Whoosh's readers take from the
    file's header as they do MD5, its default (0.49 µs a term in Python against 0.07)."""

    def __init__(self, dbfile) -> None:  # OrderedHashWriter.__init__, with the CRC-32 hash rather than MD5
        filetables.HashWriter.__init__(self, dbfile, hashtype=_CRC32_HASH)
        self.index = GrowableArray("H")
        self.lastkey = b""
        self.buckets = [(array("I"), array("q")) for _ in range(256)]  # hash values, positions of the entries

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        position = self.dbfile.tell()
        self.index.append(position)
        self.dbfile.write(_ENTRY_LENGTHS.pack(len(key), len(value)) + key + value)
        hashed = self.hashfn(key)
        hashes, positions = self.buckets[hashed & 255]
        hashes.append(hashed)
        positions.append(position)
        self.lastkey = key

    def _write_hashes(self) -> None:
        """HashWriter._write_hashes over the arrays: per bucket a table of twice as many slots, linear probing."""
        for hashes, positions in self.buckets:
            slots = 2 * len(hashes)
            self.directory.append((self.dbfile.tell(), slots))
            table_hashes, table_positions = [0] * slots, [0] * slots
            for hashed, position in zip(hashes, positions):
                slot = (hashed >> 8) % slots
                while table_positions[slot]:  # no entry sits at position 0 (the file starts with a header)
                    slot = (slot + 1) % slots
                table_hashes[slot], table_positions[slot] = hashed, position
            self.dbfile.write(b"".join(map(_POINTER.pack, table_hashes, table_positions)))


def _term_entry(offset: int, size: int, postings: int, weight: float, max_weight: int, min_length: int,
                max_length: int, first_id: int, last_id: int) -> bytes:
    """A term's entry in the terms table: Whoosh 3's term info, then where its postings are and their size."""
    info = W3TermInfo._struct.pack(0, weight, postings, min_length, max_length, max_weight, first_id, last_id)
    return info + pack_long(offset) + pack_int(size)


def _joined(before: tuple, later: tuple) -> tuple:
    """The _term_entry arguments of a term written in two parts (one chunk's last term, the next one's first)."""
    return (before[0], before[1] + later[1], before[2] + later[2], before[3] + later[3], max(before[4], later[4]),
            min(before[5], later[5]), max(before[6], later[6]), before[7], later[8])


class BulkFieldWriter(W3FieldWriter):
    """Whoosh 3's field writer, plus writing a chunk of a bulk field's terms straight in its posting block format
    (what W3PostingsWriter writes one posting at a time, but the data pickled with protocol 5; tests compare what
    Whoosh reads back, block by block). Its terms table is a CompactTermsTable."""

    def __init__(self, codec, storage, segment) -> None:
        super().__init__(codec, storage, segment)
        plain = self._tindex  # replaced before it holds anything: its header is written again in place
        plain.dbfile.seek(plain.startoffset)
        self._tindex = CompactTermsTable(plain.dbfile)
        self._tindex.extras["fieldmap"] = self._fieldmap
        self._open_term: tuple | None = None  # _term_entry arguments of the part of a term the last chunk wrote

    def add_chunk(self, merged: MergedRuns, chunk: Chunk, length_of_doc: np.ndarray) -> None:
        """Write every term of the chunk (start_field first); length_of_doc: each document's length byte. The
        chunk's first term may go on with the last chunk's, and its last term may go on in the next chunk."""
        tables = _chunk_tables(chunk, length_of_doc)
        values = _ChunkValues(chunk, tables.delta_numbers)
        blocks = iter(tables.blocks)
        offset = self._postfile.tell()
        last = len(tables.terms) - 1
        for number, (key, start, end, *statistics) in enumerate(tables.terms):
            continues, goes_on = number == 0 and chunk.continues_term, number == last and chunk.goes_on
            written = [] if continues else [WHOOSH3_HEADER_MAGIC]
            while True:  # the term's blocks, the last one marked
                block = next(blocks)
                written.append(self._block_bytes(block, block[1] == end and not goes_on, tables, values))
                if block[1] == end:
                    break
            postings = b"".join(written)
            self._postfile.write(postings)
            entry = (offset, len(postings), end - start, *statistics)
            if continues:
                entry, self._open_term = _joined(self._open_term, entry), None
            if goes_on:
                if (end - start) % BLOCK_POSTINGS:  # the next part's first block would not start a block
                    raise ValueError(f"a term cut after {end - start} postings, not whole blocks")
                self._open_term = entry
            else:
                self._tindex.add(pack_ushort(self._fieldid) + merged.term_bytes(key), _term_entry(*entry))
            offset += len(postings)

    def _block_bytes(self, block: tuple, last: bool, tables: _ChunkTables, values: "_ChunkValues") -> bytes:
        """One posting block: its length (negative for a term's last block), its pickled info, its pickled data
        (packed data for large blocks, else Whoosh's (ids, weights, values) tuple)."""
        start, end, last_id, max_count, min_count, min_length, max_length, later_delta = block
        if end - start >= PACKED_MIN_POSTINGS:
            data = values.packed(start, end, later_delta, max_count, self._codec._compression)
        else:
            data = self._plain_data(start, end, max_count, min_count, tables, values)
        # Whoosh's compression of the data: 0, none (packed data packs its own parts; see _plain_data)
        info = pickle.dumps((end - start, last_id, float(max_count), 0, min_length, max_length), 2)
        size = len(info) + len(data)
        return b"".join((pack_int(-size if last else size), info, data))

    def _plain_data(self, start: int, end: int, max_count: int, min_count: int, tables: _ChunkTables,
                    values: "_ChunkValues") -> bytes:
        """Whoosh 3's block data, not compressed. A plain block holds fewer than
        PACKED_MIN_POSTINGS postings: compressing them took 0.5 of 18 s of indexing 1,000 articles in one process
        and saved 2.4 of 74 MB (Whoosh's writer compresses blocks of 80 bytes or more)."""
        if max_count == 1:  # Whoosh's _mini_weights: None when all are 1.0, one float when all are equal
            weights = None
        elif max_count == min_count:
            weights = float(max_count)
        else:
            weights = tuple(tables.weights[start:end])
        data = pickle.dumps((tuple(tables.deltas[start:end]), weights, values.plain(start, end)),
                            _DATA_PICKLE_PROTOCOL)
        return data


class _ChunkValues:
    """A chunk's posting values as blocks store them. Frequency fields: each posting's frequency as 4 big-endian
    bytes, joined (Whoosh's fixed-size values). Positions fields: a posting's positions as packed little-endian
    uint32, one bytes object per posting in a plain block, all of a block's together in packed data. Packed
    blocks' heads are cut from the chunk's id deltas and counts in each width a block asks for."""

    def __init__(self, chunk: Chunk, deltas: np.ndarray) -> None:
        self.positions = chunk.positions
        self.deltas, self.counts = _Widths(deltas), _Widths(chunk.counts)
        if chunk.positions is None:
            self.joined = chunk.counts.astype(">u4").tobytes()
            return
        self.positions_bytes = chunk.positions.astype("<u4", copy=False).tobytes()
        ends = chunk.starts + chunk.counts
        self.offsets = (np.concatenate(([0], ends)) * 4).tolist()  # posting i's bytes: [offsets[i], offsets[i + 1])
        # Packed blocks store positions in 2 bytes each when they can (packed_blocks.py): every block of the chunk
        # then can, and takes its part of a 2-byte copy (offsets halved).
        self.packed_size = 2 if chunk.positions.max(initial=0) < SHORT_POSITION_LIMIT else 4
        self.packed_bytes = (self.positions_bytes if self.packed_size == 4 else
                             chunk.positions.astype("<u2").tobytes())

    def plain(self, start: int, end: int):
        if self.positions is None:
            return self.joined[4 * start:4 * end]
        whole, offsets = self.positions_bytes, self.offsets
        return tuple(whole[offsets[i]:offsets[i + 1]] for i in range(start, end))

    def packed(self, start: int, end: int, largest_later_delta: int, largest_count: int, level: int) -> bytes:
        """Postings [start, end) as packed block data, their deltas after the first and their counts each in the
        width its largest (given: the block's statistics) needs."""
        delta_width, count_width = number_width(largest_later_delta), number_width(largest_count)
        head = head_bytes(self.deltas.cut(FIRST_DELTA_SIZE, start, start + 1), delta_width,
                          self.deltas.cut(delta_width, start + 1, end), count_width,
                          self.counts.cut(count_width, start, end))
        if self.positions is None:
            return counted_block_data(head)
        first, last = self.offsets[start] * self.packed_size // 4, self.offsets[end] * self.packed_size // 4
        return packed_block_data(head, self.packed_bytes[first:last], self.packed_size, level)


class _Widths:
    """A chunk's column of unsigned numbers as little-endian bytes of each width asked for (1, 2 or 4), made once
    per width; a block takes the slice of its numbers (which fit the width it asks for)."""

    def __init__(self, numbers: np.ndarray) -> None:
        self.numbers, self.copies = numbers, {}

    def cut(self, width: int, start: int, end: int) -> bytes:
        copy = self.copies.get(width)
        if copy is None:
            copy = self.copies[width] = self.numbers.astype(f"<u{width}").tobytes()
        return copy[width * start:width * end]


# ---- the segment writer ---------------------------------------------------------------------------------------------

class BulkCodec(W3Codec):
    """Whoosh 3's codec with the bulk field writer. Its segments name Whoosh's own codec, which reads them: the
    table of contents pickles a segment's codec, and searching must not import this module (nor numpy)."""

    def field_writer(self, storage, segment):
        return BulkFieldWriter(self, storage, segment)

    def new_segment(self, storage, indexname):
        return W3Codec().new_segment(storage, indexname)


class BulkSegmentWriter(SegmentWriter):
    """A SegmentWriter whose bulk fields (analyses: field name → BulkAnalysis) skip Whoosh's posting pool.

    Documents carry no boosts, vectors or custom stored values (searchkit's schema uses none)."""

    def __init__(self, ix, analyses: dict, buffer_bytes: int = BUFFER_BYTES, **kwargs) -> None:
        map_large_blocks()
        super().__init__(ix, codec=BulkCodec(blocklimit=BLOCK_POSTINGS), **kwargs)  # the other fields' blocks too
        self.analyses = analyses
        self.buffer_bytes = buffer_bytes
        self._create_every_column()
        self.buffers = {name: FieldBuffer(name, analysis.grams, analysis.with_positions)
                        for name, analysis in analyses.items()}
        self._spills = 0

    def _create_every_column(self) -> None:
        """Give the segment every sortable field's column, a document without a value holding the default.
        Whoosh reads a column across segments by skipping the segments that lack it, and then looks up their
        documents in the segment before: an index updated with articles that have no date broke sorting."""
        perdoc = self.perdocwriter
        for name, field in sorted(self.schema.items()):
            if field.column_type and not perdoc._has_column(name):
                perdoc._create_column(name, field.column_type)

    def add_document(self, **fields) -> None:
        self._check_state()
        names = sorted(name for name, value in fields.items() if value is not None)
        self._check_fields(self.schema, names)
        docnum, perdoc = self.docnum, self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in names:
                field, value = self.schema[name], fields[name]
                length = self._add_postings(name, field, docnum, value) if field.indexed else 0
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except ValueError:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
        if sum(buffer.buffered_bytes for buffer in self.buffers.values()) > self.buffer_bytes:
            self._spill()

    def _add_postings(self, name: str, field, docnum: int, value) -> int:
        """Add a field's postings; return the field length for scoring."""
        if name in self.buffers:
            buffer = self.buffers[name]
            postings = self.analyses[name].postings(value, buffer.vocabulary)
            buffer.add(docnum, postings)
            return postings.length
        length = 0
        for term, frequency, weight, encoded in field.index(value):
            length += frequency
            self.pool.add((name, term, docnum, weight, encoded))
        return length if field.scorable else 0

    def _spill(self) -> None:
        for buffer in self.buffers.values():
            buffer.spill(self._tempstorage.folder, f"{self.newsegment.segment_id()}.{self._spills}")
        self._spills += 1

    def add_postings_to_pool(self, reader, startdoc, docmap) -> None:
        """A merged segment's postings: bulk fields become runs of their own, others go to Whoosh's pool."""
        items = self._process_posts(reader.iter_postings(), startdoc, docmap)
        for name, postings in groupby(items, key=lambda item: item[0]):
            if name not in self.buffers:
                for item in postings:
                    self.pool.add(item)
                continue
            buffer, decode = self.buffers[name], self.schema[name].format
            terms, docs, counts, positions = [], [], [], []
            for _, term, docnum, _, encoded in postings:
                terms.append(term)
                docs.append(docnum)
                if buffer.with_positions:
                    found = decode.decode_positions(encoded)
                    counts.append(len(found))
                    positions.extend(found)
                else:
                    counts.append(decode.decode_frequency(encoded))
            buffer.add_merged(terms, docs, counts, positions)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self._spill()  # the last buffered postings go to disk too, so no field's run waits in memory while
        # another field is merged (that held up to the whole buffer, plus a sorted run, through the merge)
        if self.docnum >= FORGET_CACHES_FROM_DOCUMENTS:
            forget_memoised_analysis()  # 25-30 MB of a merge's peak at 5,000 articles
            gc.collect()
        give_back_freed_memory()
        lengths = self.per_document_reader()
        pending = sorted(self.buffers)
        for name, postings in groupby(self.pool.iter_postings(), key=lambda item: item[0]):
            while pending and pending[0] < name:
                self._write_bulk_field(pending.pop(0), lengths)
            self.fieldwriter.add_postings(self.schema, lengths, postings)
        for name in pending:
            self._write_bulk_field(name, lengths)
        self.fieldwriter.close()
        lengths.close()

    def _write_bulk_field(self, name: str, lengths) -> None:
        buffer = self.buffers[name]
        runs = buffer.runs  # all on disk (the last buffer was spilled), or brought by a merged segment
        if not runs:
            return
        field_length = lengths.doc_field_length_reader(name)  # None or 0 where a document lacks the field
        length_of_doc = length_bytes(np.fromiter((field_length(docnum) or 0 for docnum in range(self.docnum)),
                                                 dtype=np.int64, count=self.docnum))
        merged = MergedRuns(runs, buffer.grams, buffer.with_positions, term_step=BLOCK_POSTINGS)
        self.fieldwriter.start_field(name, self.schema[name])
        for chunk in merged.chunks():
            self.fieldwriter.add_chunk(merged, chunk, length_of_doc)
        self.fieldwriter.finish_field()
        buffer.runs = []
        give_back_freed_memory()

    def _close_segment(self) -> None:
        super()._close_segment()
        prefix = f"{self.newsegment.segment_id()}."
        for name in self._tempstorage.list():
            if name.startswith(prefix) and name.endswith(".run"):
                self._tempstorage.delete_file(name)
