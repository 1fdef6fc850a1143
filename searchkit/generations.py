"""Find and open the live generation of an index directory (the read side of indexer.py's layout), without
importing what building needs: every search starts here."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import index as whoosh_index

from searchkit.errors import IndexMissingError, SearchkitError
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


def open_whoosh_index(index_dir: Path):
    """Open the live generation's Whoosh index for reading."""
    generation = live_generation(index_dir)
    if generation is None:
        raise IndexMissingError(f"no index at {index_dir} (run: searchkit index)")
    try:
        meta = read_meta(generation)
    except (OSError, ValueError) as error:
        raise IndexMissingError(f"the index at {index_dir} is damaged ({error}); run: searchkit index --rebuild") \
            from None
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise IndexMissingError(
            f"the index at {index_dir} was built by another version of searchkit (run: searchkit index --rebuild)")
    try:
        return whoosh_index.open_dir(str(generation))
    except Exception as error:  # Whoosh raises several kinds for a damaged TOC or segment
        raise IndexMissingError(f"the index at {index_dir} is damaged ({type(error).__name__}); "
                                "run: searchkit index --rebuild") from None


def index_exists(index_dir: Path) -> bool:
    return live_generation(Path(index_dir)) is not None


def index_size_bytes(index_dir: Path) -> int:
    generation = live_generation(Path(index_dir))
    if generation is None:
        raise SearchkitError(f"no index at {index_dir}")
    return sum(p.stat().st_size for p in generation.iterdir() if p.is_file())
