"""Create, update and rebuild the on-disk index, atomically: a crash at any point leaves the previous index searchable.

Layout of an index directory:
    DIR/CURRENT          the name of the live generation (replaced atomically with os.replace)
    DIR/gen-000001/      a Whoosh index plus searchkit.json (schema version, corpus)
An incremental update commits into the live generation (Whoosh commits are atomic: a new TOC file is renamed into
place last). A rebuild, or a schema change, writes a new generation and then swaps CURRENT.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from whoosh import index as whoosh_index

from searchkit.aligned import group_record
from searchkit.article import Article
from searchkit.corpus import CorpusWarning, article_id_of_relative, article_warnings, read_article
from searchkit.corpus_files import article_relative_paths, has_article_files, require_corpus_folder
from searchkit.errors import CorpusError, IndexBusyError
from searchkit.file_plan import FilePlan, FilePlanBuilder
from searchkit.generations import CURRENT_FILE, META_FILE, live_generation, read_meta
from searchkit.names import romanize_names
from searchkit.schema import LOGICAL_FIELDS, SCHEMA_VERSION, build_schema, bulk_analyses

LOCK_FILE = "searchkit.lock"

ProgressCallback = Callable[[int, int], None]
FileProblem = CorpusError | CorpusWarning | None  # a file skipped, indexed with a warning, or indexed
PreparedFile = tuple[dict | None, FileProblem]


@dataclass
class IndexSummary:
    """What one indexing run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[CorpusError] = field(default_factory=list)
    warnings: list[CorpusWarning] = field(default_factory=list)  # indexed, a header value or a language missing
    rebuilt: bool = False

    def line(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged, {len(self.skipped)} skipped"
                + (f" ({len(self.warnings)} indexed with a warning)" if self.warnings else ""))


@contextmanager
def _exclusive_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusyError(f"another process is writing the index at {index_dir}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _new_generation(index_dir: Path, corpus: Path) -> Path:
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if p.name[4:].isdigit()]
    generation = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    generation.mkdir()
    whoosh_index.create_in(str(generation), build_schema())
    _write_meta(generation, {"schema_version": SCHEMA_VERSION, "corpus": str(corpus)})
    return generation


def _write_meta(generation: Path, meta: dict) -> None:
    _write_atomically(generation / META_FILE, json.dumps(meta, ensure_ascii=False))


def _remove_stale_generations(index_dir: Path, live: Path) -> None:
    for generation in index_dir.glob("gen-*"):
        if generation != live and generation.is_dir():
            shutil.rmtree(generation, ignore_errors=True)


def article_document(article: Article, path: str, sha256: str) -> dict:
    """The Whoosh document for one article: stored record, facets and every analysed field."""
    from searchkit.align import align_groups  # imported here: a search imports it only to show a passage
    document = {
        "id": article.id,
        "article": article.to_dict(),
        "source": {"path": path, "sha256": sha256},
        "alignment_groups": [group_record(group) for group in align_groups(article.body_en, article.body_zh)],
        "date": article.date,
        "year": article.date[:4],
        "month": article.date[:7],
        "page_zh": article.page_zh,
        "column": article.column_zh,
        "author": article.author_en.strip() or article.author_zh.strip(),
    }
    if article.page is not None:
        document["page"] = article.page
    for logical in LOGICAL_FIELDS.values():
        english_text = getattr(article, logical.source_en) if logical.source_en else ""
        chinese_text = getattr(article, logical.source_zh)
        if logical.name == "author" and chinese_text:
            english_text = f"{english_text}  {romanize_names(chinese_text)}".strip()  # author:meng finds 孟庆彪
        if english_text:
            document[logical.english] = english_text
        if chinese_text:
            document[logical.chinese_words] = chinese_text
            document[logical.chinese_exact] = chinese_text
    return {name: value for name, value in document.items() if value != ""}


def _indexed_sources(whoosh_ix) -> dict[str, str]:
    with whoosh_ix.reader() as reader:
        return {fields["id"]: fields["source"]["sha256"] for _, fields in reader.iter_docs()}


