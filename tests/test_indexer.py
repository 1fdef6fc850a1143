"""Incremental updates, bad files, and crash safety of the indexer."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from searchkit import Index
from searchkit.errors import CorpusError, IndexBusyError, IndexMissingError
from searchkit.indexer import _exclusive_lock, live_generation

from conftest import SEEDS, write_article


def all_ids(index_dir: Path) -> list[str]:
    with Index.open(index_dir) as index:
        return [hit.id for hit in index.search("NOT zzzz", limit=10_000, sort="date", snippets=False).hits]


def titles(index_dir: Path, query: str) -> list[str]:
    with Index.open(index_dir) as index:
        return [hit.title_zh for hit in index.search(query, limit=100).hits]


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    write_article(folder, "one.txt", title_zh="第一篇", body_zh="苹果。")
    write_article(folder, "two.txt", title_zh="第二篇", body_zh="香蕉。")
    write_article(folder / "sub", "three.md", title_zh="第三篇", body_zh="橘子。")
    return folder


def test_first_run_adds_everything(tmp_path, corpus):
    summary = Index.build(tmp_path / "ix", corpus)
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (3, 0, 0, 0)
    assert summary.rebuilt
    assert sorted(all_ids(tmp_path / "ix")) == ["one", "sub/three", "two"]


def test_incremental_add_modify_delete(tmp_path, corpus):
    index_dir = tmp_path / "ix"
    Index.build(index_dir, corpus)
    write_article(corpus, "four.txt", title_zh="第四篇", body_zh="葡萄。")
    write_article(corpus, "one.txt", title_zh="第一篇", body_zh="西瓜。")
    (corpus / "two.txt").unlink()
    summary = Index.build(index_dir, corpus)
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (1, 1, 1, 1)
    assert not summary.rebuilt
    assert sorted(all_ids(index_dir)) == ["four", "one", "sub/three"]
    assert titles(index_dir, "西瓜") == ["第一篇"]
    assert titles(index_dir, "苹果") == []
    assert titles(index_dir, "香蕉") == []


def test_unchanged_corpus_changes_nothing(tmp_path, corpus):
    Index.build(tmp_path / "ix", corpus)
    summary = Index.build(tmp_path / "ix", corpus)
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (0, 0, 0, 3)


def test_rebuild_makes_a_new_generation(tmp_path, corpus):
    Index.build(tmp_path / "ix", corpus)
    first = live_generation(tmp_path / "ix")
    summary = Index.build(tmp_path / "ix", corpus, rebuild=True)
    assert summary.added == 3 and summary.rebuilt
    assert live_generation(tmp_path / "ix") != first
    assert not first.exists()
    assert sorted(all_ids(tmp_path / "ix")) == ["one", "sub/three", "two"]


@pytest.mark.parametrize("procs", [1, 2])
def test_bad_files_are_reported_and_the_rest_indexed(tmp_path, corpus, procs):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"Title: x\n\xff\xfe\x00bad")
    summary = Index.build(tmp_path / "ix", corpus, procs=procs)
    assert summary.added == 3
    reasons = {Path(error.path).name: error.reason for error in summary.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("not valid UTF-8")
    assert all(str(error).startswith(error.path + ": ") for error in summary.skipped)


@pytest.mark.parametrize("procs", [1, 2])
def test_an_update_that_adds_only_articles_without_a_date_keeps_dates_sortable(tmp_path, corpus, procs):
    """Whoosh reads a column across segments by skipping the segments without it, so a segment whose documents
    all lack a date (or page, column, author) must still carry those columns."""
    index_dir = tmp_path / "ix"
    Index.build(index_dir, corpus)
    (corpus / "notes.txt").write_text("my notes about bananas\n", encoding="utf-8")  # no header, no date
    summary = Index.build(index_dir, corpus, procs=procs)
    assert (summary.added, summary.unchanged) == (1, 3)
    with Index.open(index_dir) as index:
        stats = index.stats()
        newest_first = [hit.id for hit in index.search("NOT zzzz", limit=10, sort="-date", snippets=False).hits]
        oldest_first = [hit.id for hit in index.search("NOT zzzz", limit=10, sort="date", snippets=False).hits]
        pages = index.search("NOT zzzz", limit=0, facets=["page", "year"]).facets
    assert (stats.documents, stats.date_min, stats.date_max) == (4, "1956-03-01", "1956-03-01")
    assert newest_first == ["one", "sub/three", "two", "notes"]  # undated last, as the README says; ties by id
    assert oldest_first == ["notes", "one", "sub/three", "two"]
    assert {name: [(count.value, count.count) for count in counts] for name, counts in pages.items()} == {
        "page": [(1, 3)], "year": [("1956", 3)]}


def test_an_index_updated_before_every_segment_had_every_column_is_reported_as_damaged(tmp_path, corpus,
                                                                                      monkeypatch):
    from searchkit.errors import IndexDamagedError
    from searchkit.segment_writer import BulkSegmentWriter

    Index.build(tmp_path / "ix", corpus)
    (corpus / "notes.txt").write_text("my notes\n", encoding="utf-8")
    monkeypatch.setattr(BulkSegmentWriter, "_create_every_column", lambda writer: None)  # the writer as it was
    Index.build(tmp_path / "ix", corpus)
    with Index.open(tmp_path / "ix") as index, pytest.raises(IndexDamagedError, match="--rebuild"):
        index.stats()


def test_a_chinese_page_number_too_large_for_the_index_does_not_stop_the_build(tmp_path, corpus):
    """It crashed the whole build (Whoosh refused the number); now the article is indexed without a page."""
    text = (corpus / "one.txt").read_text(encoding="utf-8").replace("Page: 1\n", "").replace("第1版", "第4294967296版")
    (corpus / "one.txt").write_text(text, encoding="utf-8")
    summary = Index.build(tmp_path / "ix", corpus)
    assert (summary.added, summary.skipped) == (3, [])
    with Index.open(tmp_path / "ix") as index:
        assert [hit.page for hit in index.search("苹果").hits] == [None]


@pytest.mark.parametrize("procs", [1, 2])
def test_a_file_that_breaks_keeps_its_previous_version(tmp_path, corpus, procs):
    Index.build(tmp_path / "ix", corpus)
    (corpus / "one.txt").write_bytes(b"\xff\xff")
    write_article(corpus, "two.txt", title_zh="第二篇改", body_zh="香蕉改了。")
    summary = Index.build(tmp_path / "ix", corpus, procs=procs)
    assert len(summary.skipped) == 1 and summary.removed == 0 and summary.updated == 1
    assert titles(tmp_path / "ix", "苹果") == ["第一篇"]
    assert titles(tmp_path / "ix", "香蕉") == ["第二篇改"]


def test_an_error_in_a_parallel_build_stops_the_workers_and_keeps_the_index(tmp_path, corpus):
    Index.build(tmp_path / "ix", corpus)
    before = all_ids(tmp_path / "ix")
    for number in range(40):
        write_article(corpus, f"more{number:02d}.txt", title_zh="更多", body_zh="更多的文章。")
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from searchkit.indexer import build_index
        def failing_progress(done, total):
            raise RuntimeError("progress display failed")
        try:
            build_index(Path(sys.argv[1]), Path(sys.argv[2]), procs=2, progress=failing_progress)
        except RuntimeError as error:
            print(error)
    """)
    completed = subprocess.run([sys.executable, "-c", script, str(tmp_path / "ix"), str(corpus)],
                               capture_output=True, text=True, timeout=60)
    assert completed.stdout.strip() == "progress display failed", completed.stderr
    assert all_ids(tmp_path / "ix") == before


