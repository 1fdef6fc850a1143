"""Ranks kept on disk answer as the array they were made from, whatever order the merge asks in."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit import run_ranks
from searchkit.run_ranks import RankArray, RankFile


@st.composite
def ranks_and_questions(draw):
    """Increasing ranks, and a mix of questions: the ranks of a sorted range of keys, or where a rank falls."""
    gaps = draw(st.lists(st.integers(1, 5), max_size=60))
    ranks = np.cumsum(np.array(gaps, dtype=np.int64)).astype(np.uint32)
    questions = []
    for _ in range(draw(st.integers(0, 25))):
        if len(ranks) and draw(st.booleans()):
            low = draw(st.integers(0, len(ranks) - 1))
            high = draw(st.integers(low, len(ranks) - 1))
            keys = sorted(draw(st.lists(st.integers(low, high), min_size=1, max_size=12)) + [low, high])
            questions.append(("take", np.array(keys, dtype=np.uint64)))
        else:
            questions.append(("find", draw(st.integers(0, int(ranks[-1]) + 6 if len(ranks) else 6))))
    return ranks, questions


@settings(max_examples=200, deadline=None)
@given(ranks_and_questions(), st.sampled_from([1, 3, 8, 4096]))
def test_a_rank_file_answers_as_its_array(tmp_path_factory, given_ranks, window):
    ranks, questions = given_ranks
    path = str(tmp_path_factory.mktemp("ranks") / "field.run.ranks")
    original, run_ranks.WINDOW = run_ranks.WINDOW, window
    try:
        on_disk, in_memory = RankFile(path, ranks), RankArray(ranks)
        for kind, question in questions:
            if kind == "take":
                expected = ranks[question.astype(np.int64)].tolist()
                assert on_disk.take(question).tolist() == in_memory.take(question).tolist() == expected
            else:
                expected = int(np.searchsorted(ranks, question))
                assert on_disk.find(question) == in_memory.find(question) == expected
            assert len(on_disk.window) <= window  # a range across windows does not grow the one kept
        on_disk.close()
    finally:
        run_ranks.WINDOW = original
    assert not list(tmp_path_factory.getbasetemp().rglob("*.ranks"))  # close removed it


def test_the_ranks_of_no_keys_are_none(tmp_path):
    ranks = RankFile(str(tmp_path / "x.ranks"), np.array([2, 5], dtype=np.uint32))
    assert ranks.take(np.empty(0, dtype=np.uint64)).tolist() == [] and ranks.find(0) == 0 and ranks.find(9) == 2
    ranks.close()
    assert not (tmp_path / "x.ranks").exists()
