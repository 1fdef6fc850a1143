"""Find and open the live generation of an index directory (the read side of indexer.py's layout), without
importing what building needs: every search starts here."""

from __future__ import annotations

import json
import pickle
import struct
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from whoosh import index as whoosh_index
from whoosh.reading import CorruptIndexError

from searchkit.corpus_files import is_article_file_name
from searchkit.errors import IndexDamagedError, IndexMissingError, SearchkitError
from searchkit.schema import SCHEMA_VERSION

CURRENT_FILE = "CURRENT"
META_FILE = "searchkit.json"


def live_generation(index_dir: Path) -> Path | None:
    """The directory of the live generation, or None when there is no index at index_dir."""
    try:
        name = (index_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    generation = index_dir / name
    return generation if (generation / META_FILE).is_file() else None


def read_meta(generation: Path) -> dict:
    return json.loads((generation / META_FILE).read_text(encoding="utf-8"))


def damaged(index_dir: Path, reason: str) -> IndexDamagedError:
    """The error for an index that is there but cannot be read, with the command that rebuilds it."""
    return IndexDamagedError(f"the index at {index_dir} is damaged ({reason}); "
                             f"run: searchkit index CORPUS --index {index_dir} --rebuild")


def open_whoosh_index(index_dir: Path):
    """Open the live generation's Whoosh index for reading."""
    generation = live_generation(index_dir)
    if generation is None and (index_dir / CURRENT_FILE).is_file():
        raise damaged(index_dir, f"{CURRENT_FILE} names a generation that is missing or incomplete")
    if generation is None:
        raise _missing(index_dir)
    try:
        meta = read_meta(generation)
    except (OSError, ValueError) as error:
        raise damaged(index_dir, str(error)) from None
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexMissingError(f"the index at {index_dir} was built by another version of searchkit "
                                f"(run: searchkit index CORPUS --index {index_dir} --rebuild)")
    try:
        return whoosh_index.open_dir(str(generation))
    except Exception as error:  # Whoosh raises several kinds for a damaged TOC or segment
        raise damaged(index_dir, type(error).__name__) from None


def _missing(index_dir: Path) -> IndexMissingError:
    """No index at index_dir: what to run, unless the folder holds article files (a corpus given as the index)."""
    if index_dir.is_dir() and any(is_article_file_name(path.name) for path in index_dir.iterdir()):
        return IndexMissingError(f"no index at {index_dir}: it holds article files, so it is a corpus, not an "
                                 f"index (build one from it: searchkit index {index_dir} --index INDEX_DIR)")
    shown = index_dir if index_dir.is_absolute() or str(index_dir).startswith(".") else f"./{index_dir}"
    return IndexMissingError(f"no index at {shown} (run: searchkit index CORPUS --index {shown})")


def index_exists(index_dir: Path) -> bool:
    return live_generation(Path(index_dir)) is not None


def index_size_bytes(index_dir: Path) -> int:
    generation = live_generation(Path(index_dir))
    if generation is None:
        raise SearchkitError(f"no index at {index_dir}")
    return sum(p.stat().st_size for p in generation.iterdir() if p.is_file())


# What reading truncated, garbled or unreadable index files raises (from Whoosh, zlib, pickle and the OS).
_READ_FAILURES = (OSError, EOFError, ValueError, IndexError, zlib.error, struct.error, pickle.UnpicklingError,
                  CorruptIndexError, whoosh_index.IndexError)


@contextmanager
def reading(index_dir: Path) -> Iterator[None]:
    """Report a failure to read the index's files as IndexDamagedError, naming the index and the way out."""
    try:
        yield
    except _READ_FAILURES as error:
        if (isinstance(error, ValueError) and not _raised_decoding_files(error)) or \
                (isinstance(error, IndexError) and not _raised_decoding_files(error, _COLUMN_READERS)):
            raise  # a bug elsewhere, not the index's files: told as one, not as a reason to rebuild
        reason = (error.strerror if isinstance(error, OSError) and error.strerror else str(error)) or \
            type(error).__name__
        raise damaged(index_dir, reason) from None


# Where a ValueError means bytes read from the index did not decode: raised (directly, or through a standard
# decoder) by Whoosh's readers, numpy's, or our own. The same error raised anywhere else (parsing a query, making
# a snippet) is a bug, not damage. An IndexError means damage only from Whoosh's column readers: a segment lacking
# a column, as updates wrote them before every segment got every column.
_DECODING_MODULES = ("whoosh.", "numpy.", "searchkit.generations", "searchkit.block_reader",
                     "searchkit.packed_blocks", "searchkit.posting_format", "searchkit.posting_runs",
                     "searchkit.vector_search")
_COLUMN_READERS = ("whoosh.columns",)
_STANDARD_DECODERS = ("encodings.", "codecs", "pickle", "json.", "_compat_pickle")


def _raised_decoding_files(error: BaseException, modules: tuple[str, ...] = _DECODING_MODULES) -> bool:
    """True when the innermost frame of the error's traceback outside the standard library's decoders (a
    UnicodeDecodeError is raised in encodings.utf_8, called by Whoosh) belongs to one of the modules."""
    frames, traceback = [], error.__traceback__
    while traceback is not None:
        frames.append(traceback.tb_frame.f_globals.get("__name__", ""))
        traceback = traceback.tb_next
    caller = next((module for module in reversed(frames) if not module.startswith(_STANDARD_DECODERS)), "")
    return caller.startswith(modules)