def _plan_changes(corpus: Path, indexed: dict[str, str], summary: IndexSummary) -> tuple[FilePlan, list[str]]:
    """The files to (re)index, and the ids of deleted files. The plan is compact (file_plan.py): the main process
    holds it through the build, and the workers forked from it hold its pages too."""
    changed, first_of_id, unreadable = FilePlanBuilder(), {}, []
    for relative in article_relative_paths(corpus, unreadable):
        article_id = article_id_of_relative(relative)
        if article_id in first_of_id:
            reason = f"duplicate id '{article_id}' (same name as {first_of_id[article_id].rsplit('/', 1)[-1]})"
            summary.skipped.append(CorpusError(str(corpus / relative), reason))
            continue
        first_of_id[article_id] = relative
        try:
            digest = hashlib.sha256((corpus / relative).read_bytes()).digest()
        except OSError as error:
            summary.skipped.append(CorpusError(str(corpus / relative), error.strerror or str(error)))
            continue
        if indexed.get(article_id) == digest.hex():
            summary.unchanged += 1
        else:
            changed.add(relative, digest)
    summary.skipped += unreadable
    return changed.build(corpus), _deleted(corpus, indexed, first_of_id, unreadable)


def _deleted(corpus: Path, indexed: dict[str, str], found: dict[str, str], unreadable: list[CorpusError]) -> list[str]:
    """The ids indexed but no longer found, except those under a folder that could not be read: their files may
    well still be there, and they stay indexed."""
    kept = tuple(Path(error.path).relative_to(corpus).as_posix() + "/" for error in unreadable)
    return sorted(article_id for article_id in set(indexed).difference(found) if not article_id.startswith(kept))


def _prepared_document(corpus: Path, relative: str, sha256: str) -> PreparedFile:
    """Parse, align and analyse-ready one file (runs in worker processes when indexing in parallel): the document
    and None, the document and a warning (a header value or one language missing), or None and the file's
    CorpusError."""
    path = corpus / relative
    try:
        article = read_article(path, corpus)
    except CorpusError as error:
        return None, error
    reason = article_warnings(article)
    return article_document(article, relative, sha256), (CorpusWarning(str(path), reason) if reason else None)


def _apply_changes(writer, changed: FilePlan, deleted: list[str], indexed: dict[str, str], summary: IndexSummary,
                   progress: ProgressCallback | None) -> None:
    def indexed_id(relative: str) -> str | None:
        """The file's article id when the index holds a version of it (ids are derived, not kept per file)."""
        article_id = article_id_of_relative(relative) if indexed else None
        return article_id if article_id in indexed else None

    parallel = hasattr(writer, "index_files")  # a ParallelFileWriter (see _open_writer)
    if parallel:
        outcomes = writer.index_files(changed)
    else:
        outcomes = ((number, _added(writer, _prepared_document(*job), replace=indexed_id(job[1]) is not None))
                    for number, job in enumerate(changed))
    skipped, warnings = [], []
    for done, (number, problem) in enumerate(outcomes, 1):
        if isinstance(problem, CorpusError):
            skipped.append(problem)  # the file's previous version, if any, stays
        elif (article_id := indexed_id(changed.relative_path(number))) is not None:
            if parallel:  # a worker added the new version to its own segment: drop the old one
                writer.delete_by_term("id", article_id)
            summary.updated += 1
        else:
            summary.added += 1
        if isinstance(problem, CorpusWarning):
            warnings.append(problem)
        if progress:
            progress(done, len(changed))
    summary.skipped += sorted(skipped, key=lambda error: error.path)  # workers finish files in any order
    summary.warnings += sorted(warnings, key=lambda warning: warning.path)
    for article_id in deleted:
        writer.delete_by_term("id", article_id)
        summary.removed += 1


def _added(writer, prepared: PreparedFile, replace: bool) -> FileProblem:
    """Add (or replace, by its unique id) one prepared document; gives back the file's error or warning."""
    document, problem = prepared
    if document is not None:
        (writer.update_document if replace else writer.add_document)(**document)
    return problem


