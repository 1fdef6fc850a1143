"""The one declaration of the index schema and of how query fields map onto index fields."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import fields, formats

from searchkit.analysis import PAIR_MARK, chinese_exact_analyzer, chinese_word_analyzer, english_analyzer
from searchkit.posting_format import PackedPositions

PAGE_COLUMN_DEFAULT = 2**32 - 1  # what the page column (unsigned 32 bits) holds for an article without a page
MAX_PAGE = PAGE_COLUMN_DEFAULT - 1  # the largest page number: below the default, so that none reads as missing

# Bump whenever the schema, an analyzer or the posting block layout changes what is written; an index of another
# version is rebuilt.
# 18: packed blocks' heads (id deltas, frequencies) hold each column in 1, 2 or 4 bytes a number, not compressed;
# 17: packed blocks store positions below 65,536 in 2 bytes each, uncompressed, and small blocks are not compressed;
# 16: the alignment is stored as paragraph groups, whose sentences a search aligns (alignment_groups); 15: an ordinal
# with thousands commas is its number too (1,000th: 1000); 14: an ordinal number is its number (31st: 31, so "May 31"
# finds May 31st); 13: a dotted acronym's possessive is one token (U.S.'s, U.N.'s); acronyms right after Chinese or in
# single quotes; 12: acronyms' possessives (US's) and full-width forms (ＵＳ) too; 11: acronyms spelled like common
# words (US, U.S., WHO, AIDS, IT) are terms of their own (u.s.); 10: u.s without its last dot is one word, as u.s. is;
# 9: invisible format characters fold to nothing, joined hyphenated words, the section field.
SCHEMA_VERSION = 18


@dataclass(frozen=True)
class LogicalField:
    """A field users name in queries (`title:`): the Article attributes it reads and the index fields that hold it."""

    name: str
    source_en: str | None  # Article attribute analysed for English
    source_zh: str  # Article attribute analysed for Chinese
    english: str | None  # index field: English stems
    chinese_words: str  # index field: jieba words
    chinese_exact: str  # index field: character unigrams + bigrams
    weight: float


LOGICAL_FIELDS: dict[str, LogicalField] = {
    field.name: field
    for field in (
        LogicalField("title", "title_en", "title_zh", "title_en", "title_zh", "title_zhx", 3.0),
        LogicalField("body", "body_en", "body_zh", "body_en", "body_zh", "body_zhx", 1.0),
        LogicalField("author", "author_en", "author_zh", "author_en", "author_zh", "author_zhx", 1.5),
        LogicalField("column", None, "column_zh", None, "column_zh", "column_zhx", 1.0),
        LogicalField("entities", "entities", "entities", "entities_en", "entities_zh", "entities_zhx", 0.5),
        LogicalField("section", None, "page_zh", None, "section_zh", "section_zhx", 0.5),  # 副刊 in 第8版(副刊)
    )
}


def latin_in_chinese_fields(fields: list[LogicalField]) -> list[LogicalField]:
    """The fields whose Chinese text a Latin word or number is sought in: not the Named Entities block, whose Latin
    half (romanized and English names) is searched as English; as a string, Shi would match Friend*shi*p there."""
    return [field for field in fields if field.name != "entities"]


def chinese_string_fields(key: str, fields: list[LogicalField]) -> list[LogicalField]:
    """The fields a quoted string with Chinese characters is sought in: not the Named Entities block when the
    (folded) string holds Latin letters, digits or ASCII punctuation, unless that block is the only field named:
    its lines pair Chinese names with romanized and English ones (北京 (Beijing)), which are searched as English.
    Name punctuation (扎法尔·阿斯拉姆) is Chinese text."""
    if not any(char.isascii() for char in key) or all(field.name == "entities" for field in fields):
        return fields
    return latin_in_chinese_fields(fields)


# Fields searched when a term names no field. The section of the page is searched only when named: it says where
# an article stood, not what it says (经济 would otherwise find every article of an economics page).
DEFAULT_FIELDS = tuple(name for name in LOGICAL_FIELDS if name != "section")


def build_schema() -> fields.Schema:
    """Aligned English/Chinese fields: the stored article, English stems, jieba words and exact character grams."""
    english, words, exact = english_analyzer(), chinese_word_analyzer(), chinese_exact_analyzer()
    declared: dict[str, fields.FieldType] = {
        "id": fields.ID(stored=True, unique=True, sortable=True),
        "article": fields.STORED(),  # Article.to_dict()
        "source": fields.STORED(),  # {"path": ..., "sha256": ...} for incremental updates
        "alignment_groups": fields.STORED(),  # [(mode, en_start, en_end, zh_start, zh_end), ...]: align.Group
        "date": fields.ID(stored=True, sortable=True),
        "year": fields.ID(sortable=True),
        "month": fields.ID(sortable=True),
        "page": fields.NUMERIC(int, stored=True, sortable=True, signed=False),  # 0..MAX_PAGE
        "page_zh": fields.ID(sortable=True),
        "column": fields.ID(sortable=True),
        "author": fields.ID(sortable=True),  # facet value: the English author line, else the Chinese one
    }
    for logical in LOGICAL_FIELDS.values():
        if logical.english:
            declared[logical.english] = _text_with_format(english, PackedPositions(uncounted_prefix=PAIR_MARK))
        declared[logical.chinese_words] = _text_with_format(words, formats.Frequency())
        declared[logical.chinese_exact] = _text_with_format(exact, PackedPositions())
    return fields.Schema(**declared)


def bulk_analyses() -> dict:
    """The analysis (postings.BulkAnalysis) a bulk segment writer applies to each text field; imported when
    indexing only, as it needs numpy."""
    from searchkit.postings import CHINESE_WORDS, ENGLISH_STEMS, EXACT_GRAMS

    analyses = {}
    for logical in LOGICAL_FIELDS.values():
        if logical.english:
            analyses[logical.english] = ENGLISH_STEMS
        analyses[logical.chinese_words] = CHINESE_WORDS
        analyses[logical.chinese_exact] = EXACT_GRAMS
    return analyses


def _text_with_format(analyzer, postings_format) -> fields.TEXT:
    """A TEXT field with its analyzer (used for queries and highlighting) and the format its postings are stored in:
    packed positions for phrase matching, or frequencies alone for the jieba words, which only rank."""
    field = fields.TEXT(analyzer=analyzer, phrase=isinstance(postings_format, PackedPositions))
    field.format = postings_format
    return field
