"""block_reader decodes a term's blocks into what Whoosh's own matcher reads, decompressing positions only where
they are asked for."""

from __future__ import annotations

import random
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from whoosh import index as whoosh_index

from searchkit import block_reader, segment_writer
from searchkit.block_reader import gather_ranges
from searchkit.packed_blocks import PackedValues
from searchkit.posting_format import unpack_positions
from searchkit.schema import bulk_analyses
from searchkit.segment_writer import BulkSegmentWriter
from searchkit.vector_search import SegmentEvaluator

from conftest import build_whoosh_index, cut_documents

POSITIONS_FIELDS = ("body_zhx", "body_en", "title_zhx")
FREQUENCY_FIELDS = ("body_zh",)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, seed_articles):
    """A bulk-written segment of 300 documents in blocks of 64: common terms have several blocks, the last ones
    partial."""
    with patch.object(segment_writer, "BLOCK_POSTINGS", 64):
        folder = build_whoosh_index(tmp_path_factory.mktemp("blocks") / "index", cut_documents(seed_articles, 300),
                                    lambda ix: BulkSegmentWriter(ix, bulk_analyses()))
    with whoosh_index.open_dir(str(folder)).searcher() as opened:
        yield opened


def whoosh_postings(searcher, field: str, term: bytes) -> list[tuple[int, float, list[int] | None]]:
    matcher, found = searcher.reader().postings(field, term), []
    positions = searcher.schema[field].format.supports("positions")
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), unpack_positions(matcher.value()) if positions else None))
        matcher.next()
    return found


def terms_of(searcher, field: str) -> list[bytes]:
    return [term for term in searcher.reader().lexicon(field)]


def test_the_index_has_every_kind_of_block(searcher):
    evaluator = SegmentEvaluator(searcher, searcher)
    blocks = [evaluator.postings("body_zhx", term).block_values for term in terms_of(searcher, "body_zhx")]
    assert {type(values).__name__ for values in sum(blocks, [])} == {"PackedValues", "tuple"}
    assert max(map(len, blocks)) >= 3
    counted = [evaluator.postings("body_zh", term).block_values for term in terms_of(searcher, "body_zh")]
    assert {type(values).__name__ for values in sum(counted, [])} == {"NoneType", "bytes"}  # counted and plain


@pytest.mark.parametrize("field", POSITIONS_FIELDS + FREQUENCY_FIELDS)
def test_ids_weights_and_positions_are_whooshs(searcher, field):
    evaluator, rng = SegmentEvaluator(searcher, searcher), random.Random(field)
    terms = terms_of(searcher, field)
    for term in rng.sample(terms, min(300, len(terms))) + terms[-5:]:
        expected = whoosh_postings(searcher, field, term)
        found = evaluator.postings(field, term)
        assert found.ids.tolist() == [docnum for docnum, _, _ in expected]
        assert found.weights.tolist() == [weight for _, weight, _ in expected]
        if field in FREQUENCY_FIELDS:
            continue
        rows = sorted(rng.sample(range(len(expected)), rng.randint(1, len(expected))))
        positions, counts = found.positions(np.array(rows))
        assert counts.tolist() == [len(expected[row][2]) for row in rows]
        assert positions.tolist() == [position for row in rows for position in expected[row][2]]


def test_scoring_a_term_leaves_its_positions_packed(searcher, monkeypatch):
    evaluator = SegmentEvaluator(searcher, searcher)
    common = max(terms_of(searcher, "body_zhx"), key=lambda term: searcher.doc_frequency("body_zhx", term))
    opened, unpacked, heads = [], [], []
    real, real_stored = block_reader.zlib.decompress, PackedValues.stored_positions
    real_head = block_reader._head_columns
    monkeypatch.setattr(block_reader.zlib, "decompress", lambda data: opened.append(1) or real(data))
    monkeypatch.setattr(PackedValues, "stored_positions", lambda values: unpacked.append(1) or real_stored(values))
    monkeypatch.setattr(block_reader, "_head_columns", lambda head: heads.append(1) or real_head(head))
    found = evaluator.postings("body_zhx", common)
    assert len(found.block_values) >= 3 and evaluator.term_scores("body_zhx", common, found).all()
    packed = sum(isinstance(values, PackedValues) for values in found.block_values)
    assert len(heads) == packed > 0  # each packed block's head read once
    assert not unpacked and not opened  # heads are not compressed, nor are small blocks
    found.positions(np.array([0, 1]))
    assert len(unpacked) == 1  # the positions of the one packed block asked for
    assert not opened  # stored in 2 bytes each: nothing to decompress


def test_gather_ranges():
    values = np.arange(10)
    assert gather_ranges(values, np.array([7, 0, 3]), np.array([2, 1, 0])).tolist() == [7, 8, 0]
    assert gather_ranges(values, np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=60), st.data())
def test_gather_ranges_equals_slicing(values, data):
    """Any ranges, in any order, overlapping or empty, gathered in slices of any size: the slices one after
    another (as uint32, as runs hold)."""
    array = np.array(values, dtype=np.uint32)
    ranges = data.draw(st.lists(st.integers(0, len(values)).flatmap(
        lambda start: st.tuples(st.just(start), st.integers(0, len(values) - start))), max_size=20))
    starts = np.array([start for start, _ in ranges], dtype=np.int64)
    counts = np.array([count for _, count in ranges], dtype=np.uint32)
    expected = [value for start, count in ranges for value in values[start:start + count]]
    with patch.object(block_reader, "GATHER_SLICE", data.draw(st.sampled_from([1, 3, 1 << 20]))):
        found = gather_ranges(array, starts, counts)  # in slices of whole ranges, or at once
    assert found.dtype == np.uint32 and found.tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 20), max_size=50))
def test_sorted_unique_is_numpys_unique_of_an_ascending_array(values):
    ascending = np.array(sorted(values), dtype=np.int64)
    assert block_reader.sorted_unique(ascending).tolist() == np.unique(ascending).tolist()
