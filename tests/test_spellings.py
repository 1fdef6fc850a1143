"""British and American spellings (spellings.py): each finds the other, in words, phrases and fields."""

from __future__ import annotations

import pytest

from searchkit import Index
from searchkit.spellings import other_spelling, respelled
from tests.conftest import built_index, marked


@pytest.mark.parametrize("word, other", [
    ("labour", ("us", "labor")), ("Labor", ("gb", "labour")), ("labourers", ("us", "laborers")),
    ("defence", ("us", "defense")), ("offences", ("us", "offenses")), ("centre", ("us", "center")),
    ("program", ("gb", "programme")), ("tonnes", ("us", "tons")),
    ("organisation", ("us", "organization")), ("nationalizations", ("gb", "nationalisations")),  # any -isation
    ("work", None), ("China", None), ("fares", None), ("borne", None),  # two words, not two spellings
])
def test_a_word_has_its_other_spelling(word, other):
    assert other_spelling(word) == other


def test_a_text_is_respelled_wholly_american_then_wholly_british():
    assert respelled("The Labour organization of national defence, 1956") == [
        "The labor organization of national defense, 1956", "The Labour organisation of national defence, 1956"]
    assert respelled("labor") == ["labour"] and respelled("national security") == []


@pytest.fixture(scope="module")
def spelling_index(tmp_path_factory):
    with Index.open(built_index(tmp_path_factory.mktemp("spellings"), {
        "british": {"title_en": "The Labour Hero",
                    "body_en": "Building the national defence of the centre. The organisation of labour grew."},
        "american": {"title_en": "A Labor Hero",
                     "body_en": "Building the national defense of the center. The organization of labor grew."},
        "other": {"body_en": "National security and the hero of the day."},
    })) as index:
        yield index


@pytest.mark.parametrize("query, british, american", [
    ("labour", ["labour"], ["labor"]),
    ("labor", ["labour"], ["labor"]),
    ("centre", ["centre"], ["center"]),
    ('"national defence"', ["national defence"], ["national defense"]),
    ('"national defense"', ["national defence"], ["national defense"]),
    ('"organization of labour"', ["organisation of labour"], ["organization of labor"]),
])
def test_either_spelling_finds_and_marks_both(spelling_index, query, british, american):
    hits = {hit.id: hit for hit in spelling_index.search(query).hits}
    assert sorted(hits) == ["american", "british"]
    for name, expected in (("british", british), ("american", american)):
        snippet = hits[name].snippet_en
        assert [text.lower() for text in marked(snippet)] == expected


def test_fields_and_negation_take_both_spellings(spelling_index):
    assert sorted(hit.id for hit in spelling_index.search("title:labour").hits) == ["american", "british"]
    assert [hit.id for hit in spelling_index.search("hero -labour").hits] == ["other"]


@pytest.mark.parametrize("word, other", [
    ("plowing", ("gb", "ploughing")), ("ploughed", ("us", "plowed")), ("plows", ("gb", "ploughs")),
])
def test_an_inflection_the_table_leaves_out_is_respelled_through_its_base(word, other):
    assert other_spelling(word) == other
    assert other_spelling("things") is None and other_spelling("ings") is None


@pytest.mark.parametrize("word, other", [
    ("centered", ("gb", "centred")), ("distilled", None), ("enrolled", None), ("toner", None), ("muming", None),
])
def test_an_inflection_drops_the_base_s_final_e_and_leaves_doubled_letters_alone(word, other):
    assert other_spelling(word) == other
