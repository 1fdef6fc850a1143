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

    def to_dict(self) -> dict:
        """Every field, in declaration order (JSON-ready)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
