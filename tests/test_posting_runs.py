"""Runs on disk read back what they were given: slices found by key, postings and their positions."""

from __future__ import annotations

import numpy as np
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
        for in_memory, on_disk in zip(run.postings(start, end), saved.postings(start, end)):
            assert in_memory.tolist() == on_disk.tolist()


def test_sorting_keeps_each_postings_positions():
    keys = np.array([5, 1, 5, 1], dtype=np.uint64)
    docs = np.array([0, 0, 1, 1], dtype=np.uint32)
    counts = np.array([2, 1, 1, 3], dtype=np.uint32)
    positions = np.array([10, 11, 20, 30, 40, 41, 42], dtype=np.uint32)  # doc 0: key 5 → 10, 11; key 1 → 20 ...
    run = _sorted_run(keys, docs, counts, positions, None)
    keys_out, docs_out, counts_out, positions_out = run.postings(0, 4)
    assert keys_out.tolist() == [1, 1, 5, 5] and docs_out.tolist() == [0, 1, 0, 1]
    assert positions_out.tolist() == [20, 40, 41, 42, 10, 11, 30]