def _open_writer(whoosh_ix, documents: int, procs: int | None):
    """A writer for this many new or changed documents: one process, or a ParallelFileWriter. Both write the text
    fields' postings in bulk (segment_writer.py; imported only here: searching never imports numpy or
    multiprocessing)."""
    from searchkit.parallel import ParallelFileWriter, worker_count
    from searchkit.segment_writer import BulkSegmentWriter

    workers = worker_count(documents, procs)
    # Separate segment files: copying them into one compound file at the end costs time and twice the disk.
    # Whoosh's own pool only holds the postings of ids, dates and facets, some eight a document: 16 MB of them by
    # its estimate (more as Python objects) before they go to a run on disk, so a large segment does not keep all.
    options = {"compound": False, "limitmb": 16}
    if workers == 1:
        return BulkSegmentWriter(whoosh_ix, bulk_analyses(), **options)
    return ParallelFileWriter(whoosh_ix, procs=workers, prepare=_prepared_document, analyses=bulk_analyses(),
                              **options)


def build_index(index_dir: Path, corpus: Path, *, rebuild: bool = False, procs: int | None = None,
                progress: ProgressCallback | None = None) -> IndexSummary:
    """Bring the index at index_dir up to date with the corpus; a new generation when rebuilding.

    procs: indexing processes (default: one per core for large batches, one for small ones).
    """
    index_dir, corpus = Path(index_dir), Path(corpus)
    require_corpus_folder(corpus)
    with _exclusive_lock(index_dir):
        live = live_generation(index_dir)
        _refuse_to_empty(index_dir, live, corpus)
        meta = read_meta(live) if live is not None else {}
        fresh = rebuild or live is None or meta.get("schema_version") != SCHEMA_VERSION
        generation = _new_generation(index_dir, corpus.resolve()) if fresh else live
        whoosh_ix = whoosh_index.open_dir(str(generation))
        summary = IndexSummary(rebuilt=fresh)
        indexed = {} if fresh else _indexed_sources(whoosh_ix)
        changed, deleted = _plan_changes(corpus, indexed, summary)
        moved = not fresh and meta.get("corpus") != str(corpus.resolve())
        if moved and deleted:
            raise CorpusError(str(corpus), _another_folder_message(index_dir, meta, len(deleted), len(indexed)))
        writer = _open_writer(whoosh_ix, len(changed), procs)
        try:
            _apply_changes(writer, changed, deleted, indexed, summary, progress)
            writer.commit()
        except BaseException:
            if not writer.is_closed:  # a failed commit has closed it already
                writer.cancel()
            if fresh:
                shutil.rmtree(generation, ignore_errors=True)
            raise
        if fresh:
            _write_atomically(index_dir / CURRENT_FILE, generation.name)
        elif moved:  # the same articles in a new place (nothing was removed): updates now come from there
            _write_meta(generation, {**meta, "corpus": str(corpus.resolve())})
        _remove_stale_generations(index_dir, generation)  # also the leftovers of a killed rebuild
        return summary


def _another_folder_message(index_dir: Path, meta: dict, removed: int, indexed: int) -> str:
    """Why an update from a folder other than the index's own is refused when it would remove articles: one
    index mirrors one folder, and a mistyped or partial folder would silently drop the rest."""
    return (f"not the folder the index at {index_dir} was built from ({meta.get('corpus')}); updating from it would "
            f"remove {removed:,} of its {indexed:,} articles. Use --rebuild to index only this folder, or "
            f"--index DIR for a separate index")


def _refuse_to_empty(index_dir: Path, live: Path | None, corpus: Path) -> None:
    """A corpus folder without article files (an unmounted drive, a typo) would empty an index that holds
    articles: that is refused, and the index stays as it is."""
    if live is None or has_article_files(corpus):
        return
    with whoosh_index.open_dir(str(live)).reader() as reader:
        documents = reader.doc_count()
    if documents:
        raise CorpusError(str(corpus), f"no article files (.txt, .md) here; the index at {index_dir} holds "
                                       f"{documents:,} articles and is left as it is")