def test_missing_corpus_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="corpus directory not found"):
        Index.build(tmp_path / "ix", tmp_path / "nowhere")


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_folder_without_articles_does_not_empty_an_index(tmp_path, corpus, rebuild):
    Index.build(tmp_path / "ix", corpus)
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "notes.html").write_text("not an article", encoding="utf-8")
    with pytest.raises(CorpusError, match="no article files .* holds 3 articles and is left as it is"):
        Index.build(tmp_path / "ix", empty, rebuild=rebuild)
    assert sorted(all_ids(tmp_path / "ix")) == ["one", "sub/three", "two"]


def test_another_folder_that_would_remove_articles_is_refused(tmp_path, corpus):
    Index.build(tmp_path / "ix", corpus)
    other = tmp_path / "other"
    write_article(other, "one.txt", title_zh="第一篇", body_zh="苹果。")
    write_article(other, "four.txt", title_zh="第四篇", body_zh="葡萄。")
    with pytest.raises(CorpusError, match=r"not the folder the index at .* was built from \(.*corpus\); updating "
                                          r"from it would remove 2 of its 3 articles\. Use --rebuild"):
        Index.build(tmp_path / "ix", other)
    assert sorted(all_ids(tmp_path / "ix")) == ["one", "sub/three", "two"]
    assert Index.build(tmp_path / "ix", other, rebuild=True).added == 2
    assert sorted(all_ids(tmp_path / "ix")) == ["four", "one"]


