"""The files an indexing run will (re)read, kept compact: what the indexer's main process holds through a build.

A build plans every file before it starts its workers. A list of (relative path, sha256 in hex) tuples, with the
planning's dictionaries, grew the main process by 46 MB at 100,000 files (about 460 bytes a file, so some 460 MB at
a million), and the workers, forked after the planning, counted those pages in their resident memory as well.
FilePlan keeps the paths in one string and the digests in one bytes buffer, about 55 bytes a file; the planning's
other objects are freed before the workers start (planning 100,000 files now grows the process by 9.4 MB).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

DIGEST_BYTES = 32  # sha256


class FilePlanBuilder:
    """Collects (relative path, sha256 digest) pairs; build() gives the FilePlan and forgets them."""

    def __init__(self) -> None:
        self._paths: list[str] = []
        self._digests = bytearray()

    def add(self, relative: str, digest: bytes) -> None:
        if len(digest) != DIGEST_BYTES:
            raise ValueError(f"a sha256 digest has {DIGEST_BYTES} bytes, not {len(digest)}")
        self._paths.append(relative)
        self._digests += digest

    def build(self, corpus: Path) -> "FilePlan":
        paths, digests = self._paths, bytes(self._digests)
        self._paths, self._digests = [], bytearray()
        ends = array("Q", accumulate(len(path) for path in paths))
        return FilePlan(corpus, "".join(paths), ends, digests)


class FilePlan(Sequence):
    """The files to index, in order: plan[i] is the job (corpus, relative path, sha256 in hex) that
    indexer._prepared_document takes; slices give lists of jobs."""

    def __init__(self, corpus: Path, joined_paths: str, ends: array, digests: bytes) -> None:
        self.corpus = corpus
        self._joined_paths, self._ends, self._digests = joined_paths, ends, digests

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[number] for number in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError("file plan index out of range")
        return self.corpus, self.relative_path(position), self.sha256(position)

    def relative_path(self, position: int) -> str:
        start = self._ends[position - 1] if position else 0
        return self._joined_paths[start:self._ends[position]]

    def sha256(self, position: int) -> str:
        return self._digests[position * DIGEST_BYTES:(position + 1) * DIGEST_BYTES].hex()
