"""The query language: parse a user's query string into a syntax tree.

Grammar (AND binds tighter than OR; juxtaposition means AND):
    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or_expr ")" | FIELD ":" (value | "(" or_expr ")") | PHRASE ["~" N] | TERM ["*" | "~" [N]]
Fields: title, body, author, column, entities, date (1956, 1956-03, 1956-03-05, [1953 TO 1956-06]), page (3, [1 TO 4]).
Compiling the tree into a Whoosh query lives in compile.py.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from searchkit.errors import QuerySyntaxError
from searchkit.schema import LOGICAL_FIELDS, MAX_PAGE

SPECIAL_FIELDS = ("date", "page")
KNOWN_FIELDS = tuple(LOGICAL_FIELDS) + SPECIAL_FIELDS
OPEN_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』"}
_WORD_CHARACTER = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None
    modifier: str | None = None  # "prefix" (produc*) or "fuzzy" (producr~, producr~2)
    distance: int = 0  # edit distance of a fuzzy term


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None
    slop: int | None = None


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class DateRange:
    start: str  # inclusive ISO dates
    end: str


@dataclass(frozen=True)
class PageRange:
    low: int | None
    high: int | None


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD PHRASE LPAREN RPAREN FIELD RANGE AND OR NOT MINUS
    text: str
    position: int
    slop: int | None = None


_KNOWN_FIELD = "(?i:" + "|".join(KNOWN_FIELDS) + ")"
_TOKEN_PATTERN = re.compile(
    r"(?P<space>[\s”」』]+)"  # a closing quote mark with no opening one (a pasted quotation's end) parts words
    rf"|(?P<minus>[-－](?=[(（\"“「『]|[A-Za-z_]+[:：]\S|{_KNOWN_FIELD}[:：]))"
    r"|(?P<lparen>[(（])|(?P<rparen>[)）])"
    r"|(?P<field>[A-Za-z_]+)[:：](?=\S)"
    rf"|(?P<spaced_field>{_KNOWN_FIELD})[:：](?=\s|$)"  # title: 北京, or a field without a value
    r"|(?P<range>\[[^\]]*\])"
    r"|(?P<quote>[\"“「『])"
    r"|(?P<word>[^\s()（）\"“”「」『』\[\]]+)"
)
_SLOP = re.compile(r"~(\d+)(?=\s|[)）]|$)")


# Said after a syntax error that a passage pasted from an article can cause (a dateline in [ ], "--", a quote
# mark opened in one sentence and closed in the next, *italics*): quoted, the passage is searched as written.
PASTED_TEXT_HINT = "; to search for pasted text as written, put it in double quotes (in 「」 if it holds a \")"


def pasted_text_error(message: str) -> QuerySyntaxError:
    return QuerySyntaxError(message + PASTED_TEXT_HINT)


def _read_phrase(query: str, start: int) -> tuple[_Token, int]:
    closing = OPEN_QUOTES[query[start]]
    end = query.find(closing, start + 1)
    if end < 0:
        raise pasted_text_error(f"unterminated quote at position {start + 1}")
    if not query[start + 1:end].strip():
        raise QuerySyntaxError(f"empty quotes at position {start + 1}")
    slop, after = None, end + 1
    if query.startswith("~", after):
        slop_match = _SLOP.match(query, after)
        if slop_match is None:
            written = re.match(r"~[^\s)）]*", query[after:]).group()
            raise QuerySyntaxError(f"'{written}' at position {after + 1} should be ~ and a number of words, "
                                   f"as in \"a b\"~5")
        slop, after = int(slop_match.group(1)), slop_match.end()
    return _Token("PHRASE", query[start + 1:end], start, slop), after


_OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "ＡＮＤ": "AND", "ＯＲ": "OR", "ＮＯＴ": "NOT"}  # full width too


def _classify_word(text: str, position: int) -> _Token:
    if text in _OPERATORS:
        return _Token(_OPERATORS[text], text, position)
    if text in ("&&", "||"):
        return _Token("AND" if text == "&&" else "OR", text, position)
    return _Token("WORD", text, position)


def tokenize(query: str) -> list[_Token]:
    """Split a query string into tokens; '-' directly before a term means NOT."""
    tokens: list[_Token] = []
    position = 0
    while position < len(query):
        match = _TOKEN_PATTERN.match(query, position)
        if match is None:
            raise pasted_text_error(f"unexpected character {query[position]!r} at position {position + 1}")
        kind = match.lastgroup
        if kind == "quote":
            token, position = _read_phrase(query, position)
            tokens.append(token)
            continue
        position = match.end()
        if kind == "minus":
            tokens.append(_Token("MINUS", "-", match.start()))
        elif kind in ("field", "spaced_field"):
            tokens.append(_Token("FIELD", match.group(kind).lower(), match.start()))
        elif kind in ("lparen", "rparen", "range"):
            tokens.append(_Token(kind.upper(), match.group(), match.start()))
        elif kind == "word":
            tokens.extend(_split_word(match.group(), match.start()))
    return tokens


def _split_word(text: str, position: int) -> list[_Token]:
    if not text.strip("-－+"):
        raise pasted_text_error(f"'{text}' at position {position + 1} must stand right before a term")
    if text.startswith(("-", "－")) and len(text) > 1:
        return [_Token("MINUS", "-", position), _classify_word(text[1:], position + 1)]
    if text.startswith("+") and len(text) > 1:
        return [_classify_word(text[1:], position + 1)]
    return [_classify_word(text, position)]


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = tokenize(query)
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self):
        if not self.tokens:
            raise QuerySyntaxError("empty query")
        node = self.or_expr()
        extra = self.peek()
        if extra is not None:
            raise pasted_text_error(f"unexpected {extra.text!r} at position {extra.position + 1}")
        if not _searches_something(node):
            raise QuerySyntaxError("nothing to search: the query holds only punctuation or symbols; to find them as "
                                   "written, put them in double quotes")
        return node

    def or_expr(self):
        children = [self.and_expr()]
        while self.peek() is not None and self.peek().kind == "OR":
            self.take()
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self):
        children = [self.unary()]
        while self.peek() is not None and self.peek().kind not in ("OR", "RPAREN"):
            if self.peek().kind == "AND":
                self.take()
            children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self):
        token = self.peek()
        if token is None:
            raise QuerySyntaxError("query ends where a term was expected")
        if token.kind in ("NOT", "MINUS"):
            self.take()
            return Not(self.unary())
        return self.primary()

    def primary(self):
        token = self.take()
        if token.kind == "LPAREN":
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise pasted_text_error(f"unclosed parenthesis at position {token.position + 1}")
            self.take()
            return node
        if token.kind == "FIELD":
            return self.fielded(token)
        if token.kind == "PHRASE":
            return Phrase(token.text, None, token.slop)
        if token.kind == "WORD":
            return word_term(token.text, None, token.position)
        raise pasted_text_error(f"unexpected {token.text!r} at position {token.position + 1}")

    def fielded(self, field_token: _Token):
        name = field_token.text
        if name not in KNOWN_FIELDS:
            raise pasted_text_error(f"unknown field '{name}' (fields: {', '.join(KNOWN_FIELDS)})")  # dispatch:The
        value = self.peek()
        if value is None:
            raise QuerySyntaxError(f"field '{name}' has no value")
        if value.kind == "MINUS":
            following = self.tokens[self.index + 1].text if self.index + 1 < len(self.tokens) else ""
            raise QuerySyntaxError(f"field '{name}' cannot take '-{following}'; to leave matches out, put the '-' "
                                   f"before the field: -{name}:{following}")
        if name in SPECIAL_FIELDS:
            self.take()
            return parse_date_value(value.text) if name == "date" else parse_page_value(value.text)
        if value.kind == "LPAREN":
            return _with_field(self.primary(), name)
        self.take()
        if value.kind == "PHRASE":
            return Phrase(value.text, name, value.slop)
        if value.kind == "WORD":
            return word_term(value.text, name, value.position)
        raise QuerySyntaxError(f"field '{name}' cannot take {value.text!r}")


def _searches_something(node) -> bool:
    """Whether the tree holds a quoted string, a word with a letter, digit or character, or a date or page."""
    if isinstance(node, Term):
        return _WORD_CHARACTER.search(node.text) is not None
    if isinstance(node, (And, Or)):
        return any(_searches_something(child) for child in node.children)
    return _searches_something(node.child) if isinstance(node, Not) else True


def _with_field(node, field: str):
    """Apply a field to every unfielded term inside a parenthesised group: title:(a OR b)."""
    if isinstance(node, Term) and node.field is None:
        return Term(node.text, field, node.modifier, node.distance)
    if isinstance(node, Phrase) and node.field is None:
        return Phrase(node.text, field, node.slop)
    if isinstance(node, (And, Or)):
        return type(node)(tuple(_with_field(child, field) for child in node.children))
    if isinstance(node, Not):
        return Not(_with_field(node.child, field))
    return node


_FUZZY_SUFFIX = re.compile(r"~(\d?)$")
_LATIN_LETTER = re.compile("[A-Za-z]")
_TILDE_AFTER_A_LETTER = re.compile(r"[A-Za-z]~")


def word_term(text: str, field: str | None, position: int) -> Term:
    """A bare word, with its prefix (word*) or fuzzy (word~, word~2) marker read off."""
    fuzzy = _FUZZY_SUFFIX.search(text)
    if "*" in text.rstrip("*"):
        raise pasted_text_error(f"'*' in '{text}' at position {position + 1} can only end a word, as in produc*")
    if text.endswith("*"):
        stem, modifier, distance = text.rstrip("*"), "prefix", 0
    elif fuzzy:
        stem, modifier = text[:fuzzy.start()], "fuzzy"
        distance = int(fuzzy.group(1)) if fuzzy.group(1) else (1 if len(stem) <= 5 else 2)
    elif _TILDE_AFTER_A_LETTER.search(text):  # Beijing~-1, Beijing~1.5 (1949~1956 and 北京~上海 are text)
        raise _misplaced_tilde(text, position)
    else:
        return Term(text, field)
    if _TILDE_AFTER_A_LETTER.search(stem):  # Bei~jing~, Beijing~1.5*
        raise _misplaced_tilde(text, position)
    if not stem or stem.endswith(("*", "~")):
        raise QuerySyntaxError(f"'{text}' at position {position + 1} needs letters before {text[len(stem):]!r}")
    if modifier == "fuzzy" and not 1 <= distance <= 2:
        raise QuerySyntaxError(f"fuzzy distance in '{text}' can be 1 or 2")
    if modifier == "fuzzy" and not _LATIN_LETTER.search(stem):
        raise QuerySyntaxError(f"'{text}' at position {position + 1}: ~ finds English words spelled nearly alike; "
                               f"'{stem}' has no English letters")
    return Term(stem, field, modifier, distance)


def _misplaced_tilde(text: str, position: int) -> QuerySyntaxError:
    return QuerySyntaxError(f"'{text}' at position {position + 1}: a fuzzy word ends in ~, ~1 or ~2, as in producr~")


_DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def date_bounds(text: str) -> tuple[str, str]:
    """The first and last ISO day of a year, month or day written as 1956, 1956-03 or 1956-03-05."""
    match = _DATE_PATTERN.match(text.strip())
    if not match:
        raise QuerySyntaxError(f"invalid date '{text}' (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).isoformat(), date(year, month, last).isoformat()
        single = date(year, month, day).isoformat()
    except ValueError:
        raise QuerySyntaxError(f"invalid date '{text}'") from None
    return single, single


def _range_parts(text: str) -> tuple[str, str]:
    inner = text.strip()[1:-1].strip()
    parts = re.split(r"\s+TO\s+", inner)
    if len(parts) != 2 or not all(parts):
        raise QuerySyntaxError(f"invalid range '{text}' (use [FROM TO UNTIL], * for open)")
    return parts[0], parts[1]


def date_span(low: str | None, high: str | None) -> tuple[str, str]:
    """The first ISO day of low and the last of high, each written YYYY, YYYY-MM or YYYY-MM-DD; None is open."""
    return (date_bounds(low)[0] if low is not None else "0000-01-01",
            date_bounds(high)[1] if high is not None else "9999-12-31")


def parse_date_value(text: str) -> DateRange:
    if not text.startswith("["):
        return DateRange(*date_bounds(text))
    low, high = _range_parts(text)
    start, end = date_span(None if low == "*" else low, None if high == "*" else high)
    if start > end:
        raise QuerySyntaxError(f"date range '{text}' ends before it starts")
    return DateRange(start, end)


def _page_number(text: str) -> int | None:
    if text == "*":
        return None
    if not text.isdigit():
        raise QuerySyntaxError(f"invalid page '{text}' (use a number)")
    return min(int(text), MAX_PAGE)  # no page is larger: a larger bound finds what MAX_PAGE finds


def parse_page_value(text: str) -> PageRange:
    if not text.startswith("["):
        number = _page_number(text)
        return PageRange(number, number)
    low, high = _range_parts(text)
    first, last = _page_number(low), _page_number(high)
    if first is not None and last is not None and first > last:
        raise QuerySyntaxError(f"page range '{text}' ends before it starts")
    return PageRange(first, last)


MAX_QUERY_LENGTH = 10_000


# Full-width letters, digits, _ as ASCII (ｔｉｔｌｅ：北京); invisible format characters (a zero-width space) dropped
_TYPED_FORMS = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), 0xFF3F, *range(
    0xFF41, 0xFF5B)]} | dict.fromkeys([0xAD, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070),
                                       0xFEFF])


# A full-width tilde (what Chinese input methods type) after a closing quote or a Latin letter: proximity ("劳动
# 模范"～5) or fuzziness (producr～). Elsewhere it stays text: 1949～1956 is a range of years.
_FULL_WIDTH_TILDE = re.compile(r"(?<=[\"”」』])～(?=\d+(?:\s|[)）]|$))|(?<=[A-Za-z])～(?=[12]?(?:\s|[)）]|$))")


def parse_query(query: str):
    """Parse a query string into a syntax tree of Term, Phrase, And, Or, Not, DateRange and PageRange."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"query is longer than {MAX_QUERY_LENGTH:,} characters")
    try:
        return _Parser(_FULL_WIDTH_TILDE.sub("~", query.translate(_TYPED_FORMS))).parse()
    except RecursionError:
        raise QuerySyntaxError("query nests parentheses or NOT too deeply") from None
