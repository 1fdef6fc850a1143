"""Runs on disk read back what they were given: slices found by key, postings and their positions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import posting_runs
from searchkit.posting_runs import _sorted_run


@st.composite
def runs(draw):
    size = draw(st.integers(min_value=0, max_value=1500))
    keys = np.array(draw(st.lists(st.integers(0, 60), min_size=size, max_size=size)), dtype=np.uint64)
    docs = np.arange(size, dtype=np.uint32)  # one posting per document: any order of keys
    counts = np.array(draw(st.lists(st.integers(1, 3), min_size=size, max_size=size)), dtype=np.uint32)
    positions = np.arange(int(counts.sum()), dtype=np.uint32)
    return _sorted_run(keys, docs, counts, positions, None)


@settings(max_examples=60, deadline=None)
@given(runs(), st.lists(st.integers(0, 62), min_size=1, max_size=6))
def test_a_run_on_disk_finds_and_reads_like_the_one_in_memory(tmp_path_factory, run, bounds):
    saved = run.save(str(tmp_path_factory.mktemp("run") / "field.run"))
    assert len(saved) == len(run)
    assert saved.sample(posting_runs.SAMPLE_STEP).tolist() == run.sample(posting_runs.SAMPLE_STEP).tolist()
    cuts = sorted({run.find(key) for key in bounds} | {0, len(run)})
    assert cuts == sorted({saved.find(key) for key in bounds} | {0, len(run)})
    for start, end in zip(cuts, cuts[1:]):
        for in_memory, on_disk in zip(run.frequencies(start, end), saved.frequencies(start, end)):
            assert in_memory.tolist() == on_disk.tolist()
        total = int(run.counts[start:end].sum())
        assert run.positions_of(start, total).tolist() == saved.positions_of(start, total).tolist()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(max_size=12), unique=True, max_size=200))
def test_a_run_on_disk_reads_back_its_terms(tmp_path_factory, words):
    terms = sorted(words)
    keys = np.arange(len(terms), dtype=np.uint64)
    counts = np.ones(len(terms), dtype=np.uint32)
    run = _sorted_run(keys, np.zeros(len(terms), dtype=np.uint32), counts, None, terms)
    saved = run.save(str(tmp_path_factory.mktemp("run") / "field.run"))
    assert saved.term_list() == terms and saved.frequencies(0, len(terms))[0].tolist() == keys.tolist()


def test_sorting_keeps_each_postings_positions():
    keys = np.array([5, 1, 5, 1], dtype=np.uint64)
    docs = np.array([0, 0, 1, 1], dtype=np.uint32)
    counts = np.array([2, 1, 1, 3], dtype=np.uint32)
    positions = np.array([10, 11, 20, 30, 40, 41, 42], dtype=np.uint32)  # doc 0: key 5 → 10, 11; key 1 → 20 ...
    run = _sorted_run(keys, docs, counts, positions, None)
    keys_out, docs_out, counts_out = run.frequencies(0, 4)
    positions_out = run.positions_of(0, 7)
    assert keys_out.tolist() == [1, 1, 5, 5] and docs_out.tolist() == [0, 1, 0, 1]
    assert positions_out.tolist() == [20, 40, 41, 42, 10, 11, 30]


@st.composite
def distinct_postings(draw):
    """Distinct (key, document) pairs in any order; keys small, or as large as 64 bits allow."""
    large = draw(st.booleans())
    pairs = draw(st.lists(st.tuples(st.integers(0, 2**64 - 1 if large else 40), st.integers(0, 70_000)),
                          unique=True, max_size=300))
    return (np.array([key for key, _ in pairs], dtype=np.uint64),
            np.array([doc for _, doc in pairs], dtype=np.uint32))


@settings(max_examples=150, deadline=None)
@given(distinct_postings())
def test_postings_sort_by_key_then_document_as_lexsort_does(postings):
    keys, docs = postings
    assert posting_runs._key_then_document_order(keys, docs).tolist() == np.lexsort((docs, keys)).tolist()


@settings(max_examples=150, deadline=None)
@given(st.lists(distinct_postings(), min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_runs_merge_by_key_then_document_whichever_documents_they_hold(given_runs, random):
    """Runs of later and later documents (written one after another), or in any order (a merged segment's)."""
    runs, first_doc = [], 0
    for keys, docs in given_runs:
        later = random.random() < 0.8
        docs = docs.astype(np.int64) + first_doc if later else docs.astype(np.int64)
        first_doc = int(docs.max()) + 1 if later and len(docs) else first_doc
        order = np.lexsort((docs, keys))
        runs.append((keys[order], docs[order].astype(np.uint32)))
    keys = np.concatenate([run_keys for run_keys, _ in runs])
    docs = np.concatenate([run_docs for _, run_docs in runs])
    if len(set(zip(keys.tolist(), docs.tolist()))) < len(keys):
        return  # runs of earlier documents that repeat a posting: no segment holds such runs
    ranges = [(int(run_docs.min()), int(run_docs.max())) for _, run_docs in runs if len(run_docs)]
    assert posting_runs._merged_order(keys, docs, ranges).tolist() == np.lexsort((docs, keys)).tolist()


@st.composite
def sorted_postings(draw):
    """Keys in sorted order and each posting's number of positions."""
    size = draw(st.integers(min_value=1, max_value=400))
    keys = np.sort(np.array(draw(st.lists(st.integers(0, 12), min_size=size, max_size=size)), dtype=np.uint64))
    counts = np.array(draw(st.lists(st.integers(1, 40), min_size=size, max_size=size)), dtype=np.uint32)
    return keys, counts


@settings(max_examples=150, deadline=None)
@given(sorted_postings(), st.integers(1, 300), st.sampled_from([1, 4, 128]))
def test_term_cuts_bound_positions_and_cut_terms_only_after_whole_steps(postings, most_positions, term_step):
    keys, counts = postings
    cuts = posting_runs.term_cuts(keys, counts, most_positions, term_step)
    assert cuts[0] == 0 and cuts[-1] == len(keys) and all(a < b for a, b in zip(cuts, cuts[1:]))
    term_start_of = {}
    for index, key in enumerate(keys.tolist()):
        term_start_of.setdefault(key, index)
    for first, last in zip(cuts, cuts[1:]):
        start = term_start_of[int(keys[first])]
        assert (first - start) % term_step == 0  # a piece starts at a term or a whole number of steps into it
        if int(counts[first:last].sum()) > most_positions:  # only one step of one term may go over the bound
            assert keys[first] == keys[last - 1] and last - first <= term_step


def merged_postings(runs_given, most_positions):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(posting_runs, "CHUNK_POSITIONS", most_positions)
        chunks = list(posting_runs.MergedRuns(runs_given, True, True, term_step=4).chunks())
    joined = [[value for chunk in chunks for value in getattr(chunk, name).tolist()]
              for name in ("keys", "docs", "counts", "positions")]
    return chunks, joined


@settings(max_examples=40, deadline=None)
@given(st.lists(runs(), min_size=1, max_size=4), st.integers(1, 60))
def test_chunks_cut_inside_terms_hold_the_same_postings(tmp_path_factory, given_runs, most_positions):
    folder = tmp_path_factory.mktemp("runs")
    runs_on_disk, offset = [], 0
    for number, run in enumerate(given_runs):  # each run its own documents, as spilled runs have
        moved = posting_runs.Run(run.keys, run.docs + offset, run.counts, run.starts, run.positions, None)
        runs_on_disk.append(moved.save(str(folder / f"{number}.run")))
        offset += 1500
    _, whole = merged_postings(runs_on_disk, 1 << 30)
    chunks, cut = merged_postings(runs_on_disk, most_positions)
    assert cut == whole
    for before, after in zip(chunks, chunks[1:]):
        assert before.goes_on == after.continues_term == (before.keys[-1] == after.keys[0])
    postings_before = {}  # a term's postings in the chunks before: a term is cut after whole steps of 4
    for chunk in chunks:
        assert postings_before.get(int(chunk.keys[0]), 0) % 4 == 0
        for key in chunk.keys.tolist():
            postings_before[key] = postings_before.get(key, 0) + 1
    assert not chunks or not (chunks[0].continues_term or chunks[-1].goes_on)
