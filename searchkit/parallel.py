"""Index on every core: worker processes that read, parse, align and index whole files into their own segments."""

from __future__ import annotations

import ctypes
import os
import queue
import signal
from typing import Callable, Iterator, Sequence

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from searchkit.errors import CorpusError, SearchkitError
from searchkit.segment_writer import BulkSegmentWriter

PR_SET_PDEATHSIG = 1
MIN_DOCUMENTS_PER_PROCESS = 200  # below this, starting processes costs more than it saves
FILES_PER_JOB = 16
DOCUMENTS_PER_SEGMENT = 50_000  # per worker: bounds the terms one segment holds in memory while it is written
OUTCOME_WAIT_SECONDS = 1.0

# A job: (corpus, relative path, sha256); prepare turns it into (Whoosh document or None, the file's problem: its
# CorpusError, a CorpusWarning or None).
FileJob = tuple
Prepare = Callable[..., "tuple[dict | None, CorpusError | CorpusWarning | None]"]


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this process when its parent dies (a killed indexer leaves no orphan workers); exit
    at once if the parent died before the request was made."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:
        os._exit(1)


class _FileWorker(SubWriterTask):
    """A sub-writer that takes lists of file jobs, prepares each document itself and reports one outcome per
    file: None when it was added, a CorpusWarning when it was added with one, else its CorpusError. Only paths and outcomes cross process boundaries.

    Its postings wait in sorted runs on disk (about 60 kB per document) until the segment is written; it starts a
    new segment after DOCUMENTS_PER_SEGMENT documents, as the terms of the segment being written are held in
    memory. At the end it reports the list of its segments."""

    prepare: Prepare
    analyses: dict
    outcomes: object
    parent_pid: int

    def run(self) -> None:
        die_with_parent(self.parent_pid)
        index = self.storage.open_index(self.indexname)
        self.writer, segments = self._new_writer(index), []
        while (job := self.jobqueue.get()) is not None:  # a build that stops terminates its workers (cancel)
            self._process_file(*job)
            if self.writer.doc_count() >= DOCUMENTS_PER_SEGMENT:
                segments.append(self.writer._finalize_segment())
                self.writer = self._new_writer(index)
        if self.writer.doc_count():
            segments.append(self.writer._finalize_segment())
        else:  # not cancel(): that would delete the temporary folder the other workers are writing in
            self.writer._close_segment()
        self.resultqueue.put(segments, timeout=5)

    def _new_writer(self, index) -> BulkSegmentWriter:
        return BulkSegmentWriter(index, self.analyses, _lk=False, **self.kwargs)

    def _process_file(self, jobs: list[tuple[int, FileJob]], _unused) -> None:
        for number, job in jobs:
            document, problem = self.prepare(*job)  # problem: the file's CorpusError, a CorpusWarning or None
            if document is not None:
                self.writer.add_document(**document)
            self.outcomes.put((number, problem))


class ParallelFileWriter(MpWriter):
    """A multi-process writer fed with file jobs rather than documents: each worker parses, aligns and analyses
    its files and writes one segment of its own (no serial merge at commit); workers die with their parent."""

    def __init__(self, ix, procs: int, prepare: Prepare, analyses: dict, **kwargs) -> None:
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)
        self.prepare, self.analyses = prepare, analyses
        self.outcomes = self._mpctx.Queue()

    def _new_task(self):
        task = _FileWorker(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                           self.multisegment)
        task.prepare, task.analyses, task.outcomes, task.parent_pid = self.prepare, self.analyses, self.outcomes, os.getpid()
        self.tasks.append(task)
        task.start()
        return task

    def _commit(self, mergetype, optimize, merge) -> None:
        """Whoosh's multi-segment commit, taking each worker's list of segments (and failing loudly, not leaving
        a worker's documents out, when one has none to give)."""
        for _ in self.tasks:
            self.jobqueue.put(None)
        final_segments = self._merge_segments(mergetype, optimize, merge)
        final_segments += [segment for _ in self.tasks for segment in self._worker_segments()]
        for task in self.tasks:
            task.join()
        if self._added:
            final_segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final_segments)
        self._finish()

    def _worker_segments(self) -> list:
        while True:
            try:
                return self.resultqueue.get(timeout=OUTCOME_WAIT_SECONDS)
            except queue.Empty:
                if not any(task.is_alive() for task in self.tasks):
                    raise SearchkitError("an indexing process stopped without handing over its segments")

    def cancel(self) -> None:
        """Stop the workers (Whoosh's cancel only flags the parent's copies of them) and drop the new segments."""
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
        for task in self.tasks:
            task.join()
        SegmentWriter.cancel(self)

    def index_files(self, jobs: Sequence[FileJob]) -> Iterator[tuple[int, "CorpusError | CorpusWarning | None"]]:
        """Index the files on the workers; yields (index into jobs, None or the file's problem) as files
        finish, in the order they finish. Every job has yielded its outcome when the iterator ends."""
        pending = len(jobs)
        for first in range(0, len(jobs), FILES_PER_JOB):
            if len(self.tasks) < self.procs:
                self._new_task()
            self._put_job(list(enumerate(jobs[first:first + FILES_PER_JOB], first)))
            self._added_sub = True
            while pending and (outcome := self._next_outcome(block=False)) is not None:
                pending -= 1
                yield outcome
        while pending:
            outcome = self._next_outcome(block=True)
            if outcome is not None:
                pending -= 1
                yield outcome

    def _put_job(self, batch: list) -> None:
        while True:
            try:
                self.jobqueue.put((batch, None), timeout=OUTCOME_WAIT_SECONDS)
                return
            except queue.Full:
                self._check_workers()

    def _next_outcome(self, block: bool):
        try:
            return self.outcomes.get(block, OUTCOME_WAIT_SECONDS if block else None)
        except queue.Empty:
            if block:
                self._check_workers()
            return None

    def _check_workers(self) -> None:
        """Workers only stop when told to at commit: one that has stopped before took its files with it."""
        stopped = [task.exitcode for task in self.tasks if not task.is_alive()]
        if stopped:
            raise SearchkitError(f"an indexing process stopped early (exit code {stopped[0]})")


def worker_count(documents: int, requested: int | None = None) -> int:
    """How many indexing processes to use for this many new or changed documents."""
    if requested is not None:
        return max(1, requested)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, documents // MIN_DOCUMENTS_PER_PROCESS))
