"""Find the article files of a corpus folder: .txt and .md files in every subfolder, hidden ones and READMEs
skipped, sorted by relative path; folders that cannot be listed are reported."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from searchkit.errors import CorpusError

ARTICLE_SUFFIXES = (".txt", ".md")

_SKIPPED_FILE_NAMES = frozenset({"readme.md"})


def article_relative_paths(root: Path, unreadable: list[CorpusError] | None = None) -> list[str]:
    """find_article_files as relative posix paths: strings, which take a fraction of the memory of Path objects
    (a corpus of a million files is planned in the indexer's main process). A subfolder that cannot be listed is
    added to `unreadable` (path and reason) when a list is given."""
    root = Path(root)
    require_corpus_folder(root)
    return sorted(_article_files(root, unreadable))


def require_corpus_folder(root: Path) -> None:
    """An error unless root is a folder (a file given instead gets its own message)."""
    if not root.is_dir():
        raise CorpusError(str(root), "is a file, not a folder of articles: index the folder that holds it"
                          if root.exists() else "corpus directory not found")


def has_article_files(root: Path) -> bool:
    """True as soon as one article file is found under root (find_article_files without listing them all). A
    root that cannot be listed is an error."""
    unreadable: list[CorpusError] = []
    found = next(_article_files(Path(root), unreadable), None) is not None
    if unreadable and unreadable[0].path == str(root):
        raise unreadable[0]
    return found


def _article_files(root: Path, unreadable: list[CorpusError] | None) -> Iterator[str]:
    """The relative posix paths of the article files under root, folder by folder; hidden folders skipped."""
    def note(error: OSError) -> None:
        if unreadable is not None:
            unreadable.append(CorpusError(error.filename, f"cannot read folder ({error.strerror or error})"))

    for folder, subfolders, file_names in os.walk(root, onerror=note):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        prefix = Path(folder).relative_to(root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        yield from (prefix + name for name in file_names
                    if is_article_file_name(name) and os.path.isfile(os.path.join(folder, name)))


def is_article_file_name(name: str) -> bool:
    return (
        not name.startswith(".")
        and name.lower() not in _SKIPPED_FILE_NAMES
        and Path(name).suffix.lower() in ARTICLE_SUFFIXES
    )