def test_a_moved_folder_updates_the_index_and_becomes_its_folder(tmp_path, corpus):
    Index.build(tmp_path / "ix", corpus)
    moved = corpus.rename(tmp_path / "moved")
    write_article(moved, "four.txt", title_zh="第四篇", body_zh="葡萄。")
    summary = Index.build(tmp_path / "ix", moved)
    assert (summary.added, summary.removed, summary.unchanged) == (1, 0, 3)
    (moved / "two.txt").unlink()  # the moved folder is the index's own now: a deleted file is removed
    assert Index.build(tmp_path / "ix", moved).removed == 1
    assert sorted(all_ids(tmp_path / "ix")) == ["four", "one", "sub/three"]


def test_a_folder_without_articles_makes_an_empty_index_where_there_was_none(tmp_path):
    (tmp_path / "empty").mkdir()
    Index.build(tmp_path / "ix", tmp_path / "empty")
    with Index.open(tmp_path / "ix") as index:
        stats = index.stats()
    assert (stats.documents, stats.date_min, stats.date_max) == (0, None, None)


def test_an_unreadable_folder_is_reported_and_its_articles_stay(tmp_path, corpus, monkeypatch):
    import searchkit.corpus_files

    Index.build(tmp_path / "ix", corpus)
    walk = os.walk

    def walk_without_sub(top, onerror=None, **options):  # as os.walk does when listing "sub" is not permitted
        for folder, subfolders, files in walk(top, onerror=onerror, **options):
            if "sub" in subfolders:
                subfolders.remove("sub")
                if onerror is not None:
                    onerror(PermissionError(13, "Permission denied", os.path.join(folder, "sub")))
            yield folder, subfolders, files
    monkeypatch.setattr(searchkit.corpus_files.os, "walk", walk_without_sub)
    (corpus / "two.txt").unlink()
    summary = Index.build(tmp_path / "ix", corpus)
    assert [str(error) for error in summary.skipped] == [f"{corpus / 'sub'}: cannot read folder (Permission denied)"]
    assert (summary.removed, sorted(all_ids(tmp_path / "ix"))) == (1, ["one", "sub/three"])


def test_missing_index_is_an_error(tmp_path):
    with pytest.raises(IndexMissingError):
        Index.open(tmp_path / "nothing-here")


def test_a_second_writer_is_refused(tmp_path, corpus):
    with _exclusive_lock(tmp_path / "ix"):
        with pytest.raises(IndexBusyError):
            Index.build(tmp_path / "ix", corpus)


def test_an_exception_during_indexing_leaves_the_previous_index(tmp_path, corpus, monkeypatch):
    Index.build(tmp_path / "ix", corpus)
    before = all_ids(tmp_path / "ix")
    write_article(corpus, "four.txt", title_zh="第四篇", body_zh="葡萄。")
    write_article(corpus, "one.txt", title_zh="第一篇", body_zh="西瓜。")

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("searchkit.indexer.read_article", explode)
    for rebuild in (False, True):
        with pytest.raises(RuntimeError):
            Index.build(tmp_path / "ix", corpus, rebuild=rebuild)
        assert all_ids(tmp_path / "ix") == before
        assert titles(tmp_path / "ix", "苹果") == ["第一篇"]
    assert len(list((tmp_path / "ix").glob("gen-*"))) == 1


