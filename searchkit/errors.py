"""The searchkit exception hierarchy: every failure the library reports to its callers."""

from __future__ import annotations


class SearchkitError(Exception):
    """Base class of every error searchkit raises on purpose."""


class CorpusError(SearchkitError):
    """A corpus file could not be read or parsed; carries the path and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # pickled by indexing worker processes: rebuild from both arguments
        return type(self), (self.path, self.reason)


class QuerySyntaxError(SearchkitError):
    """The user's query string is not valid in the query language."""


class IndexMissingError(SearchkitError):
    """No index exists at the given location."""


class IndexDamagedError(IndexMissingError):
    """The index's files cannot be read: truncated, garbled, missing or unreadable."""


class IndexBusyError(SearchkitError):
    """Another process is writing the index."""


class UsageError(SearchkitError):
    """An option value is invalid (bad date, unknown field, negative limit, ...)."""


class ArticleNotFoundError(SearchkitError):
    """No article with the requested id is in the index."""


def internal_error_message(error: Exception) -> str:
    """What to say of an exception searchkit did not raise on purpose (a bug), in one line."""
    return f"internal error: {type(error).__name__}: {error} (set SEARCHKIT_DEBUG=1 for details)"
