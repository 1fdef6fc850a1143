"""The Article record: one archive article's two languages and header fields, as parsed and as stored."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One archive article: the English translation, the Chinese original and their header fields."""

    id: str
    title_en: str = ""
    author_en: str = ""
    date: str = ""
    page: int | None = None
    body_en: str = ""
    entities: str = ""
    title_zh: str = ""
    author_zh: str = ""
    page_zh: str = ""
    column_zh: str = ""
    body_zh: str = ""
    warnings: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False)  # not stored: see to_dict

    def to_dict(self) -> dict:
        """Every field but the parser's warnings, in declaration order (JSON-ready)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)
                if field.name != "warnings"}