KILLERS = {
    # SIGKILL after a few documents were handed to the writer.
    "mid-documents": """
        import searchkit.indexer as target
        real, seen = target.read_article, []
        def patched(*args, **kwargs):
            seen.append(1)
            if len(seen) == 3:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        target.read_article = patched
    """,
    # SIGKILL while committing: segment files are written but the new TOC is not yet renamed into place.
    "mid-commit": """
        import whoosh.filedb.filestore as target
        real = target.FileStorage.rename_file
        def patched(self, old, new, *args, **kwargs):
            if new.endswith(".toc"):
                os.kill(os.getpid(), signal.SIGKILL)
            return real(self, old, new, *args, **kwargs)
        target.FileStorage.rename_file = patched
    """,
    # SIGKILL during a rebuild, just before the new generation would become live.
    "before-swap": """
        import searchkit.indexer as target
        real = target._write_atomically
        def patched(path, text):
            if path.name == "CURRENT" and "gen-000001" not in text:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(path, text)
        target._write_atomically = patched
    """,
}


@pytest.mark.parametrize("moment", sorted(KILLERS))
def test_a_kill_during_indexing_leaves_the_previous_index_searchable(tmp_path, moment):
    corpus = tmp_path / "corpus"
    for path in sorted(SEEDS.glob("*.txt"))[:6]:
        (corpus / path.name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / path.name).write_bytes(path.read_bytes())
    index_dir = tmp_path / "ix"
    Index.build(index_dir, corpus)
    before = all_ids(index_dir)
    for path in sorted(SEEDS.glob("*.txt"))[6:12]:
        (corpus / path.name).write_bytes(path.read_bytes())
    script = "import os, signal, sys\nfrom pathlib import Path\n" + textwrap.dedent(KILLERS[moment]) + (
        "from searchkit.indexer import build_index\n"
        f"build_index(Path({str(index_dir)!r}), Path({str(corpus)!r}), rebuild={moment == 'before-swap'})\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert completed.returncode == -signal.SIGKILL, completed.stderr.decode()
    assert all_ids(index_dir) == before
    assert titles(index_dir, "先进生产者")  # still searchable, snippets and all
    summary = Index.build(index_dir, corpus)
    assert summary.added == 6
    assert len(all_ids(index_dir)) == 12
    assert [p.name for p in index_dir.glob("gen-*")] == [live_generation(index_dir).name]


def _processes_with_marker(marker: str) -> list[int]:
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def test_a_killed_parallel_build_leaves_the_index_and_no_orphan_workers(tmp_path):
    import os
    import time
    import uuid

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:4]:
        (corpus / path.name).write_bytes(path.read_bytes())
    index_dir = tmp_path / "ix"
    Index.build(index_dir, corpus)
    before = all_ids(index_dir)
    seeds = sorted(SEEDS.glob("*.txt"))
    for number in range(120):
        (corpus / f"copy{number:03d}.txt").write_bytes(seeds[number % len(seeds)].read_bytes())
    killer = """
        import searchkit.parallel as target
        real, seen = target.ParallelFileWriter._put_job, []
        def patched(self, batch):
            seen.append(1)
            if len(seen) == 5:  # the workers are busy with the first batches of files
                os.kill(os.getpid(), signal.SIGKILL)
            return real(self, batch)
        target.ParallelFileWriter._put_job = patched
    """
    script = "import os, signal, sys\nfrom pathlib import Path\n" + textwrap.dedent(killer) + (
        "from searchkit.indexer import build_index\n"
        f"build_index(Path({str(index_dir)!r}), Path({str(corpus)!r}), procs=2)\n")
    marker = f"searchkit-test-{uuid.uuid4()}"
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120,
                               env={**os.environ, "SEARCHKIT_TEST_MARKER": marker})
    assert completed.returncode == -signal.SIGKILL, completed.stderr.decode()
    deadline = time.monotonic() + 10
    while _processes_with_marker(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with_marker(marker) == []
    assert all_ids(index_dir) == before
    summary = Index.build(index_dir, corpus, procs=2)
    assert summary.added == 120
    assert len(all_ids(index_dir)) == 124


def test_a_worker_that_dies_fails_the_build_and_keeps_the_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:4]:
        (corpus / path.name).write_bytes(path.read_bytes())
    index_dir = tmp_path / "ix"
    Index.build(index_dir, corpus)
    before = all_ids(index_dir)
    for number in range(40):
        (corpus / f"copy{number:03d}.txt").write_bytes(seeds[number % len(seeds)].read_bytes())
    script = textwrap.dedent("""
        import os, sys
        from pathlib import Path
        import searchkit.parallel as target
        from searchkit.errors import SearchkitError
        from searchkit.indexer import build_index
        def dying(self, jobs, _unused):
            os._exit(3)
        target._FileWorker._process_file = dying
        try:
            build_index(Path(sys.argv[1]), Path(sys.argv[2]), procs=2)
        except SearchkitError as error:
            print(error)
            sys.exit(2)
    """)
    completed = subprocess.run([sys.executable, "-c", script, str(index_dir), str(corpus)], capture_output=True,
                               text=True, timeout=120)
    assert completed.returncode == 2, completed.stderr
    assert completed.stdout.strip() == "an indexing process stopped early (exit code 3)"
    assert all_ids(index_dir) == before


