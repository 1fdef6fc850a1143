"""Tests for searchkit.acronyms: which tokens are the acronyms spelled like common words, and what they mean."""

import pytest

from searchkit.acronyms import acronym_meaning, may_hold_acronyms


@pytest.mark.parametrize("text, meaning", [
    ("US", "united states"), ("U.S.", "united states"), ("u.s.", "united states"), ("U.S", "united states"),
    ("WHO", "world health organization"), ("IT", "information technology"),
    ("us", None), ("Us", None), ("who", None), ("Beijing", None), ("USSR", None), ("AIDS", None),
    ("US's", "united states"), ("IT'S", None),
])
def test_an_acronym_typed_as_such_has_a_meaning_to_translate(text, meaning):
    assert acronym_meaning(text) == meaning


@pytest.mark.parametrize("text, may", [
    ("The US said", True), ("U.S. troops", True), ("a u.s. ship", True), ("WHO", True), ("AIDS", True),
    ("let us go, who knows, it is", False), ("Us and them", False),
])
def test_only_text_with_an_acronym_written_as_such_takes_the_slower_path(text, may):
    assert may_hold_acronyms(text) is may


def test_us_in_capitals_is_translated_as_the_country_with_cross():
    from searchkit.compiler import compile_query
    from searchkit.query import parse_query

    translations = {query: [t.translation for t in compile_query(parse_query(query), cross=True).translations]
                    for query in ("US", "U.S.", "us", "WHO")}
    assert "美国" in translations["US"] and translations["US"] == translations["U.S."]
    assert "我们" not in translations["US"] and "我们" in translations["us"]
    assert "世界卫生组织" in translations["WHO"]


@pytest.mark.parametrize("typed, wanted, unwanted", [
    ("AIDS", "艾滋病", "帮助"), ("A.I.D.S.", "艾滋病", "帮助"), ("aids", "艾滋病", None),
    ("US's", "美国", "我们"), ("IT", "信息技术", None),
])
def test_an_acronym_typed_in_capitals_is_translated_as_the_acronym(typed, wanted, unwanted):
    from searchkit.cross import chinese_for_typed

    words = chinese_for_typed(typed)
    assert wanted in words and (unwanted is None or unwanted not in words)
