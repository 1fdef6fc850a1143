"""BulkSegmentWriter writes what Whoosh's own writer writes (as Whoosh reads it back: terms, term statistics,
posting blocks and postings), whatever the runs and chunks it goes through."""

from __future__ import annotations

import pickle
from array import array
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from searchkit import block_reader, posting_runs, run_ranks, segment_writer
from searchkit.packed_blocks import counted_head, number_width, packed_parts
from searchkit.schema import bulk_analyses
from searchkit.segment_writer import BulkSegmentWriter

from conftest import build_whoosh_index, cut_documents


def postings_of(folder: Path) -> dict:
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        found = {}
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            matcher = reader.postings(field, term)
            items = []
            while matcher.is_active():  # each posting, and the statistics of the block it is in
                items.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_max_id(),
                              matcher.block_max_weight(), matcher.block_min_length(), matcher.block_max_length()))
                matcher.next()
            found[field, term] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                  info.max_weight(), info.min_id(), info.max_id(), items)
        return found


def lengths_of(folder: Path) -> dict:
    """Each document's length in each scorable field (English: words only, not pair terms)."""
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        return {field: [reader.doc_field_length(doc, field) for doc in reader.all_doc_ids()]
                for field in sorted(reader.schema.scorable_names())}


_LIMIT = segment_writer.SHORT_POSITION_LIMIT


@pytest.mark.parametrize("buffer_bytes, chunk_postings, chunk_positions, block_postings, short_limit",
                         [(1 << 30, 1 << 18, 1 << 30, segment_writer.BLOCK_POSTINGS, _LIMIT),
                          (20_000, 64, 1 << 30, 64, _LIMIT), (20_000, 1 << 18, 300, 64, 50)])
def test_bulk_segment_equals_whooshs_own(tmp_path, seed_articles, monkeypatch, buffer_bytes, chunk_postings,
                                         chunk_positions, block_postings, short_limit):
    """Whoosh's writer given the same block size. Also with many runs on disk, their ranks read back 5 at a time,
    with chunks that cut terms (chunk_positions 300: a term with more positions goes on over chunks), with blocks
    small enough that common terms have several, and with positions that do not all fit in 2 bytes (a limit of
    50: chunks holding larger ones are compressed)."""
    monkeypatch.setattr(segment_writer, "BLOCK_POSTINGS", block_postings)
    monkeypatch.setattr(segment_writer, "SHORT_POSITION_LIMIT", short_limit)
    sizes, packed = [], segment_writer._ChunkValues.packed

    def recording_size(self, *arguments):
        if self.positions is not None:  # a positions field's block
            sizes.append(self.packed_size)
        return packed(self, *arguments)

    monkeypatch.setattr(segment_writer._ChunkValues, "packed", recording_size)
    monkeypatch.setattr(posting_runs, "CHUNK_POSTINGS", chunk_postings)
    monkeypatch.setattr(run_ranks, "WINDOW", 5 if buffer_bytes < 1 << 30 else run_ranks.WINDOW)  # runs on disk
    monkeypatch.setattr(posting_runs, "CHUNK_POSITIONS", chunk_positions)
    cuts, add_chunk = [], segment_writer.BulkFieldWriter.add_chunk

    def recording(self, merged, chunk, length_of_doc):
        cuts.append((chunk.continues_term, chunk.goes_on))
        add_chunk(self, merged, chunk, length_of_doc)

    monkeypatch.setattr(segment_writer.BulkFieldWriter, "add_chunk", recording)
    docs = cut_documents(seed_articles, 180)  # common terms still fill several blocks of 64 and cut over chunks
    whoosh_made = build_whoosh_index(tmp_path / "whoosh", docs,
                                     lambda ix: SegmentWriter(ix, codec=W3Codec(blocklimit=block_postings)))
    bulk_made = build_whoosh_index(tmp_path / "bulk", docs,
                      lambda ix: BulkSegmentWriter(ix, bulk_analyses(), buffer_bytes=buffer_bytes))
    cutting = chunk_positions == 300
    assert any(goes_on for _, goes_on in cuts) == cutting
    assert ((True, True) in cuts) == cutting  # a term over three chunks or more: one chunk both goes on and continues
    expected = postings_of(whoosh_made)
    assert max(len(items) for *_, items in expected.values()) > 2 * block_postings or block_postings > 64
    assert postings_of(bulk_made) == expected
    assert lengths_of(bulk_made) == lengths_of(whoosh_made)
    assert not [path for path in bulk_made.rglob("*.run*")]  # the runs and their ranks are gone
    assert set(sizes) == ({2, 4} if short_limit == 50 else {2})