def test_parallel_workers_start_a_new_segment_every_few_thousand_documents(tmp_path, monkeypatch):
    """Each worker's postings wait on disk until its segment is written, so workers cut their segments short
    (DOCUMENTS_PER_SEGMENT, checked after each job of 16 files): here after 5 documents, so each of the three
    jobs that 40 files make ends a segment, and all of them are searchable."""
    import searchkit.parallel as parallel
    from whoosh import index as whoosh_index

    monkeypatch.setattr(parallel, "DOCUMENTS_PER_SEGMENT", 5)  # the workers are forked: they see it
    corpus = tmp_path / "corpus"
    for number in range(40):
        write_article(corpus, f"a{number:02d}.txt", title_zh=f"第{number}篇", body_zh="苹果和香蕉。")
    index_dir = tmp_path / "ix"
    assert Index.build(index_dir, corpus, procs=2).added == 40
    segments = whoosh_index.open_dir(str(live_generation(index_dir))).reader().leaf_readers()
    assert len(segments) == 3 and sum(reader.doc_count() for reader, _ in segments) == 40
    assert sorted(all_ids(index_dir)) == sorted(f"a{number:02d}" for number in range(40))
    with Index.open(index_dir) as index:
        assert index.search("香蕉", limit=1).total == 40
    write_article(corpus, "a00.txt", title_zh="第0篇", body_zh="西瓜。")
    assert Index.build(index_dir, corpus, procs=2).updated == 1
    assert titles(index_dir, "西瓜") == ["第0篇"] and len(all_ids(index_dir)) == 40


def test_files_that_would_share_an_id_are_reported(tmp_path, corpus):
    write_article(corpus, "one.md", title_zh="重名", body_zh="重名的文件。")
    summary = Index.build(tmp_path / "ix", corpus)
    assert [(Path(e.path).name, e.reason) for e in summary.skipped] == [
        ("one.txt", "duplicate id 'one' (same name as one.md)")]
    again = Index.build(tmp_path / "ix", corpus)
    assert (again.updated, again.unchanged) == (0, 3)


