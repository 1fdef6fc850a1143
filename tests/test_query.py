import pytest

from searchkit.errors import QuerySyntaxError
from searchkit.query import PASTED_TEXT_HINT, And, DateRange, Not, Or, PageRange, Phrase, Term, parse_query
from searchkit.schema import MAX_PAGE


@pytest.mark.parametrize("text, tree", [
    ("劳动模范", Term("劳动模范")),
    ("Beijing 劳动模范", And((Term("Beijing"), Term("劳动模范")))),
    ("a AND b", And((Term("a"), Term("b")))),
    ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
    ("NOT a", Not(Term("a"))),
    ("a -b", And((Term("a"), Not(Term("b"))))),
    ("(a OR b) c", And((Or((Term("a"), Term("b"))), Term("c")))),
    ('"advanced producers"', Phrase("advanced producers")),
    ('“劳动模范”', Phrase("劳动模范")),
    ('"劳动 模范"~5', Phrase("劳动 模范", None, 5)),
    ("title:北京", Term("北京", "title")),
    ('author:"Mei Zhi"', Phrase("Mei Zhi", "author")),
    ("title:(a OR b)", Or((Term("a", "title"), Term("b", "title")))),
    ("date:1956", DateRange("1956-01-01", "1956-12-31")),
    ("date:1956-02", DateRange("1956-02-01", "1956-02-29")),
    ("date:1956-03-05", DateRange("1956-03-05", "1956-03-05")),
    ("date:[1953 TO 1956-06]", DateRange("1953-01-01", "1956-06-30")),
    ("date:[* TO 1949]", DateRange("0000-01-01", "1949-12-31")),
    ("page:1", PageRange(1, 1)),
    ("page:[2 TO *]", PageRange(2, None)),
    ("page:[1 TO 99999999999]", PageRange(1, MAX_PAGE)),  # beyond the largest page the field holds: clamped
    ("page:4294967296", PageRange(MAX_PAGE, MAX_PAGE)),
    ("（苏联 OR 罗马尼亚）", Or((Term("苏联"), Term("罗马尼亚")))),
    ("苏联 ＯＲ 美国 ＡＮＤ ＮＯＴ 日本", Or((Term("苏联"), And((Term("美国"), Not(Term("日本"))))))),  # full width
    ("title: 北京", Term("北京", "title")),  # a space after the colon of a known field
    ("ｔｉｔｌｅ：北京", Term("北京", "title")),  # full-width letters and digits read as ASCII
    ("date:１９５６", DateRange("1956-01-01", "1956-12-31")),
    ("苏联 ｏｒ 美国", And((Term("苏联"), Term("or"), Term("美国")))),  # or in lower case is a word, as in ASCII
    ("Title：北京 date: 1956", And((Term("北京", "title"), DateRange("1956-01-01", "1956-12-31")))),
    ("note: 北京", And((Term("note:"), Term("北京")))),  # not a field: a word, as pasted text has them
    ('("劳动 模范"~5)', Phrase("劳动 模范", None, 5)),
])
def test_parse(text, tree):
    assert parse_query(text) == tree


@pytest.mark.parametrize("text, message", [
    ("", "empty query"),
    ("   ", "empty query"),
    ("。", "nothing to search: the query holds only punctuation or symbols"),
    ("，，！ ...", "nothing to search"),
    ("。 OR 🙂", "to find them as written, put them in double quotes"),
    ("-。", "nothing to search"),
    ('"unterminated', "unterminated quote"),
    ("(a OR b", "unclosed parenthesis"),
    ("a OR", "query ends where a term was expected"),
    ("a )", "unexpected ')'"),
    ("foo:bar", "unknown field 'foo'"),
    ("dispatch:The", "put it in double quotes"),
    ("page:-1", "field 'page' cannot take '-1'; to leave matches out, put the '-' before the field: -page:1"),
    ("title:-北京", "-title:北京"),
    ("date:1956-13", "invalid date '1956-13'"),
    ("date:1956-02-30", "invalid date"),
    ("date:[1956 TO 1950]", "ends before it starts"),
    ("page:[4 TO 2]", "page range '[4 TO 2]' ends before it starts"),
    ("date:[1956 1950]", "invalid range"),
    ("page:x", "invalid page"),
    ("soviet~0", "fuzzy distance in 'soviet~0' can be 1 or 2"),
    ("soviet~3", "fuzzy distance in 'soviet~3' can be 1 or 2"),
    ("Beijing~-1", "'Beijing~-1' at position 1: a fuzzy word ends in ~, ~1 or ~2"),
    ("a Beijing~1.5", "'Beijing~1.5' at position 3: a fuzzy word ends in ~, ~1 or ~2"),
    ("Bei~jing~", "'Bei~jing~' at position 1: a fuzzy word ends in ~, ~1 or ~2"),
    ("Beijing~1.5*", "'Beijing~1.5*' at position 1: a fuzzy word ends in ~, ~1 or ~2"),
    ("北京~", "'北京~' at position 1: ~ finds English words spelled nearly alike; '北京' has no English letters"),
    ("1949~2", "'1949~2' at position 1: ~ finds English words spelled nearly alike; '1949' has no English"),
    ("1949~", "'1949~' at position 1: ~ finds English words spelled nearly alike; '1949' has no English"),
    ('""', "empty quotes at position 1"),
    ('a -" "', "empty quotes at position 4"),
    ('"劳动 模范"~abc', "'~abc' at position 8 should be ~ and a number of words"),
    ('"labor model"~3abc', "'~3abc' at position 14 should be ~ and a number of words"),
    ('"labor model"~', "'~' at position 14 should be ~ and a number of words"),
    ('"a b"~3-x', "'~3-x' at position 6 should be ~ and a number of words"),
    ("title:", "field 'title' has no value"),
    ("a title: ", "field 'title' has no value"),
    ("pro*tion", "'*' in 'pro*tion' at position 1 can only end a word"),
    ("a *劳", "'*' in '*劳' at position 3 can only end a word"),
])
def test_syntax_errors_have_one_line_messages(text, message):
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