def test_joined_hyphenated_words_are_written_as_whoosh_writes_them(tmp_path):
    """The joined word sits at its first part's position, counts in the field length, pairs with nothing, and
    keeps a term's positions in order where it also occurs as a plain word, before and after."""
    text = ("Cooperation of the co-operation, the Kai-shek's men and anti-Japanese war; cooperation in 1950-1955 "
            "at o'clock-tower; co-operation again.")
    docs = [{"id": "a", "body_en": text}, {"id": "b", "body_en": "No hyphen here, only cooperation."}]
    whoosh_made = build_whoosh_index(tmp_path / "whoosh", docs, lambda ix: SegmentWriter(ix, codec=W3Codec()))
    bulk_made = build_whoosh_index(tmp_path / "bulk", docs, lambda ix: BulkSegmentWriter(ix, bulk_analyses()))
    written = postings_of(bulk_made)
    assert written == postings_of(whoosh_made)
    assert lengths_of(bulk_made) == lengths_of(whoosh_made)
    terms = {term for field, term in written if field == "body_en"}
    assert {b"cooper", b"kaishek", b"antijapanes"} <= terms and not {b"19501955", b"clocktow"} & terms
    with whoosh_index.open_dir(str(bulk_made)).reader() as reader:
        assert list(reader.postings("body_en", "cooper").items_as("positions"))[0] == (0, [0, 3, 13, 20])


def test_the_terms_table_hashes_with_crc32_and_whoosh_finds_every_term(tmp_path, seed_articles):
    """The header names CRC-32 (Whoosh's hash type 1), and Whoosh's reader finds each term by its hash, and no
    term that is not there."""
    folder = build_whoosh_index(tmp_path / "bulk", cut_documents(seed_articles, 180),
                                lambda ix: BulkSegmentWriter(ix, bulk_analyses()))
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        assert reader._terms._tindex.hashtype == 1  # the table's header, as Whoosh's reader read it
        terms = list(reader.all_terms())
        assert len(terms) > 1000
        assert all((field, term) in reader and (field, term + b"\x00") not in reader for field, term in terms)


def test_the_merge_reads_every_run_from_disk(tmp_path, seed_articles, monkeypatch):
    """The postings still buffered when the segment is written are spilled first: no field's run (nor the
    unsorted postings of the fields after it) waits in memory through another field's merge."""
    merged_runs = []
    original = posting_runs.MergedRuns.__init__

    def recording(self, runs, *args, **options):
        merged_runs.extend(runs)
        original(self, runs, *args, **options)

    monkeypatch.setattr(posting_runs.MergedRuns, "__init__", recording)
    build_whoosh_index(tmp_path / "bulk", cut_documents(seed_articles, 40),
                       lambda ix: BulkSegmentWriter(ix, bulk_analyses(), buffer_bytes=1 << 30))
    assert merged_runs and all(isinstance(run, posting_runs.RunFile) for run in merged_runs)


def test_the_analysers_caches_are_empty_while_the_postings_are_merged(tmp_path, seed_articles, monkeypatch):
    """They would only add to the merge's peak memory; the index written is still Whoosh's own (above)."""
    from searchkit import analysis, lexicon

    cache_sizes, add_chunk = [], segment_writer.BulkFieldWriter.add_chunk

    def recording(self, merged, chunk, length_of_doc):
        cache_sizes.append(analysis._english_term.cache_info().currsize + lexicon.light_stem.cache_info().currsize)
        add_chunk(self, merged, chunk, length_of_doc)

    monkeypatch.setattr(segment_writer.BulkFieldWriter, "add_chunk", recording)
    monkeypatch.setattr(segment_writer, "FORGET_CACHES_FROM_DOCUMENTS", 40)  # a large segment
    docs = cut_documents(seed_articles, 40)
    writer_of = lambda ix: BulkSegmentWriter(ix, bulk_analyses(), buffer_bytes=1 << 30)  # noqa: E731
    build_whoosh_index(tmp_path / "bulk", docs, writer_of)
    assert cache_sizes and set(cache_sizes) == {0}
    assert analysis._english_term.cache_info().currsize == 0  # nothing analysed them since
    build_whoosh_index(tmp_path / "smaller", docs[:39], writer_of)
    assert analysis._english_term.cache_info().currsize > 0  # a small segment's merge keeps them