def test_a_damaged_index_is_reported_not_crashed(tmp_path, corpus):
    Index.build(tmp_path / "ix", corpus)
    for toc in live_generation(tmp_path / "ix").glob("*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexMissingError, match="damaged"):
        Index.open(tmp_path / "ix")


def _garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(40, len(data), 7):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["truncate terms", "garble postings", "garble stored ids", "current names nothing"])
def test_damaged_index_files_are_reported_with_the_command_that_rebuilds(tmp_path, seed_index_dir, damage):
    """Whatever reading a damaged file raises (OSError, zlib, pickle, struct errors) is one IndexDamagedError."""
    from searchkit.errors import IndexDamagedError

    shutil.copytree(seed_index_dir, tmp_path / "ix")  # a copy of the session's seed index, to damage
    generation = live_generation(tmp_path / "ix")
    if damage == "truncate terms":
        for terms in generation.glob("*.trm"):
            terms.write_bytes(terms.read_bytes()[:100])
    elif damage == "garble postings":
        for postings in generation.glob("*.pst"):
            _garble(postings)
    elif damage == "garble stored ids":  # Whoosh's from_bytes then raises UnicodeDecodeError in encodings.utf_8
        for column in generation.glob("*.id.col"):
            data = column.read_bytes()
            column.write_bytes(data[:40] + b"\xc7" * (len(data) - 40))
    else:
        (tmp_path / "ix" / "CURRENT").write_text("gen-999999")
    with pytest.raises(IndexDamagedError) as raised:
        with Index.open(tmp_path / "ix") as index:
            for query in ("劳动模范", "the", "producers", '"advanced producers"', "的"):
                index.search(query, limit=50)
    assert "damaged" in str(raised.value) and f"--index {tmp_path / 'ix'} --rebuild" in str(raised.value)


def test_one_indexing_process_per_200_files_up_to_the_cores():
    from searchkit.parallel import worker_count

    cores = len(os.sched_getaffinity(0))
    assert worker_count(199) == 1 and worker_count(399) == min(cores, 1)
    assert worker_count(400) == min(cores, 2)
    assert worker_count(10**6) == cores
    assert worker_count(5, requested=3) == 3 and worker_count(5000, requested=0) == 1


def test_a_value_error_of_a_bug_is_not_reported_as_a_damaged_index(seed_index_dir, monkeypatch):
    """Only errors raised while decoding the index's bytes mean damage; a rebuild would not mend a bug."""
    from searchkit import api
    from searchkit.errors import IndexDamagedError

    def broken(*args, **kwargs):
        raise ValueError("a bug in the snippets")

    with Index.open(seed_index_dir) as index:
        assert index.search("劳动模范").hits  # the index reads fine
        monkeypatch.setattr(api, "make_snippet", broken)
        with pytest.raises(ValueError, match="a bug") as raised:
            index.search("劳动模范")
    assert not isinstance(raised.value, IndexDamagedError)


def test_a_decoding_error_counts_as_damage_by_the_module_that_asked_for_the_decoding():
    from searchkit.generations import _raised_decoding_files

    def raised_in(module: str, code: str) -> BaseException:
        namespace = {"__name__": module}
        exec(f"import encodings.utf_8\ndef read():\n    {code}\n", namespace)
        try:
            namespace["read"]()
        except ValueError as error:
            return error
        raise AssertionError("nothing raised")

    # Whoosh decoding a stored value: the error is raised in encodings.utf_8, called by Whoosh
    assert _raised_decoding_files(raised_in("whoosh.columns", "encodings.utf_8.decode(b'\\xc7')"))
    assert not _raised_decoding_files(raised_in("searchkit.highlight", "encodings.utf_8.decode(b'\\xc7')"))
    assert not _raised_decoding_files(raised_in("searchkit.highlight", "raise ValueError('a bug')"))


@pytest.mark.parametrize("procs", [1, 2])
def test_a_file_missing_a_language_is_indexed_with_a_warning(tmp_path, corpus, procs):
    english_only = corpus / "cut.txt"
    english_only.write_text("Title: Cut short\nDate: 1956-03-01\nPage: 1\n\nThe harvest was good.\n", encoding="utf-8")
    summary = Index.build(tmp_path / "ix", corpus, procs=procs)
    assert (summary.added, summary.skipped) == (4, [])
    assert [(warning.path, warning.reason.split(";")[0]) for warning in summary.warnings] == [
        (str(english_only), "no Chinese original (no Chinese text after `<hr />` and `Original:`)")]
    assert summary.line().endswith("0 skipped (1 indexed with a warning)")
    with Index.open(tmp_path / "ix") as index:
        assert [hit.id for hit in index.search("harvest").hits] == ["cut"]


def test_files_with_both_languages_give_no_warning(tmp_path, corpus):
    summary = Index.build(tmp_path / "ix", corpus, procs=2)
    assert summary.warnings == []
    assert summary.line() == "3 added, 0 updated, 0 removed, 0 unchanged, 0 skipped"