# Sentences copied from real articles (a dateline, a dash, a quotation across sentences, *italics*, a bracket).
PASTED_PASSAGES = [
    "[Xinhua News Agency, Beijing, 1st] The",
    "Xinhua News Agency, 30th -- At the invitation",
    "问到她…她说：“我不怕坐牢。",
    "published in the *Hebei Daily*, captures",
    "the plan (1953",
    "figures] show",
]


@pytest.mark.parametrize("text", PASTED_PASSAGES)
def test_an_error_pasted_text_causes_suggests_quotes_and_quoting_works(text):
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert str(caught.value).endswith(PASTED_TEXT_HINT)
    assert parse_query(f'"{text}"') == Phrase(text)


def test_pasted_text_holding_a_double_quote_can_be_quoted_as_the_hint_says():
    text = 'the people." He said'
    with pytest.raises(QuerySyntaxError, match="in 「」 if it holds a"):
        parse_query(f'"{text}"')
    assert parse_query(f"「{text}」") == Phrase(text)


@pytest.mark.parametrize("text", ["", "date:1956-13", "soviet~3", "title:", '""', "page:x"])
def test_errors_quoting_would_not_fix_do_not_suggest_it(text):
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert PASTED_TEXT_HINT not in str(caught.value)


@pytest.mark.parametrize("text, tree", [
    ("人民所唾弃的人。”", Term("人民所唾弃的人。")),
    ("他说” 好」", And((Term("他说"), Term("好")))),
    ("“劳动模范”", Phrase("劳动模范")),
    ("「劳动模范」』", Phrase("劳动模范")),
])
def test_a_closing_quote_mark_without_an_opening_one_parts_words(text, tree):
    assert parse_query(text) == tree


@pytest.mark.parametrize("text, tree", [
    ("a -(b OR c)", And((Term("a"), Not(Or((Term("b"), Term("c"))))))),
    ('a -"b c"', And((Term("a"), Not(Phrase("b c"))))),
    ("a -title:b", And((Term("a"), Not(Term("b", "title"))))),
    ("a -title: b", And((Term("a"), Not(Term("b", "title"))))),
    ("a -Title： b", And((Term("a"), Not(Term("b", "title"))))),
    ("a -（b）", And((Term("a"), Not(Term("b"))))),
    ("苏联 -(-美国)", And((Term("苏联"), Not(Not(Term("美国")))))),
])
def test_minus_negates_groups_phrases_and_fields(text, tree):
    assert parse_query(text) == tree


@pytest.mark.parametrize("text", ["-", "a - b", "+", "a +", "--", "---", "a --", "-+", "－－"])
def test_a_lone_minus_or_plus_is_an_error(text):
    with pytest.raises(QuerySyntaxError, match="must stand right before a term"):
        parse_query(text)


def test_deep_nesting_and_huge_queries_are_syntax_errors():
    with pytest.raises(QuerySyntaxError, match="too deeply"):
        parse_query("(" * 3000 + "a" + ")" * 3000)
    with pytest.raises(QuerySyntaxError, match="longer than"):
        parse_query("劳动 " * 5000)


@pytest.mark.parametrize("text, distance", [("mthds~", 1), ("wrker~", 1), ("wrkers~", 2), ("producr~", 2), ("producr~1", 1)])
def test_fuzzy_distance_defaults_to_1_up_to_five_letters_and_2_above(text, distance):
    assert parse_query(text).distance == distance


def test_a_query_over_10000_characters_is_a_syntax_error():
    parse_query("劳" * 10_000)
    with pytest.raises(QuerySyntaxError, match="longer than 10,000 characters"):
        parse_query("劳" * 10_001)


@pytest.mark.parametrize("query, folded", [
    ('"劳动 模范"～5', '"劳动 模范"~5'), ("producr～", "producr~"), ("producr～2", "producr~2"),
    ("1949～1956", "1949～1956"),  # between digits: a range as Chinese text writes it, not an operator
    ("pH～7", "pH～7"),  # not a fuzzy distance (1 or 2): text
])
def test_a_full_width_tilde_after_a_quote_or_a_letter_is_the_operator(query, folded):
    assert parse_query(query) == parse_query(folded)


@pytest.mark.parametrize("text", ["1949~1956", "1949年~1956年", "北京~上海"])
def test_a_tilde_between_digits_or_chinese_is_a_range_as_text_not_an_error(text):
    assert parse_query(text) == Term(text)


@pytest.mark.parametrize("text", ["劳动 。", "date:1956 。", "— labor", "Ⅱ", '"。"', '"？！" OR 🙂'])
def test_punctuation_beside_something_to_search_is_no_error(text):
    assert parse_query(text)