def test_a_merged_segment_keeps_every_posting(tmp_path, seed_articles):
    """Segments merged in by add_reader (an incremental update) bring their bulk postings along."""
    docs = cut_documents(seed_articles, 60)
    folder = tmp_path / "bulk"
    build_whoosh_index(folder, docs[:30], lambda ix: BulkSegmentWriter(ix, bulk_analyses(), buffer_bytes=5_000))
    ix = whoosh_index.open_dir(str(folder))
    writer = BulkSegmentWriter(ix, bulk_analyses(), buffer_bytes=5_000)
    for document in docs[30:]:
        writer.add_document(**document)
    writer.commit(optimize=True)  # one segment: the first one merged into the new one
    assert len(whoosh_index.open_dir(str(folder))._segments()) == 1
    expected = build_whoosh_index(tmp_path / "whoosh", docs[30:] + docs[:30],
                                  lambda ix: SegmentWriter(ix, codec=W3Codec(blocklimit=segment_writer.BLOCK_POSTINGS)))
    assert postings_of(folder) == postings_of(expected)


def test_searching_imports_neither_the_writer_nor_numpy(seed_index_dir):
    """The table of contents names Whoosh's own codec, so a cold search does not pay for numpy's import (nor,
    through the lexicon cache's file names, for importlib.metadata's)."""
    import subprocess
    import sys

    script = ("import sys; from searchkit import Index; index = Index.open(sys.argv[1]); "
              "index.search('劳动模范 OR labor'); "
              "print(sorted(name for name in ('numpy', 'searchkit.segment_writer', 'searchkit.postings', "
              "'importlib.metadata') if name in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", script, str(seed_index_dir)], capture_output=True, text=True,
                               timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


@pytest.mark.parametrize("with_positions", [True, False])
def test_packed_heads_take_the_width_each_blocks_numbers_need(with_positions):
    """Three terms' blocks of 20 postings: gaps and counts of 1, 2 and 4 bytes. Each block reads back (through
    unpickling, as Whoosh reads it, and through block_reader) as the deltas and counts it was cut from."""
    docs = np.concatenate([np.arange(5, 25), np.arange(0, 300 * 20, 300), np.arange(0, 70_000 * 20, 70_000)])
    counts = np.concatenate([np.full(20, 3), np.full(20, 300), np.full(20, 70_000)]).astype(np.uint32)
    keys = np.repeat(np.arange(3, dtype=np.uint64), 20)
    starts = np.cumsum(counts, dtype=np.int64) - counts
    positions = np.arange(int(counts.sum()), dtype=np.uint32) % 1000 if with_positions else None
    chunk = posting_runs.Chunk(keys, docs, counts, positions, starts if with_positions else None)
    tables = segment_writer._chunk_tables(chunk, np.zeros(int(docs.max()) + 1, dtype=np.uint8))
    values, heads = segment_writer._ChunkValues(chunk, tables.delta_numbers), []
    for start, end, _, max_count, *_, later_delta in tables.blocks:
        data = values.packed(start, end, later_delta, max_count, 3)
        deltas, weights, block_values = pickle.loads(data)
        assert list(deltas) == [int(docs[start])] + np.diff(docs[start:end]).tolist()
        assert list(weights) == counts[start:end].astype(float).tolist()
        head = packed_parts(data, 0)[0] if with_positions else counted_head(data, 0)
        heads.append(head)
        size, read_deltas, read_counts = block_reader._head_columns(head)
        assert (size, read_deltas, read_counts) == (end - start, array("I", deltas).tobytes(),
                                                    counts[start:end].astype("<u4").tobytes())
    assert [(number_width(block[-1]), number_width(block[3])) for block in tables.blocks] == [(1, 1), (2, 2), (4, 4)]
    assert [len(head) for head in heads] == [2 + 4 + 19 * width + 20 * width for width in (1, 2, 4)]
