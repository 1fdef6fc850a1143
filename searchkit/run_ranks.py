"""A run's term ranks (where each of its terms falls among all runs' terms) kept on disk during a merge.

MergedRuns maps each word run's keys (ranks among the run's own terms) to ranks among all the runs' terms. A
field's runs hold many times more terms than the field has (a common word is in every run): at 50,000 articles
the English body's 390 runs held some 16 million, whose ranks took 65 MB through the merge, two thirds of its
peak above the writer's. RankFile keeps them in a file beside the run and in memory only a window of WINDOW
ranks, read forward as the merge goes through the keys in order, and every WINDOW-th rank, to find a window.
"""

from __future__ import annotations

import os

import numpy as np

WINDOW = 4096  # ranks in memory per run: 16 kB


class RankFile:
    """Increasing ranks (uint32) of a run's keys 0..n-1, on disk at path (removed by close)."""

    def __init__(self, path: str, ranks: np.ndarray) -> None:
        self.path, self.size = path, len(ranks)
        ranks.astype(np.uint32, copy=False).tofile(path)
        self.sampled = ranks[::WINDOW].copy()  # the first rank of each window
        self.first, self.window = 0, ranks[:WINDOW].copy()
        self._handle = None

    def take(self, keys: np.ndarray) -> np.ndarray:
        """The ranks of sorted keys (a range of a run's postings: a range of its keys, repeated). A range across
        windows is read on its own."""
        if not len(keys):
            return np.empty(0, dtype=np.uint32)
        low, high = int(keys[0]), int(keys[-1]) + 1
        if not (self.first <= low and high <= self.first + len(self.window)):
            start = low - low % WINDOW
            if high > start + WINDOW:  # across windows
                return self._read(low, high)[keys - low]
            self._move_to(start)
        return self.window[keys - self.first]

    def find(self, rank: int) -> int:
        """The number of keys whose rank is below `rank` (np.searchsorted over all the ranks)."""
        window = int(np.searchsorted(self.sampled, rank, side="right")) - 1  # the answer's window (or the first)
        start = max(window, 0) * WINDOW
        if self.first != start:
            self._move_to(start)
        return start + int(np.searchsorted(self.window, rank))

    def _move_to(self, start: int) -> None:
        self.first, self.window = start, self._read(start, start + WINDOW)

    def _read(self, start: int, end: int) -> np.ndarray:
        end = min(end, self.size)
        if self._handle is None:
            self._handle = open(self.path, "rb")
        self._handle.seek(4 * start)
        return np.frombuffer(self._handle.read(4 * (end - start)), dtype=np.uint32)

    def close(self) -> None:
        """Let go of the file and remove it."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        try:
            os.remove(self.path)
        except FileNotFoundError:
            pass


class RankArray:
    """Ranks kept in memory (of a run that was never on disk), with RankFile's methods."""

    def __init__(self, ranks: np.ndarray) -> None:
        self.ranks = ranks

    def take(self, keys: np.ndarray) -> np.ndarray:
        return self.ranks[keys]

    def find(self, rank: int) -> int:
        return int(np.searchsorted(self.ranks, rank))

    def close(self) -> None:
        """Nothing to let go of."""
