"""The compact plan of files to index: the same jobs as a list of tuples, in a fraction of the memory."""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchkit.file_plan import FilePlanBuilder

CORPUS = Path("/corpus")


def digest_of(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def plan_of(paths: list[str]):
    builder = FilePlanBuilder()
    for path in paths:
        builder.add(path, digest_of(path))
    return builder.build(CORPUS)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), max_size=40))
def test_the_plan_gives_back_every_file_in_order(paths):
    plan = plan_of(paths)
    expected = [(CORPUS, path, digest_of(path).hex()) for path in paths]
    assert len(plan) == len(paths)
    assert list(plan) == expected
    assert [plan.relative_path(number) for number in range(len(plan))] == paths
    assert plan[3:17:2] == expected[3:17:2]


def test_negative_and_out_of_range_positions():
    plan = plan_of(["1950/01/a.txt", "人民日报/社论.txt"])
    assert plan[-1] == (CORPUS, "人民日报/社论.txt", digest_of("人民日报/社论.txt").hex())
    assert plan[-2][1] == "1950/01/a.txt"
    for position in (2, -3):
        with pytest.raises(IndexError):
            plan[position]


def test_an_empty_plan():
    plan = FilePlanBuilder().build(CORPUS)
    assert len(plan) == 0 and list(plan) == [] and plan[0:5] == []


def test_a_digest_must_be_a_sha256_digest():
    with pytest.raises(ValueError, match="32 bytes"):
        FilePlanBuilder().add("a.txt", b"\x00" * 31)


def test_the_plan_takes_under_80_bytes_a_file():
    """A list of (path, hex sha256) tuples takes some 180 bytes a file (list slot, tuple, hex string) before any jobs
    are built from it; the plan keeps paths in one string and digests in one buffer."""
    files = 20_000
    paths = [f"{number // 1000:04d}/{number:06d}.txt" for number in range(files)]
    digests = [digest_of(path) for path in paths]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        builder = FilePlanBuilder()
        for path, digest in zip(paths, digests):
            builder.add(path, digest)
        plan = builder.build(CORPUS)
        del builder
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(plan) == files
    assert kept / files < 80
