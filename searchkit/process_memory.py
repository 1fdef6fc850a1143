"""Tune and trim the C heap of an indexing process (glibc's malloc), so that memory freed by one stage of a
segment's writing is handed back to the system before the next stage's peak."""

from __future__ import annotations

import ctypes


def _call_glibc(function: str, *arguments: int) -> None:
    """Call one of glibc's malloc tuning functions; with another C library there is nothing to tune."""
    try:
        getattr(ctypes.CDLL("libc.so.6"), function)(*arguments)
    except (OSError, AttributeError):
        pass


# Blocks of this size or more are mapped on their own: glibc's starting value. Each such block is a fresh mapping
# whose pages fault when first touched (every zlib stream, some 270 kB of state, one per stored document; middling
# arrays): one process indexing 2,000 articles took 1,056,290 page faults and 1.90 s of system time, and 480,641
# and 1.25 s with 1 MB (27.2 -> 25.9 s wall; two processes over 10,000 articles 66.4 -> 64.9 s). But with 1 MB the
# heap kept what it freed: 100,000 articles peaked at 599.5 and 620.8 MB summed (two builds), over the 600 MB target.
MAPPED_BLOCK_BYTES = 128 * 1024


def map_large_blocks() -> None:
    """Ask glibc to map every block of MAPPED_BLOCK_BYTES or more on its own (M_MMAP_THRESHOLD), so freeing a
    sorted run's arrays gives the memory back: by default the threshold grows with the first large blocks freed,
    they are then taken from the heap, and the heap does not shrink (one process adding 3,000 generated articles:
    408 MB after its commit without, 348 MB with)."""
    _call_glibc("mallopt", -3, MAPPED_BLOCK_BYTES)  # -3: M_MMAP_THRESHOLD


def give_back_freed_memory() -> None:
    """Hand the heap's free memory back to the system (glibc's malloc_trim): blocks below the mapping threshold
    freed by one stage otherwise stay in the process and the next stage's peak is added on top of them."""
    _call_glibc("malloc_trim", 0)
