"""Index on every core: a Whoosh multi-process writer whose worker processes die with their parent."""

from __future__ import annotations

import ctypes
import os
import signal

from whoosh.multiproc import MpWriter, SubWriterTask

PR_SET_PDEATHSIG = 1
MIN_DOCUMENTS_PER_PROCESS = 200  # below this, starting processes costs more than it saves


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a killed indexer leaves no orphan workers)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class _WorkerTask(SubWriterTask):
    def run(self) -> None:
        die_with_parent()
        super().run()


class ParallelWriter(MpWriter):
    """MpWriter with one segment per worker (no serial merge at commit) and orphan-proof workers."""

    def __init__(self, ix, procs: int, **kwargs) -> None:
        super().__init__(ix, procs=procs, multisegment=True, batchsize=50, **kwargs)

    def _new_task(self):
        task = _WorkerTask(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                           self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


def worker_count(documents: int, requested: int | None = None) -> int:
    """How many indexing processes to use for this many new or changed documents."""
    if requested is not None:
        return max(1, requested)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, documents // MIN_DOCUMENTS_PER_PROCESS))
